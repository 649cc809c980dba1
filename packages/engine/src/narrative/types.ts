/**
 * Where an event sits in the story of the run:
 * - exposition: the run starts (the workflow's narrative)
 * - rising: a step begins, or a retry is attempted
 * - beat: a step succeeded
 * - tension: a step failed, timed out or was interrupted
 * - fallout: steps skipped because something upstream broke
 * - climax: the run ends failed or canceled (the open tension)
 * - resolution: a resumed run succeeded
 * - denouement: a run succeeded at its first telling
 * - return: a run resumes after a failure
 * - suspense: a ceremony step waits for people to decide
 * - verdict: someone approved or rejected a waiting step
 */
export const StoryKind = {
  exposition: 'exposition',
  rising: 'rising',
  beat: 'beat',
  tension: 'tension',
  fallout: 'fallout',
  climax: 'climax',
  return: 'return',
  resolution: 'resolution',
  denouement: 'denouement',
  suspense: 'suspense',
  verdict: 'verdict',
} as const;
export type StoryKind = (typeof StoryKind)[keyof typeof StoryKind];

export const RunEventType = {
  runStarted: 'run.started',
  runResumed: 'run.resumed',
  /** Resumed on a newer revision, a step retried, or a rerun started (`Telling` in `data`). */
  runRetold: 'run.retold',
  runSucceeded: 'run.succeeded',
  runFailed: 'run.failed',
  runCancelRequested: 'run.cancel-requested',
  runCanceled: 'run.canceled',
  stepStarted: 'step.started',
  stepSucceeded: 'step.succeeded',
  stepFailed: 'step.failed',
  stepRetrying: 'step.retrying',
  stepSkipped: 'step.skipped',
  stepCanceled: 'step.canceled',
  stepWaiting: 'step.waiting',
  stepApproved: 'step.approved',
  stepRejected: 'step.rejected',
  /** A `for_each` step's list arrived: its instances (`data.instances`) and items (`data.items`). */
  stepExpanded: 'step.expanded',
} as const;
export type RunEventType = (typeof RunEventType)[keyof typeof RunEventType];

export interface Story {
  kind: StoryKind;
  text: string;
}

/** An event as the engine produces it; storage assigns `seq`. */
export interface NewRunEvent {
  type: RunEventType;
  at: Date;
  stepId?: string;
  /** Attempt number (1-based) the event belongs to, for step events. */
  attempt?: number;
  story: Story;
  /** Machine-readable details, e.g. `{ exitCode, reason, lastLines }` for failures. */
  data?: Record<string, unknown>;
}

export interface RunEvent extends NewRunEvent {
  seq: number;
}
