import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Universe } from '@/lib/api-types';
import type { StepNode } from '@/ui/dag/types';

const UNIVERSES: readonly string[] = ['engineer', 'ceremony', 'story'];

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : value == null ? null : String(value);
}

/**
 * The steps of a workflow's YAML with their line ranges. Meant for text the engine has just
 * called valid; on anything else it returns what it can read.
 */
export function readSteps(text: string): StepNode[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const steps = doc.get('steps', true);
  if (!isSeq(steps)) return [];
  const nodes: StepNode[] = [];
  for (const item of steps.items) {
    if (!isMap(item)) continue;
    const id = asString(item.get('id'));
    if (!id) continue;
    const universe = asString(item.get('universe')) ?? 'engineer';
    const deps = item.get('depends_on', true);
    const dependsOn = isSeq(deps)
      ? deps.items.map((d) => asString(isScalar(d) ? d.value : d)).filter((d): d is string => !!d)
      : isScalar(deps) && typeof deps.value === 'string'
        ? [deps.value]
        : [];
    const range = item.range ?? [0, 0, 0];
    const uses = asString(item.get('uses'));
    nodes.push({
      id,
      action: asString(item.get('action')) ?? (uses ? 'workflow' : '?'),
      ...(uses ? { uses } : {}),
      universe: (UNIVERSES.includes(universe) ? universe : 'engineer') as Universe,
      beat: asString(item.get('beat')),
      dependsOn,
      startLine: lineCounter.linePos(range[0]).line,
      // The range ends where the next item starts; step back over the trailing newline.
      endLine: lineCounter.linePos(Math.max(range[0], range[1] - 1)).line,
    });
  }
  return nodes;
}

/** The lines of step `id` in the current text: its parsed range, else the `- id: <id>` line. */
export function findStepLines(text: string, id: string): { start: number; end: number } | null {
  const step = readSteps(text).find((s) => s.id === id);
  if (step) return { start: step.startLine, end: step.endLine };
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*-\\s*id:\\s*["']?${escaped}["']?\\s*(#.*)?$`);
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  return index < 0 ? null : { start: index + 1, end: index + 1 };
}
