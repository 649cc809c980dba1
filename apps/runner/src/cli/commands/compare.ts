import {
  type ComparedStep,
  type CompareRow,
  type CompareVerdict,
  type DefinitionDiff,
  divergenceText,
  type WorkflowChange,
} from '@arcflow/engine';
import pc from 'picocolors';
import {
  type BaselinePick,
  type ComparedRunHeader,
  type CompareResult,
  CompareService,
} from '../../service/compare-service.ts';
import { withSession } from '../../session/session.ts';
import { colorStatus, formatDuration, out, printJson, STATUS_ICON } from '../output.ts';
import { toCliError } from '../service-errors.ts';

/** What marks the first divergence's row (always; on a terminal the row is coloured too). */
const DIVERGENCE_MARK = '▶';
/** An output value is cut to this many characters in the table. */
const MAX_VALUE_CHARS = 40;

const PICKED: Record<BaselinePick, string> = {
  given: '',
  'last-green-before': 'the last green run before it',
  'latest-green': 'the latest green run (none before it)',
};

const VERDICT: Record<CompareVerdict, string> = {
  same: 'same',
  'status-differs': 'status differs',
  'outputs-differ': 'outputs differ',
  'definition-changed': 'definition changed',
  'only-in-a': 'only in A',
  'only-in-b': 'only in B',
};

/**
 * `arcflow compare <runA> [<runB>]`: the two runs beat by beat, where their stories first
 * diverge, and how their definitions differ. Without runB, A's last green run.
 */
export async function compareCommand(
  runA: string,
  runB: string | undefined,
  options: { workspace?: string; json?: boolean },
): Promise<number> {
  return withSession(options.workspace, 'compare', async (session) => {
    let result: CompareResult;
    try {
      result = await new CompareService(session).compare(runA, runB);
    } catch (error) {
      throw toCliError(error, session.db);
    }
    if (options.json) printJson(result);
    else printComparison(result);
    return 0;
  });
}

function printComparison(result: CompareResult): void {
  const { comparison } = result;
  out(`${pc.bold('A')}  ${headerLine(result.a)}`);
  const why = PICKED[result.picked];
  out(`${pc.bold('B')}  ${headerLine(result.b)}${why ? pc.dim(` · ${why}`) : ''}`);
  for (const note of result.notes) out(pc.yellow(`   ${note}`));
  out();
  printTable(comparison.rows, comparison.firstDivergence?.step ?? null);
  out();
  if (comparison.firstDivergence) {
    const text = divergenceText(comparison.firstDivergence, 'A', 'B');
    out(`${pc.red(DIVERGENCE_MARK)} ${pc.bold(`The stories diverge here: ${text}`)}`);
  } else {
    out(pc.green('The stories do not diverge: every beat ended the same way in both runs.'));
  }
  out();
  printDefinitionChanges(comparison.definition, result.yamlDiff);
}

function headerLine(run: ComparedRunHeader): string {
  const revision = run.revision ? `@${run.revision.shortId}` : '';
  const duration = run.durationMs === null ? '' : pc.dim(` · ${formatDuration(run.durationMs)}`);
  return `run ${pc.bold(run.id)}  ${run.workflow}${pc.dim(revision)}  ${STATUS_ICON[run.status]} ${colorStatus(run.status)}${duration} ${pc.dim(`· ${run.createdAt.toLocaleString()}`)}`;
}

/** A side of a row as plain text (coloured after padding): `✓ succeeded 1.2s ×2`. */
function sideText(step: ComparedStep | null): { plain: string; colored: string } {
  if (step === null) return { plain: '—', colored: pc.dim('—') };
  const duration = step.durationMs === null ? '' : ` ${formatDuration(step.durationMs)}`;
  const attempts = step.attempts > 1 ? ` ×${step.attempts}` : '';
  return {
    plain: `${step.status}${duration}${attempts}`,
    colored: `${colorStatus(step.status)}${pc.dim(`${duration}${attempts}`)}`,
  };
}

function delta(ms: number | null): string {
  if (ms === null) return '';
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  return `${sign}${formatDuration(Math.abs(ms))}`;
}

