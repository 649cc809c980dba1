import type {
  FanOut,
  StepDefinition,
  StepInstance,
  WorkflowDefinition,
} from '../definition/types.ts';
import type { Combination } from './matrix.ts';

/**
 * A fanned-out step becomes its instances plus itself as their join: each instance is the
 * step as written, with its own id (`test[22,linux]`), its values and the step's own
 * dependencies; the step keeps its place, depends on every instance and runs nothing. So the
 * steps after it wait for all instances without any change to them.
 */

/** Instances of a matrix step, placed before it; the step itself becomes their join. */
export function expandMatrix(step: StepDefinition, combinations: readonly Combination[]) {
  return expand(
    step,
    combinations.map((matrix, index) => ({ index, matrix, label: labelOf(matrix) })),
    (instance) => Object.values(instance.matrix as Combination),
  );
}

/**
 * `def` with the `for_each` step `stepId` expanded over `items`: the instances are appended
 * after the last step (so the steps already stored keep their places) and the step depends on
 * them. Throws when the step is not an unexpanded `for_each` step.
 */
export function expandForEach(
  def: WorkflowDefinition,
  stepId: string,
  items: readonly unknown[],
): WorkflowDefinition {
  const at = def.steps.findIndex((step) => step.id === stepId);
  const step = def.steps[at];
  if (!step || step.fanOut?.kind !== 'for_each' || step.fanOut.instances !== undefined) {
    throw new Error(`step "${stepId}" is not a for_each step waiting for its items`);
  }
  const { instances, join } = expand(
    step,
    items.map((item, index) => ({ index, item, label: itemLabel(item, index) })),
    (instance) => itemKey(instance.item),
  );
  const taken = new Set(def.steps.map((s) => s.id));
  for (const instance of instances) {
    if (taken.has(instance.id)) {
      throw new Error(`step "${stepId}": instance id "${instance.id}" is taken by another step`);
    }
  }
  const steps = def.steps.slice();
  steps[at] = join;
  steps.push(...instances);
  return { ...def, steps };
}

/**
 * The `for_each` expansions of `from` applied to `to` (another definition of the same
 * workflow) wherever `to` has the same step, unexpanded, with the same `for_each`: a re-telling
 * on a newer definition sees the instances the run already had.
 */
export function carryExpansions(
  from: WorkflowDefinition,
  to: WorkflowDefinition,
): WorkflowDefinition {
  let result = to;
  for (const step of from.steps) {
    const fanOut = step.fanOut;
    if (fanOut?.kind !== 'for_each' || fanOut.instances === undefined) continue;
    const target = result.steps.find((s) => s.id === step.id);
    if (target?.fanOut?.kind !== 'for_each' || target.fanOut.instances !== undefined) continue;
    if (target.fanOut.forEach !== fanOut.forEach) continue;
    const items = fanOut.instances.map((id) => from.steps.find((s) => s.id === id)?.instance?.item);
    result = expandForEach(result, step.id, items);
  }
  return result;
}

/** The instances of a fanned-out step, from the definition it is in. */
export function instancesOf(def: WorkflowDefinition, step: StepDefinition): StepDefinition[] {
  const ids = step.fanOut?.instances ?? [];
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type Draft = Omit<StepInstance, 'of'>;

function expand(
  step: StepDefinition,
  drafts: readonly Draft[],
  keyOf: (draft: Draft) => unknown,
): { instances: StepDefinition[]; join: StepDefinition } {
  const fanOut = step.fanOut as FanOut;
  const used = new Set<string>();
  const instances = drafts.map((draft): StepDefinition => {
    const id = uniqueId(step.id, keyOf(draft), draft.index, used);
    const { fanOut: _fanOut, ...template } = step;
    const instance: StepInstance = { of: step.id, ...draft };
    return {
      ...template,
      id,
      dependsOn: fanOut.needs,
      ...(step.beat === undefined
        ? {}
        : {
            beat: `${step.beat.trim().replace(/\.$/, '')} ${fanOut.kind === 'matrix' ? 'on' : 'for'} ${draft.label}`,
          }),
      instance,
    };
  });
  const ids = instances.map((instance) => instance.id);
  const join: StepDefinition = { ...step, dependsOn: ids, fanOut: { ...fanOut, instances: ids } };
  return { instances, join };
}

const UNSAFE = /[^A-Za-z0-9._-]+/g;
const MAX_KEY = 48;

/** `test[22,linux]`; an instance whose values make no usable name is named by its index. */
function uniqueId(id: string, key: unknown, index: number, used: Set<string>): string {
  const parts = Array.isArray(key) ? key : [key];
  const text = parts.map((part) => keyText(part)).join(',');
  const usable = text !== '' && text.length <= MAX_KEY && !parts.some((p) => keyText(p) === '');
  let candidate = `${id}[${usable ? text : String(index)}]`;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}[${usable ? text : index}-${n}]`;
  used.add(candidate);
  return candidate;
}

function keyText(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return '';
  }
  return String(value)
    .replace(UNSAFE, '-')
    .replace(/^-+|-+$/g, '');
}

function itemKey(item: unknown): unknown {
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const named = (item as Record<string, unknown>).name ?? (item as Record<string, unknown>).id;
    return typeof named === 'string' || typeof named === 'number' ? named : undefined;
  }
  return item;
}

/** `node 22, os linux`. */
function labelOf(matrix: Combination): string {
  return Object.entries(matrix)
    .map(([key, value]) => `${key} ${valueText(value)}`)
    .join(', ');
}

function itemLabel(item: unknown, index: number): string {
  const key = itemKey(item);
  return key === undefined ? `item ${index + 1}` : valueText(key);
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
