import type { ChildRunSummary, RunOverview, StepSummary } from '@arcflow/db';
import type { RunEvent } from '@arcflow/engine';
import { decisionRulesFrom } from '../service/decision-rules.ts';
import { approvalJson, eventsJson, runHeaderJson } from './run-json.ts';
import type { RunPeople } from './run-people.ts';

/**
 * A run as its page first paints it (`runs.overview`): the run's fields as `runToJson` has
 * them, and each step summarised — what it is, where it stands, when it ran, its latest
 * failure's message — without outputs or failure details (`runs.get` has them). Fields that
 * say nothing are left out: at 5,000 steps every byte is 5,000 bytes.
 */
export function runOverviewToJson(
  run: RunOverview,
  events: RunEvent[],
  people?: RunPeople,
  children: readonly ChildRunSummary[] = [],
) {
  const toJson = (step: StepSummary) => ({
    ...stepSummaryJson(step),
    ...approvalJson(
      step,
      decisionRulesFrom(step.approvalInputs, run.fourEyes),
      people?.decisions.get(step.stepId),
    ),
  });
  return {
    ...runHeaderJson(run, people),
    steps: run.steps.map(toJson),
    /** Steps the run had before it went on with a definition without them. */
    removedSteps: run.removedSteps.map(toJson),
    /** Sub-workflows: the child runs its `uses:` steps started, oldest first. */
    children: children.map((child) => ({
      runId: child.id,
      stepId: child.parentStepId,
      workflow: child.workflowName,
      status: child.status,
    })),
    events: eventsJson(events),
  };
}

function stepSummaryJson(step: StepSummary) {
  return {
    id: step.stepId,
    /** The steps it depends on, in the definition the run has (the edges of its graph). */
    dependsOn: step.dependsOn,
    /** An instance of a `matrix` or `for_each` step: that step's id and its values in words. */
    ...(step.instance ? { instanceOf: step.instance.of, instanceLabel: step.instance.label } : {}),
    /** A step written with `matrix` or `for_each`: it runs nothing and gathers its instances. */
    ...(step.fanOut ? { fanOut: step.fanOut } : {}),
    status: step.status,
    attempts: step.attemptCount,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    universe: step.universe,
    action: step.action,
    beat: step.beat,
    /** Sub-workflows: the workflow a `uses:` step runs. */
    ...(step.uses ? { uses: step.uses } : {}),
    ...(step.skipReason ? { skipReason: step.skipReason } : {}),
    /** In a rerun: the run whose result this step took over instead of running. */
    ...(step.reusedFromRunId ? { reusedFrom: step.reusedFromRunId } : {}),
    /** The message of the step's latest failure. */
    ...(step.failure ? { failure: step.failure } : {}),
    /**
     * Every attempt, when the step's fields do not tell them; left out when the step ran once
     * and its attempt is the step's own status, times and failure (or it never ran).
     */
    ...(step.attemptHistory ? { attemptHistory: step.attemptHistory } : {}),
  };
}
