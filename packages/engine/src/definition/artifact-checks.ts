import type { StepOutput } from './schema.ts';
import type { Report } from './step-checks.ts';

/**
 * Each `needs_artifacts` id must be a step this one depends on, directly or through others:
 * only then have its artifacts been captured when this step starts.
 */
export function checkNeededArtifacts(steps: readonly StepOutput[], report: Report): void {
  if (!steps.some((step) => step.needs_artifacts !== undefined)) return;
  const byId = new Map(steps.map((step) => [step.id, step]));
  for (const [index, step] of steps.entries()) {
    const needed = step.needs_artifacts;
    if (needed === undefined) continue;
    const upstream = upstreamOf(step, byId);
    needed.forEach((id, at) => {
      if (upstream.has(id)) return;
      const reason = byId.has(id)
        ? `which is not upstream of it; add ${JSON.stringify(id)} to its depends_on`
        : 'which is not a step in this workflow';
      report(
        'missing-dependency',
        ['steps', index, 'needs_artifacts', at],
        `step ${JSON.stringify(step.id)} needs the artifacts of ${JSON.stringify(id)}, ${reason}`,
      );
    });
  }
}

function upstreamOf(step: StepOutput, byId: Map<string, StepOutput>): Set<string> {
  const seen = new Set<string>();
  const pending = [...(step.depends_on ?? [])];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(byId.get(id)?.depends_on ?? []));
  }
  return seen;
}
