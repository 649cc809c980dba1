import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../definition/types.ts';
import { indexGraph } from '../graph/indexed-graph.ts';
import { simulateRun, testStep, testWorkflow } from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import { carriedPlan } from './step-table.ts';
import type { RunState, SchedulerInput, SchedulerOptions } from './types.ts';

const options: SchedulerOptions = { maxParallel: 2, retryDelayMs: () => 1000 };
const at = (ms: number) => new Date(ms);

describe('the run plan', () => {
  const def = testWorkflow([testStep('a'), testStep('b', ['a']), testStep('c', ['a', 'b'])]);

  it('indexes the definition with the graph module’s index', () => {
    const plan = carriedPlan(initialRunState(def));
    expect(plan?.def).toBe(def);
    expect(plan?.graph).toEqual(indexGraph(def.steps));
  });

  it('is built by initialRunState, one per run, and handed on by every transition', () => {
    const first = initialRunState(def);
    const second = initialRunState(def);
    expect(carriedPlan(first)).not.toBe(carriedPlan(second));

    const started = decide(def, first, { type: 'start', at: at(0) }, options).state;
    const a = decide(def, started, { type: 'step-succeeded', stepId: 'a', at: at(1) }, options);
    expect(carriedPlan(started)).toBe(carriedPlan(first));
    expect(carriedPlan(a.state)).toBe(carriedPlan(first));
    // Reading (and so maybe editing) the steps record drops the snapshot, not the plan.
    expect(a.state.steps.b?.status).toBe('running');
    const b = decide(def, a.state, { type: 'step-succeeded', stepId: 'b', at: at(2) }, options);
    expect(carriedPlan(b.state)).toBe(carriedPlan(first));
  });

  it('hands on every step state a transition leaves alone as the same object', () => {
    // Wide enough that the steps span several of the step table's groups of 4,096.
    const wide = testWorkflow([
      testStep('root'),
      ...Array.from({ length: 9_000 }, (_, i) => testStep(`s${i}`, ['root'])),
    ]);
    const started = decide(wide, initialRunState(wide), { type: 'start', at: at(0) }, options);
    const root = { type: 'step-succeeded', stepId: 'root', at: at(1) } as const;
    const next = decide(wide, started.state, root, options);
    expect(next.commands.map((c) => c.type === 'start-step' && c.stepId)).toEqual(['s0', 's1']);
    const s1 = { type: 'step-succeeded', stepId: 's1', at: at(2) } as const;
    const after = decide(wide, next.state, s1, options);
    expect(after.commands.map((c) => c.type === 'start-step' && c.stepId)).toEqual(['s2']);
    const changed = Object.keys(after.state.steps).filter(
      (id) => after.state.steps[id] !== next.state.steps[id],
    );
    expect(changed).toEqual(['s1', 's2']);
    expect(next.state.steps.s1?.status).toBe('running');
    expect(after.state.steps.s8999).toBe(started.state.steps.s8999);
  });

  it('stays out of the state’s keys, its JSON and its copies', () => {
    const state = initialRunState(def);
    expect(Object.keys(state)).toEqual(['status', 'steps', 'resumed', 'cancelRequested', 'inputs']);
    expect(JSON.parse(JSON.stringify(state))).toEqual(structuredClone(state));
    expect(carriedPlan(structuredClone(state))).toBeUndefined();
    expect(carriedPlan({ ...state })).toBeUndefined();
  });

  it('is built for a state that arrives without one, and then handed on', () => {
    const stored: RunState = structuredClone(initialRunState(def));
    const t = decide(def, stored, { type: 'start', at: at(0) }, options);
    expect(carriedPlan(t.state)?.def).toBe(def);
    expect(t.commands).toMatchObject([{ type: 'start-step', stepId: 'a' }]);
  });

  it('is replaced when the state is decided with another definition', () => {
    // The same ids, but here b needs nothing: a state of `def` must not lend it def's graph.
    const other = testWorkflow([testStep('a'), testStep('b'), testStep('c', ['a', 'b'])]);
    const started = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options);
    expect(started.commands.map((c) => c.type === 'start-step' && c.stepId)).toEqual(['a']);
    const t = decide(other, started.state, { type: 'tick', at: at(1) }, options);
    expect(carriedPlan(t.state)?.def).toBe(other);
    expect(t.commands).toMatchObject([{ type: 'start-step', stepId: 'b' }]);
  });

  it('sees a definition changed in place before a new run starts', () => {
    // With per-definition caches in the module, the second run kept the first run's layout
    // and never had a step c.
    const grown = testWorkflow([testStep('a'), testStep('b', ['a'])]);
    expect(simulateRun(grown).timeline.map((t) => t.stepId)).toEqual(['a', 'b']);
    grown.steps.push(testStep('c', ['b'], { if: "inputs.go == 'yes'" }));
    grown.inputs = [{ name: 'go', type: 'string', default: 'yes' }] as WorkflowDefinition['inputs'];
    const again = simulateRun(grown);
    expect(Object.keys(again.state.steps)).toEqual(['a', 'b', 'c']);
    expect(again.timeline.map((t) => t.stepId)).toEqual(['a', 'b', 'c']);
    expect(again.state.status).toBe('succeeded');
  });
});

