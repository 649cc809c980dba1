import type { ClaimedRun, RunRecord } from '@arcflow/db';
import type { RunEvent, RunState } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { createRunnerMetrics } from './metrics.ts';
import { RunObserver } from './run-observer.ts';
import type { SpanSink, StepSpan, TellingSpan } from './spans.ts';

/** Keeps the spans the observer describes. */
function collectingSink() {
  const tellings: TellingSpan[] = [];
  const steps: StepSpan[] = [];
  const sink: SpanSink = {
    telling: (span) => void tellings.push(span),
    step: (span) => void steps.push(span),
    shutdown: async () => {},
  };
  return { sink, tellings, steps };
}

const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, second));

/** The fields of a run record the observer reads. */
function runRecord(fields: Partial<RunRecord>): RunRecord {
  return {
    id: 'r1',
    workflowName: 'deploy',
    createdAt: at(0),
    startedAt: null,
    resumeCount: 0,
    event: null,
    definition: { name: 'deploy', steps: [{ id: 'ship', beat: 'It ships' }] },
    ...fields,
  } as unknown as RunRecord;
}

const event = (fields: Partial<RunEvent> & Pick<RunEvent, 'type'>): RunEvent => ({
  seq: 1,
  at: at(10),
  story: { kind: 'beat', text: 'told' },
  ...fields,
});
const state = {} as RunState;

const value = async (metrics: ReturnType<typeof createRunnerMetrics>, name: string) =>
  (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];

describe('what the observer makes of a claimed run', () => {
  it('counts a takeover, and exports the attempt the dead runner left as interrupted', async () => {
    const metrics = createRunnerMetrics();
    const { sink, steps, tellings } = collectingSink();
    const adopt: ClaimedRun = { id: 'r1', kind: 'adopt', previousOwner: 'gone-1' };
    const feed = new RunObserver(metrics, sink, () => at(20)).runClaimed(
      adopt,
      runRecord({ startedAt: at(1) }),
    );
    feed(
      event({
        type: 'step.failed',
        stepId: 'ship',
        attempt: 1,
        at: at(20),
        story: { kind: 'tension', text: 'its runner stopped' },
        data: { reason: 'interrupted', durationMs: 15_000 },
      }),
      state,
    );
    feed(
      event({ type: 'run.failed', at: at(21), story: { kind: 'climax', text: 'ended' } }),
      state,
    );

    expect((await value(metrics, 'arcflow_lease_takeovers_total'))[0]?.value).toBe(1);
    const waits = await value(metrics, 'arcflow_queue_wait_seconds');
    // A takeover is no wait in the queue.
    expect(
      waits.find(
        (v) => (v as { metricName?: string }).metricName === 'arcflow_queue_wait_seconds_count',
      )?.value,
    ).toBe(0);
    expect(steps).toEqual([
      expect.objectContaining({
        stepId: 'ship',
        attempt: 1,
        telling: 0,
        status: 'interrupted',
        startedAt: at(5),
        beat: 'It ships',
      }),
    ]);
    expect(tellings).toEqual([
      expect.objectContaining({ telling: 0, startedAt: at(1), tension: 'its runner stopped' }),
    ]);
  });

  it("numbers tellings as the run's resume count does: a rerun's first re-telling is its first", () => {
    const metrics = createRunnerMetrics();
    const { sink, tellings } = collectingSink();
    const observer = new RunObserver(metrics, sink, () => at(2));
    const ending = event({ type: 'run.succeeded', story: { kind: 'resolution', text: 'done' } });

    const rerun = observer.runClaimed(
      { id: 'r2', kind: 'start', previousOwner: null },
      runRecord({ id: 'r2' }),
    );
    rerun(event({ type: 'run.retold' }), state);
    rerun(ending, state);

    const resumed = observer.runClaimed(
      { id: 'r1', kind: 'resume', previousOwner: null },
      runRecord({ startedAt: at(1), resumeCount: 1 }),
    );
    resumed(event({ type: 'run.resumed', at: at(3) }), state);
    resumed(ending, state);

    expect(tellings.map((span) => [span.runId, span.telling])).toEqual([
      ['r2', 0],
      ['r1', 2],
    ]);
    expect(tellings[1]?.startedAt).toEqual(at(3));
  });
});
