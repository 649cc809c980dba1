import type { DecisionRecord, RunHeader, StepRecord, Store } from '@arcflow/db';

/** What `loadRunPeople` reads of a run: a full record or a page's summary. */
type RunWithSteps = Pick<RunHeader, 'id' | 'startedByUserId' | 'retoldFromRunId'> & {
  steps: ReadonlyArray<Pick<StepRecord, 'stepId' | 'action' | 'attemptCount'>>;
};

/** Who started a run: a signed-in user (with their id) or the local person (no id). */
export interface StartedBy {
  name: string;
  userId: string | null;
}

/** The people in a run's JSON: who started it, and the decisions on its ceremony steps. */
export interface RunPeople {
  startedBy: StartedBy | null;
  /** By step id: the decisions on the step's latest attempt, oldest first. */
  decisions: Map<string, DecisionRecord[]>;
}

/** Reads who started `run` and who decided its ceremony steps. */
export async function loadRunPeople(
  store: Pick<Store, 'users' | 'audit' | 'decisions'>,
  run: RunWithSteps,
): Promise<RunPeople> {
  const ceremonies = run.steps.filter((s) => s.action === 'request-review' && s.attemptCount > 0);
  const [startedBy, ...lists] = await Promise.all([
    startedByOf(store, run),
    ...ceremonies.map((s) => store.decisions.list(run.id, s.stepId, s.attemptCount)),
  ]);
  return {
    startedBy: startedBy as StartedBy | null,
    decisions: new Map(ceremonies.map((s, i) => [s.stepId, lists[i] as DecisionRecord[]])),
  };
}

/**
 * The user's display name for a run a signed-in user started; else the name the audit trail
 * recorded when the run was started (or rerun); null for runs older than the trail.
 */
async function startedByOf(
  store: Pick<Store, 'users' | 'audit'>,
  run: RunWithSteps,
): Promise<StartedBy | null> {
  const userId = run.startedByUserId;
  if (userId) {
    const user = await store.users.get(userId);
    if (user) return { name: user.name, userId };
  }
  const [entry] = await store.audit.list({
    targetType: 'run',
    targetId: run.id,
    actionPrefix: run.retoldFromRunId ? 'run.rerun' : 'run.start',
    limit: 1,
  });
  if (!entry) return userId ? { name: userId, userId } : null;
  return { name: entry.actorName, userId };
}
