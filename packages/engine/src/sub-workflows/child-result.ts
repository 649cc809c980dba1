import type { FailureInfo } from '../actions/types.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import { interpolate } from '../expressions/evaluate.ts';
import { type ExpressionContext, ExpressionError } from '../expressions/types.ts';
import type { RunState, StepState } from '../scheduler/types.ts';

/**
 * A workflow's `outputs:` evaluated over a run that succeeded: what it hands to the step that
 * `uses:` it. Throws `ExpressionError` when one cannot be evaluated.
 */
export function evaluateWorkflowOutputs(
  definition: WorkflowDefinition,
  state: RunState,
): Record<string, unknown> {
  if (definition.outputs === undefined) return {};
  const ctx: ExpressionContext = {
    inputs: state.inputs,
    steps: {},
    workflow: { name: definition.name },
    ...(state.event === undefined ? {} : { event: state.event }),
  };
  for (const step of Object.values(state.steps)) {
    ctx.steps[step.id] = { status: step.status, outputs: step.outputs ?? {} };
  }
  return interpolate(definition.outputs, ctx) as Record<string, unknown>;
}

/** What the parent's `uses:` step ends with, from its child run's final state. */
export type ChildOutcome =
  | { kind: 'succeeded'; outputs: Record<string, unknown>; summary: string }
  | { kind: 'failed'; failure: FailureInfo };

/**
 * The parent step's result once the child run ended: its outputs and a sentence when it
 * succeeded ("the release arc held: 5 beats"); else a failure naming the child run, its failed
 * steps and what broke there (their tension).
 */
export function childOutcome(
  childRunId: string,
  definition: WorkflowDefinition,
  state: RunState,
): ChildOutcome {
  const steps = Object.values(state.steps);
  if (state.status === 'succeeded') {
    try {
      const outputs = evaluateWorkflowOutputs(definition, state);
      const beats = steps.filter((step) => step.status === 'succeeded').length;
      const summary = `the ${definition.name} arc held: ${beats} ${beats === 1 ? 'beat' : 'beats'} (run ${childRunId})`;
      return { kind: 'succeeded', outputs, summary };
    } catch (error) {
      const reason = error instanceof ExpressionError ? error.message : String(error);
      return {
        kind: 'failed',
        failure: {
          reason: 'error',
          message: `workflow ${definition.name} (run ${childRunId}) succeeded but its outputs: could not be evaluated: ${reason}`,
          retriable: false,
          details: { childRunId },
        },
      };
    }
  }
  const failed = steps.filter((step) => step.status === 'failed' || step.status === 'canceled');
  const tension = failed.map((step) => `"${step.id}": ${tensionOf(step)}`).join('; ');
  const canceled = state.status === 'canceled';
  const message = `workflow ${definition.name} (run ${childRunId}) ${canceled ? 'was canceled' : 'failed'}${tension ? ` at ${tension}` : ''}`;
  const lastLines = failed.flatMap((step) => step.lastFailure?.lastLines ?? []).slice(-20);
  return {
    kind: 'failed',
    failure: {
      reason: canceled ? 'canceled' : 'error',
      message,
      summary: message,
      ...(lastLines.length > 0 ? { lastLines } : {}),
      details: { childRunId, failedSteps: failed.map((step) => step.id) },
    },
  };
}

/** What broke in one failed step: the action's own words, else its message and last line. */
function tensionOf(step: StepState): string {
  const failure = step.lastFailure;
  if (failure === undefined) return step.status;
  if (failure.summary) return failure.summary;
  const last = failure.lastLines?.at(-1)?.trim();
  return last ? `${failure.message} (${last})` : failure.message;
}
