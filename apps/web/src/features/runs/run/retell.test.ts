import { describe, expect, it } from 'vitest';
import type { RetellPreview } from '@/lib/api-types';
import { event } from '@/test/fixtures';
import {
  acknowledgedSteps,
  canConfirm,
  confirmLabel,
  effectLabel,
  fanRoleOf,
  previewHeadline,
  previewHint,
  rerunFrom,
  resumeLatestLabel,
  retellBlocked,
  retoldFromText,
  retoldMark,
  stepActions,
  stepChangeText,
  unacknowledged,
  withLatest,
} from './retell';
import { eventTone } from './story-tone';

function preview(more: Partial<RetellPreview> = {}): RetellPreview {
  return {
    kind: 'retry',
    runId: 'r1234abcd',
    workflow: 'ship',
    newRun: false,
    run: [
      {
        step: 'deploy',
        action: 'deploy',
        beat: null,
        reason: { kind: 'requested' },
        why: 'asked for',
        irreversible: 'deploys',
      },
      {
        step: 'notify',
        action: 'notify',
        beat: null,
        reason: { kind: 'downstream', of: 'deploy' },
        why: 'after "deploy"',
        irreversible: 'posts a notification',
      },
    ],
    keep: ['build'],
    removed: [],
    irreversible: [
      { step: 'deploy', effect: 'deploys' },
      { step: 'notify', effect: 'posts a notification' },
    ],
    definitionChange: null,
    ...more,
  } as RetellPreview;
}

describe('acknowledging irreversible effects', () => {
  it('keeps the confirm button disabled until every effect is ticked', () => {
    const p = preview();
    expect(canConfirm(p, new Set())).toBe(false);
    expect(unacknowledged(p, new Set(['deploy']))).toEqual(['notify']);
    expect(canConfirm(p, new Set(['deploy']))).toBe(false);
    expect(canConfirm(p, new Set(['deploy', 'notify']))).toBe(true);
  });

  it('cannot confirm before the preview is there; a plan without effects needs nothing', () => {
    expect(canConfirm(undefined, new Set())).toBe(false);
    expect(canConfirm(preview({ irreversible: [] }), new Set())).toBe(true);
  });

  it('tells the runner only the steps the preview asked about, in its order', () => {
    expect(acknowledgedSteps(preview(), new Set(['notify', 'stale', 'deploy']))).toEqual([
      'deploy',
      'notify',
    ]);
  });

  it('names the effect and where it already happened', () => {
    const effect = { step: 'deploy', effect: 'deploys' };
    expect(effectLabel(effect, preview())).toBe(
      'Run "deploy" again — it deploys, and already did in this run',
    );
    expect(effectLabel(effect, preview({ newRun: true }))).toBe(
      'Run "deploy" again — it deploys, and already did in run r1234abcd',
    );
    // A step the run took over from another one: the effect happened there.
    expect(effectLabel(effect, preview(), 'r0ld00000')).toBe(
      'Run "deploy" again — it deploys, and already did in run r0ld00000',
    );
  });
});

describe('the preview’s words', () => {
  it('heads each kind of re-telling', () => {
    expect(previewHeadline({ kind: 'resume', runId: 'r1', latest: true })).toBe(
      'Resume run r1 with the current definition',
    );
    expect(previewHeadline({ kind: 'retry', runId: 'r1', step: 'test' })).toBe(
      'Retry "test" in run r1',
    );
    expect(previewHeadline({ kind: 'retry', runId: 'r1', step: 'test', downstream: true })).toBe(
      'Retry "test" and everything after it in run r1',
    );
    expect(previewHeadline({ kind: 'rerun', runId: 'r1', from: 'test' })).toBe(
      'A new run re-telling run r1 from "test"',
    );
    expect(previewHeadline({ kind: 'rerun', runId: 'r1', only: ['a', 'b'] })).toBe(
      'A new run re-telling run r1 of only "a", "b"',
    );
    expect(previewHeadline({ kind: 'rerun', runId: 'r1' })).toBe('A new run re-telling run r1');
  });

  it('says where the telling goes on and on which revision', () => {
    expect(previewHint(preview())).toMatch(/^Run r1234abcd goes on/);
    const change = {
      from: 'aaaaaaa',
      to: 'bbbbbbb',
      changeCount: 1,
      steps: [],
      workflow: [],
      yaml: { before: '', after: '' },
      unifiedDiff: '',
    };
    expect(previewHint(preview({ newRun: true, definitionChange: change }))).toBe(
      'A new run of ship starts; run r1234abcd stays as it was told. It runs revision bbbbbbb (the run told aaaaaaa).',
    );
  });

  it('labels the confirm button with what it will do', () => {
    expect(confirmLabel(preview())).toBe('Retry: run 2 steps');
    expect(confirmLabel(preview({ kind: 'rerun', newRun: true, run: [] }))).toBe(
      'Start the new run',
    );
    expect(resumeLatestLabel(1)).toBe('Resume with the current definition (1 change)');
    expect(resumeLatestLabel(3)).toBe('Resume with the current definition (3 changes)');
  });

  it('tells each kind of step change; a removed step is cut from the story', () => {
    expect(
      stepChangeText({ step: 'a', kind: 'changed', parts: ['with', 'env'], cosmetic: [] }),
    ).toBe('with, env changed');
    expect(stepChangeText({ step: 'a', kind: 'cosmetic', cosmetic: ['beat'] })).toBe(
      'beat reworded — keeps its result',
    );
    expect(stepChangeText({ step: 'a', kind: 'added' })).toBe('added');
    expect(stepChangeText({ step: 'a', kind: 'removed' })).toBe('removed — cut from the story');
  });
});

