import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { referencesOf } from '../expressions/ast.ts';
import { evaluateCondition, interpolate, toText, unwrap } from '../expressions/evaluate.ts';
import { parseExpression } from '../expressions/parse.ts';
import { scanTemplate, soleExpression } from '../expressions/template.ts';
import { type ExpressionContext, ExpressionError } from '../expressions/types.ts';
import type { TriggerEvent } from '../triggers/event.ts';
import type { StepState } from './types.ts';

/**
 * What happens when a step becomes ready: its `if:` decides whether it runs, then its `with`
 * and `env` are resolved against the run's inputs and the upstream steps' results. Steps
 * without expressions pay nothing: `prepareStart` looks for expressions once per step, and the
 * run's `RunPlan` keeps what it found.
 */

export type StartDecision =
  | {
      kind: 'start';
      with: Record<string, unknown>;
      env: Record<string, string>;
      /** The step's `cache.key`, resolved; absent when it has no `cache:`. */
      cacheKey?: string;
    }
  | { kind: 'skip'; condition: string }
  /** `condition` is set when the `if:` itself could not be evaluated. */
  | { kind: 'fail'; message: string; expression: string; condition?: string };

/** What a step's start depends on, found once per step by `prepareStart`. */
export interface StartPlan {
  /** The condition without `${{ }}`, when the step has one. */
  readonly condition?: string;
  readonly dynamicWith: boolean;
  readonly dynamicEnv: boolean;
  /** The step's `cache.key` holds expressions. */
  readonly dynamicCacheKey: boolean;
  /** Ids of the steps the step's expressions read. */
  readonly reads: readonly string[];
}

export function decideStart(
  def: WorkflowDefinition,
  step: StepDefinition,
  plan: StartPlan,
  inputs: Record<string, unknown>,
  stepState: (id: string) => StepState | undefined,
  event?: TriggerEvent,
): StartDecision {
  const staticKey = step.cache === undefined ? {} : { cacheKey: step.cache.key ?? '' };
  if (
    plan.condition === undefined &&
    !plan.dynamicWith &&
    !plan.dynamicEnv &&
    !plan.dynamicCacheKey
  ) {
    return { kind: 'start', with: step.with, env: step.env, ...staticKey };
  }

  const ctx = expressionContext(def, step, plan, inputs, stepState, event);

  if (plan.condition !== undefined) {
    try {
      if (!evaluateCondition(plan.condition, ctx))
        return { kind: 'skip', condition: plan.condition };
    } catch (error) {
      return { ...failure(error, plan.condition), condition: plan.condition };
    }
  }
  let resolvedWith = step.with;
  if (plan.dynamicWith) {
    const result = resolve(step.with, ctx);
    if ('error' in result) return result.error;
    resolvedWith = result.value as Record<string, unknown>;
  }
  let env = step.env;
  if (plan.dynamicEnv) {
    const result = resolve(step.env, ctx);
    if ('error' in result) return result.error;
    env = Object.fromEntries(
      Object.entries(result.value as Record<string, unknown>).map(([k, v]) => [k, toText(v)]),
    );
  }
  let cacheKey = staticKey;
  if (plan.dynamicCacheKey) {
    const result = resolve(step.cache?.key ?? '', ctx);
    if ('error' in result) return result.error;
    cacheKey = { cacheKey: toText(result.value) };
  }
  return { kind: 'start', with: resolvedWith, env, ...cacheKey };
}

/** What a step's expressions read: the run's inputs and event, upstream steps, its instance. */
function expressionContext(
  def: WorkflowDefinition,
  step: StepDefinition,
  plan: StartPlan,
  inputs: Record<string, unknown>,
  stepState: (id: string) => StepState | undefined,
  event: TriggerEvent | undefined,
): ExpressionContext {
  const ctx: ExpressionContext = {
    inputs,
    steps: {},
    workflow: { name: def.name },
    ...(event === undefined ? {} : { event }),
  };
  for (const id of plan.reads) {
    const state = stepState(id);
    if (state) ctx.steps[id] = { status: state.status, outputs: state.outputs ?? {} };
  }
  const instance = step.instance;
  if (instance?.matrix !== undefined) ctx.matrix = instance.matrix;
  if (instance !== undefined && Object.hasOwn(instance, 'item')) {
    ctx.item = instance.item;
    ctx.hasItem = true;
  }
  return ctx;
}

