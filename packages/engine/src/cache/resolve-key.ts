import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { interpolate, toText } from '../expressions/evaluate.ts';
import type { ExpressionContext } from '../expressions/types.ts';
import type { RunState } from '../scheduler/types.ts';

/**
 * A step's `cache.key` with its `${{ }}` expressions resolved over the run's inputs, the
 * steps' results and the trigger event, as its `with` and `env` are; '' when it has none.
 * Throws `ExpressionError` when an expression cannot be evaluated.
 */
export function resolveCacheKey(
  def: WorkflowDefinition,
  step: StepDefinition,
  state: RunState,
): string {
  const key = step.cache?.key;
  if (key === undefined || !key.includes('${{')) return key ?? '';
  const ctx: ExpressionContext = {
    inputs: state.inputs,
    steps: {},
    workflow: { name: def.name },
    ...(state.event === undefined ? {} : { event: state.event }),
  };
  for (const upstream of Object.values(state.steps)) {
    ctx.steps[upstream.id] = { status: upstream.status, outputs: upstream.outputs ?? {} };
  }
  return toText(interpolate(key, ctx));
}