describe('requests', () => {
  it('offers the four re-tellings of a step', () => {
    expect(stepActions('r1', 'deploy').map((a) => [a.label, a.request])).toEqual([
      ['Retry this step', { kind: 'retry', runId: 'r1', step: 'deploy', downstream: false }],
      [
        'Retry with everything after it',
        { kind: 'retry', runId: 'r1', step: 'deploy', downstream: true },
      ],
      ['Rerun from here (new run)', { kind: 'rerun', runId: 'r1', from: 'deploy', latest: false }],
      ['Rerun only this step', { kind: 'rerun', runId: 'r1', only: ['deploy'], latest: false }],
    ]);
  });

  it('retries an instance with what follows, and a fanned-out step through its failed instances', () => {
    expect(fanRoleOf({ instanceOf: 'test' })).toBe('instance');
    expect(fanRoleOf({ fanOut: 'matrix' })).toBe('join');
    expect(fanRoleOf({})).toBeNull();
    expect(stepActions('r1', 'test[22,mac]', 'instance').map((a) => [a.label, a.request])).toEqual([
      [
        'Retry this instance',
        { kind: 'retry', runId: 'r1', step: 'test[22,mac]', downstream: true },
      ],
      [
        'Rerun from here (new run)',
        { kind: 'rerun', runId: 'r1', from: 'test[22,mac]', latest: false },
      ],
    ]);
    expect(stepActions('r1', 'test', 'join')[0]).toEqual({
      id: 'retry-failed-instances',
      label: 'Retry failed instances',
      request: { kind: 'retry', runId: 'r1', step: 'test', downstream: true },
    });
  });

  it('names a retry of a fanned-out step or an instance as such', () => {
    const retry = { kind: 'retry', runId: 'r1', step: 'test', downstream: true } as const;
    expect(previewHeadline(retry, 'join')).toBe(
      'Retry the failed instances of "test" and what follows in run r1',
    );
    expect(previewHeadline({ ...retry, step: 'test[22]' }, 'instance')).toBe(
      'Retry the instance "test[22]" and what follows in run r1',
    );
    expect(previewHeadline(retry)).toBe('Retry "test" and everything after it in run r1');
  });

  it('refuses while the run is still going', () => {
    expect(retellBlocked({ id: 'r1', status: 'running' })).toMatch(/still running/);
    expect(retellBlocked({ id: 'r1', status: 'succeeded' })).toBeNull();
    expect(retellBlocked({ id: 'r1', status: 'failed' })).toBeNull();
  });

  it('switches a rerun to another step or definition; a retry has no `latest`', () => {
    expect(rerunFrom({ kind: 'rerun', runId: 'r1', only: ['a'] }, 'b')).toEqual({
      kind: 'rerun',
      runId: 'r1',
      from: 'b',
    });
    expect(withLatest({ kind: 'rerun', runId: 'r1' }, true)).toEqual({
      kind: 'rerun',
      runId: 'r1',
      latest: true,
    });
    const retry = { kind: 'retry', runId: 'r1', step: 'a' } as const;
    expect(withLatest(retry, true)).toBe(retry);
  });
});

describe('a re-told run', () => {
  it('banners a rerun with where it began and what it took over', () => {
    expect(
      retoldFromText({
        runId: 'r1',
        telling: { kind: 'rerun', fromRun: 'r1', from: 'test', latest: false, kept: 2 },
      }),
    ).toEqual({
      lead: 'A re-telling of run',
      runId: 'r1',
      tail: ' from "test"; 2 steps taken over as told there',
    });
    expect(
      retoldFromText({
        runId: 'r1',
        telling: { kind: 'rerun', fromRun: 'r1', latest: true, kept: 0 },
      }).tail,
    ).toBe(' from the start, on the current definition');
  });

  it('marks a revision switch on the arc as such, and the other re-tellings', () => {
    const retold = (data: unknown) => ({ ...event(9, 'run.retold', 'return'), data });
    expect(
      retoldMark(retold({ kind: 'resume-latest', fromRevision: 'aaaaaaa', toRevision: 'bbbbbbb' })),
    ).toBe('revision aaaaaaa → bbbbbbb');
    expect(
      retoldMark(retold({ kind: 'resume-latest', fromRevision: 'aaaaaaa', toRevision: 'aaaaaaa' })),
    ).toBe('resumed');
    expect(retoldMark(retold({ kind: 'retry', step: 'deploy', downstream: false }))).toBe(
      'retry "deploy"',
    );
    expect(retoldMark(retold({ kind: 'rerun', fromRun: 'r1' }))).toBe('re-telling of r1');
    expect(retoldMark(event(3, 'run.resumed', 'return'))).toBeNull();
  });

  it('tells a re-telling in its own tone, whatever its story kind', () => {
    expect(eventTone(event(1, 'run.retold', 'exposition'))).toBe('retold');
    expect(eventTone(event(2, 'run.retold', 'return'))).toBe('retold');
    expect(eventTone(event(3, 'run.resumed', 'return'))).toBe('ceremony');
    expect(eventTone(event(4, 'run.started', 'exposition'))).toBe('neutral');
  });
});
