import type { RunDetail, RunEvent, RunStep, StoryKind } from '@/lib/api-types';

/** Test data: an event of a run, with only the fields the web reads. */
export function event(
  seq: number,
  type: RunEvent['type'],
  kind: StoryKind,
  options: { stepId?: string; at?: string; text?: string } = {},
): RunEvent {
  return {
    seq,
    type,
    stepId: options.stepId ?? null,
    at: options.at ?? new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    story: { kind, text: options.text ?? `${kind} ${seq}` },
  } as unknown as RunEvent;
}

/** Test data: a step of a run. */
export function step(id: string, status: RunStep['status'], more: Partial<RunStep> = {}): RunStep {
  return {
    id,
    status,
    universe: 'engineer',
    action: 'shell',
    beat: null,
    ...more,
  } as unknown as RunStep;
}

/** Test data: a run with these steps and events. */
export function run(more: Partial<RunDetail> & Pick<RunDetail, 'steps' | 'events'>): RunDetail {
  return {
    id: 'r1',
    workflow: 'demo',
    status: 'running',
    resumeCount: 0,
    createdAt: '2026-01-01T12:00:00.000Z',
    startedAt: '2026-01-01T12:00:00.000Z',
    finishedAt: null,
    ...more,
  } as unknown as RunDetail;
}
