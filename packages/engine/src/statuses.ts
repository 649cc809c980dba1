export const RunStatus = {
  queued: 'queued',
  running: 'running',
  waiting: 'waiting',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export const RUN_STATUSES = Object.values(RunStatus);

export const StepStatus = {
  pending: 'pending',
  running: 'running',
  waiting: 'waiting',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  canceled: 'canceled',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];
export const STEP_STATUSES = Object.values(StepStatus);

/** The one list of states a run never leaves (except through resume). */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'canceled'];
export const FINAL_STEP_STATUSES: readonly StepStatus[] = [
  'succeeded',
  'failed',
  'skipped',
  'canceled',
];

export const isFinalRunStatus = (status: RunStatus): boolean => FINAL_RUN_STATUSES.includes(status);
export const isFinalStepStatus = (status: StepStatus): boolean =>
  FINAL_STEP_STATUSES.includes(status);
/** A run that may be resumed: something in it did not succeed. */
export const isResumableRunStatus = (status: RunStatus): boolean =>
  status === 'failed' || status === 'canceled';
/** Steps that a resume runs again as a new attempt. */
export const isRerunOnResume = (status: StepStatus): boolean =>
  status === 'failed' || status === 'skipped' || status === 'canceled';

export const Universe = { engineer: 'engineer', ceremony: 'ceremony', story: 'story' } as const;
export type Universe = (typeof Universe)[keyof typeof Universe];
export const UNIVERSES = Object.values(Universe);
