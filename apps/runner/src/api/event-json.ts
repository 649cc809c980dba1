import type { RunEvent, RunEventType, StoryKind } from '@arcflow/engine';

/**
 * One event of a run's append-only log as the API and the WebSocket stream send it
 * (the `events` of `arcflow show --json`). `seq` starts at 1 and has no gaps.
 */
export interface RunEventJson {
  seq: number;
  type: RunEventType;
  /** ISO 8601. */
  at: string;
  stepId?: string;
  /** The step's attempt (1-based) the event belongs to. */
  attempt?: number;
  story: { kind: StoryKind; text: string };
  /** Machine-readable details, e.g. `{ exitCode, reason, lastLines }` of a failure. */
  data?: Record<string, unknown>;
}

/** An event of `runs.onEvent`: the event and the run it belongs to. */
export interface RunEventMessage {
  runId: string;
  event: RunEventJson;
}

export function eventToJson(event: RunEvent): RunEventJson {
  return {
    seq: event.seq,
    type: event.type,
    at: event.at.toISOString(),
    ...(event.stepId ? { stepId: event.stepId } : {}),
    ...(event.attempt ? { attempt: event.attempt } : {}),
    story: { kind: event.story.kind, text: event.story.text },
    ...(event.data ? { data: event.data } : {}),
  };
}
