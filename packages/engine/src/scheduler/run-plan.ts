import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { type IndexedGraph, indexGraph } from '../graph/indexed-graph.ts';
import { prepareStart, type StartPlan } from './step-start.ts';

/**
 * What the scheduler derives from a definition: its dependency graph (the graph module's one
 * index) and, per step, how it starts (`if:` and expressions, prepared when first needed).
 *
 * Owned by a run, not cached in a module: `initialRunState` builds one, and every state `decide`
 * returns carries it on to the next transition. A state that arrives without one (read back from
 * storage, or copied) or with one for another definition object gets a new one, in O(steps).
 * So two runs never share one by accident. The definition must not change while a run uses it.
 */
export class RunPlan {
  readonly graph: IndexedGraph<StepDefinition>;
  private readonly starts: (StartPlan | undefined)[] = [];

  constructor(readonly def: WorkflowDefinition) {
    this.graph = indexGraph(def.steps);
  }

  /** How many steps the plan indexes (a repeated id counts once). */
  get size(): number {
    return this.graph.steps.length;
  }

  /** The definition of step `i` (declaration index). */
  step(i: number): StepDefinition {
    const step = this.graph.steps[i];
    if (!step) throw new RangeError(`no step #${i} in workflow ${this.def.name}`);
    return step;
  }

  /** How step `i` starts, prepared the first time it is asked for. */
  start(i: number): StartPlan {
    let plan = this.starts[i];
    if (!plan) {
      plan = prepareStart(this.step(i));
      this.starts[i] = plan;
    }
    return plan;
  }
}
