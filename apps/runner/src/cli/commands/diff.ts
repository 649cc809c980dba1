import pc from 'picocolors';
import { RevisionService } from '../../service/revision-service.ts';
import { withSession } from '../../session/session.ts';
import { unifiedDiff } from '../../workflows/unified-diff.ts';
import { out } from '../output.ts';

function colorLine(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return pc.bold(line);
  if (line.startsWith('@@')) return pc.cyan(line);
  if (line.startsWith('+')) return pc.green(line);
  if (line.startsWith('-')) return pc.red(line);
  return line;
}

/**
 * `arcflow diff <workflow> <revA> <revB>`: a unified diff between two revisions (short id,
 * hash prefix or id; `current` is the file on disk).
 */
export async function diffCommand(
  workflow: string,
  revA: string,
  revB: string,
  options: { workspace?: string },
): Promise<number> {
  return withSession(options.workspace, 'diff', async (session) => {
    const revisions = new RevisionService(session);
    const target = await revisions.workflow(workflow);
    const a = await revisions.content(target, revA);
    const b = await revisions.content(target, revB);
    const diff = unifiedDiff(a.yaml, b.yaml, a.label, b.label);
    if (!diff) {
      out(pc.dim(`${a.label} and ${b.label} are the same`));
      return 0;
    }
    for (const line of diff.trimEnd().split('\n')) out(colorLine(line));
    return 0;
  });
}
