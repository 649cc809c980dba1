import type { RunChange } from '@arcflow/db';

type StepChange = NonNullable<RunChange['steps']>[number];
type AttemptFinished = NonNullable<RunChange['attemptsFinished']>[number];

/**
 * Folds the changes of several transitions decided one after another (one scheduler tick)
 * into one change that leaves storage as applying them in order would: run fields and
 * each step's fields as the last transition that set them left them, attempts and events
 * appended in order. A `resumeCountIncrement` counts once per tick, as a tick begins at
 * most one re-telling or resume.
 */
export function mergeRunChanges(changes: readonly RunChange[]): RunChange {
  if (changes.length === 1) return changes[0]!;
  const merged: RunChange = { events: [], steps: [], attemptsStarted: [], attemptsFinished: [] };
  const steps = new Map<string, StepChange>();
  const finished = new Map<string, AttemptFinished>();
  for (const change of changes) {
    if (change.run) merged.run = { ...merged.run, ...defined(change.run) };
    if (change.definitionSwitch) merged.definitionSwitch = change.definitionSwitch;
    for (const step of change.steps ?? []) {
      const before = steps.get(step.stepId);
      steps.set(step.stepId, before ? { ...before, ...defined(step) } : step);
    }
    merged.attemptsStarted!.push(...(change.attemptsStarted ?? []));
    for (const attempt of change.attemptsFinished ?? []) {
      finished.set(`${attempt.stepId}#${attempt.number}`, attempt);
    }
    merged.events.push(...change.events);
    if (change.logs?.length) merged.logs = [...(merged.logs ?? []), ...change.logs];
  }
  merged.steps = [...steps.values()];
  merged.attemptsFinished = [...finished.values()];
  return merged;
}

/** The object without its undefined fields: undefined means "leave as it is" in a change. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