function printTable(rows: readonly CompareRow[], divergence: string | null): void {
  const sides = rows.map((row) => ({ a: sideText(row.a), b: sideText(row.b) }));
  const widths = {
    step: Math.max(4, ...rows.map((r) => r.step.length)),
    a: Math.max(1, ...sides.map((s) => s.a.plain.length)),
    b: Math.max(1, ...sides.map((s) => s.b.plain.length)),
    delta: Math.max(7, ...rows.map((r) => delta(r.durationDeltaMs).length)),
  };
  out(
    pc.dim(
      `  ${'beat'.padEnd(widths.step)}  ${'A'.padEnd(widths.a)}  ${'B'.padEnd(widths.b)}  ${'A − B'.padStart(widths.delta)}  verdict`,
    ),
  );
  rows.forEach((row, index) => {
    const side = sides[index]!;
    const diverges = row.step === divergence;
    const mark = diverges ? pc.red(DIVERGENCE_MARK) : ' ';
    const step = diverges
      ? pc.bold(pc.red(row.step.padEnd(widths.step)))
      : row.step.padEnd(widths.step);
    const a = side.a.colored + ' '.repeat(widths.a - side.a.plain.length);
    const b = side.b.colored + ' '.repeat(widths.b - side.b.plain.length);
    const verdict = row.verdict === 'same' ? pc.dim(VERDICT.same) : VERDICT[row.verdict];
    const tail = diverges ? pc.red('  ← the stories diverge here') : '';
    out(
      `${mark} ${step}  ${a}  ${b}  ${pc.dim(delta(row.durationDeltaMs).padStart(widths.delta))}  ${verdict}${tail}`,
    );
    if (row.definition.kind === 'changed') {
      out(pc.dim(`  ${' '.repeat(widths.step)}  definition: ${row.definition.parts.join(', ')}`));
    }
    for (const output of row.outputs) {
      out(
        pc.dim(
          `  ${' '.repeat(widths.step)}  ${output.key}: ${value(output, 'a')} → ${value(output, 'b')}`,
        ),
      );
    }
  });
}

function value(output: { a?: unknown; b?: unknown }, side: 'a' | 'b'): string {
  if (!(side in output)) return '(none)';
  const text = JSON.stringify(output[side]) ?? String(output[side]);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function printDefinitionChanges(diff: DefinitionDiff, yamlDiff: string): void {
  if (diff.changeCount === 0 && diff.workflow.length === 0 && yamlDiff === '') {
    out(pc.dim('Both ran the same definition.'));
    return;
  }
  const count = `${diff.changeCount} step change${diff.changeCount === 1 ? '' : 's'}`;
  out(`${pc.bold('Definition changes')} ${pc.dim(`from B to A · ${count}`)}`);
  for (const change of diff.steps) {
    switch (change.kind) {
      case 'added':
        out(`  ${pc.green('+')} ${change.step} ${pc.dim('(only in A)')}`);
        break;
      case 'removed':
        out(`  ${pc.red('-')} ${change.step} ${pc.dim('(only in B)')}`);
        break;
      case 'changed':
        out(
          `  ${pc.yellow('~')} ${change.step} ${pc.dim(`${[...change.parts, ...change.cosmetic].join(', ')}`)}`,
        );
        break;
      case 'cosmetic':
        out(`  ${pc.dim(`· ${change.step} ${change.cosmetic.join(', ')} (how it is told)`)}`);
        break;
      case 'unchanged':
        break;
      default: {
        const unexpected: never = change;
        throw new Error(`unknown step change ${JSON.stringify(unexpected)}`);
      }
    }
  }
  for (const change of diff.workflow) out(`  ${pc.yellow('~')} workflow ${workflowChange(change)}`);
  if (yamlDiff) {
    out();
    for (const line of yamlDiff.trimEnd().split('\n')) out(colorDiffLine(line));
  }
}

function workflowChange(change: WorkflowChange): string {
  switch (change.part) {
    case 'env':
      return `env: ${change.keys.join(', ')}`;
    case 'inputs':
      return `inputs: ${change.names.join(', ')}`;
    case 'max_parallel':
      return `max_parallel: ${change.before ?? 'default'} → ${change.after ?? 'default'}`;
    case 'name':
      return `name: ${change.before} → ${change.after}`;
    case 'text':
      return `text: ${change.fields.join(', ')}`;
    default: {
      const unexpected: never = change;
      throw new Error(`unknown workflow change ${JSON.stringify(unexpected)}`);
    }
  }
}

function colorDiffLine(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return pc.bold(line);
  if (line.startsWith('@@')) return pc.cyan(line);
  if (line.startsWith('+')) return pc.green(line);
  if (line.startsWith('-')) return pc.red(line);
  return line;
}