/**
 * The items a `for_each` step fans out over, from its expression: a list, or text holding a
 * JSON list (as a step's output file may give it).
 */
export function resolveForEach(
  def: WorkflowDefinition,
  step: StepDefinition,
  plan: StartPlan,
  inputs: Record<string, unknown>,
  stepState: (id: string) => StepState | undefined,
  event?: TriggerEvent,
): { items: unknown[] } | { message: string; expression: string } {
  const source = step.fanOut?.forEach ?? '';
  const ctx = expressionContext(def, step, plan, inputs, stepState, event);
  const result = resolve(source, ctx);
  const expression = soleSource(source);
  if ('error' in result) return { message: result.error.message, expression };
  let value = result.value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      value = JSON.parse(value);
    } catch {
      // told below as the text it is
    }
  }
  if (Array.isArray(value)) return { items: value };
  const seen =
    typeof value === 'string'
      ? `the text ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`
      : value === undefined || value === null
        ? 'nothing'
        : `a ${typeof value}`;
  return {
    message: `for_each needs a list and got ${seen}; a shell step sets a list by writing name=["a","b"] to $ARCFLOW_OUTPUT`,
    expression,
  };
}

/** `steps.list.outputs.packages` from `${{ steps.list.outputs.packages }}`. */
function soleSource(template: string): string {
  const scan = scanTemplate(template);
  return ('parts' in scan ? soleExpression(scan.parts) : undefined)?.trim() ?? template;
}

function resolve(
  value: unknown,
  ctx: ExpressionContext,
): { value: unknown } | { error: Extract<StartDecision, { kind: 'fail' }> } {
  try {
    return { value: interpolate(value, ctx) };
  } catch (error) {
    return { error: failure(error, undefined) };
  }
}

function failure(
  error: unknown,
  fallback: string | undefined,
): Extract<StartDecision, { kind: 'fail' }> {
  if (error instanceof ExpressionError) {
    return { kind: 'fail', message: error.message, expression: error.expression };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'fail', message, expression: fallback ?? '' };
}

/** Finds a step's condition, whether its `with` and `env` hold expressions, and what they read. */
export function prepareStart(step: StepDefinition): StartPlan {
  const reads = new Set<string>();
  const read = (source: string) => {
    try {
      for (const ref of referencesOf(parseExpression(source))) {
        const [id] = ref.path;
        if (ref.root === 'steps' && id !== undefined) reads.add(String(id));
      }
    } catch {
      // Reported when the expression is evaluated.
    }
  };
  const readTemplate = (text: string) => {
    if (!text.includes('${{')) return false;
    const scan = scanTemplate(text);
    if ('parts' in scan)
      for (const part of scan.parts) if (part.kind === 'expression') read(part.source);
    return true;
  };
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') return readTemplate(value);
    if (Array.isArray(value)) return value.map(visit).some(Boolean);
    if (typeof value === 'object' && value !== null)
      return Object.values(value).map(visit).some(Boolean);
    return false;
  };
  let condition: string | undefined;
  if (step.if !== undefined) {
    try {
      condition = unwrap(step.if);
    } catch {
      condition = step.if;
    }
    read(condition);
  }
  if (step.fanOut?.forEach !== undefined) readTemplate(step.fanOut.forEach);
  return {
    ...(condition === undefined ? {} : { condition }),
    dynamicWith: visit(step.with),
    dynamicEnv: visit(step.env),
    dynamicCacheKey: step.cache?.key !== undefined && readTemplate(step.cache.key),
    reads: [...reads],
  };
}