describe('two runs of different definitions, interleaved', () => {
  // The same step ids in other shapes, with conditions and a failure, so that a graph, a
  // layout or a start plan leaking from one run to the other would change what happens.
  const first = testWorkflow([
    testStep('a'),
    testStep('b', ['a']),
    testStep('c', ['b'], { if: "steps.b.status == 'succeeded'" }),
    testStep('d'),
    testStep('e', ['c', 'd']),
  ]);
  const second = testWorkflow(
    [
      testStep('e'),
      testStep('d', ['e']),
      testStep('c', ['d'], { if: 'steps.d.outputs.go' }),
      testStep('b', ['e']),
      testStep('a', ['c', 'b']),
      testStep('x', ['a']),
    ],
    { name: 'other-flow' },
  );
  const outcomes: Record<string, (stepId: string, atMs: number) => SchedulerInput> = {
    'test-flow': (stepId, atMs) =>
      stepId === 'b'
        ? {
            type: 'step-failed',
            stepId,
            at: at(atMs),
            failure: { reason: 'exit-code', message: 'exit 1', exitCode: 1 },
          }
        : { type: 'step-succeeded', stepId, at: at(atMs) },
    'other-flow': (stepId, atMs) => ({
      type: 'step-succeeded',
      stepId,
      at: at(atMs),
      outputs: stepId === 'd' ? { go: false } : {},
    }),
  };

  /** Drives one run a step at a time: each `next()` finishes the oldest running step. */
  function driver(def: WorkflowDefinition) {
    let state = initialRunState(def);
    let clock = 0;
    const running: string[] = [];
    const story: string[] = [];
    const feed = (input: SchedulerInput) => {
      const t = decide(def, state, input, options);
      state = t.state;
      for (const c of t.commands) if (c.type === 'start-step') running.push(c.stepId);
      for (const e of t.events) story.push(e.stepId ? `${e.type}:${e.stepId}` : e.type);
    };
    feed({ type: 'start', at: at(0) });
    return {
      story,
      state: () => state,
      next(): boolean {
        const stepId = running.shift();
        if (stepId === undefined) return false;
        clock += 1;
        feed(outcomes[def.name]!(stepId, clock));
        return true;
      },
    };
  }

  function alone(def: WorkflowDefinition) {
    const run = driver(def);
    while (run.next()) {}
    return { story: run.story, steps: run.state().steps, status: run.state().status };
  }

  it('each tell the story they tell alone', () => {
    const expectedFirst = alone(first);
    const expectedSecond = alone(second);
    expect(expectedFirst.status).toBe('failed');
    expect(expectedFirst.steps.c).toMatchObject({ status: 'skipped', skipReason: 'upstream' });
    expect(expectedSecond.status).toBe('succeeded');
    expect(expectedSecond.steps.c).toMatchObject({ status: 'skipped', skipReason: 'condition' });

    const one = driver(first);
    const two = driver(second);
    for (let busy = true; busy; ) busy = [one.next(), two.next()].some(Boolean);
    expect({ story: one.story, steps: one.state().steps, status: one.state().status }).toEqual(
      expectedFirst,
    );
    expect({ story: two.story, steps: two.state().steps, status: two.state().status }).toEqual(
      expectedSecond,
    );
  });
});
