import type {
  StepDefinition,
  WorkflowDefinition,
  WorkflowInputDefinition,
} from '../definition/types.ts';
import { workflowReadsOf } from './references.ts';
import { changedKeys, sameValue } from './same-value.ts';
import type { CosmeticPart, DefinitionDiff, StepDiff, StepPart, WorkflowChange } from './types.ts';

/**
 * What changed from `before` to `after`, step by step, and at the workflow level. A step is
 * `changed` when something that can change what it does changed, its own fields or what it
 * inherits (a workflow `env` key it does not override, an input or `workflow.name` it reads);
 * a step whose beat or universe alone changed is `cosmetic` and keeps its recorded result.
 * Order: `after`'s declaration order, then the removed steps in `before`'s.
 */
export function diffDefinitions(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
): DefinitionDiff {
  const beforeSteps = new Map(before.steps.map((step) => [step.id, step]));
  const afterIds = new Set(after.steps.map((step) => step.id));
  const envKeys = changedKeys(before.env, after.env);
  const inputNames = changedInputs(before.inputs, after.inputs);
  const renamed = before.name !== after.name;

  const steps: StepDiff[] = [];
  const affected = { env: [] as string[], inputs: [] as string[], name: [] as string[] };
  for (const step of after.steps) {
    const earlier = beforeSteps.get(step.id);
    if (earlier === undefined) {
      steps.push({ step: step.id, kind: 'added' });
      continue;
    }
    const parts = ownParts(earlier, step);
    if (envKeys.some((key) => !(key in step.env))) {
      parts.push('workflow-env');
      affected.env.push(step.id);
    }
    const reads = workflowReadsOf(step);
    if (inputNames.some((name) => reads.inputs.has(name))) {
      parts.push('inputs');
      affected.inputs.push(step.id);
    }
    if (renamed && reads.workflow) {
      parts.push('workflow-name');
      affected.name.push(step.id);
    }
    const cosmetic = cosmeticParts(earlier, step);
    if (parts.length > 0) steps.push({ step: step.id, kind: 'changed', parts, cosmetic });
    else if (cosmetic.length > 0) steps.push({ step: step.id, kind: 'cosmetic', cosmetic });
    else steps.push({ step: step.id, kind: 'unchanged' });
  }
  for (const step of before.steps) {
    if (!afterIds.has(step.id)) steps.push({ step: step.id, kind: 'removed' });
  }

  const workflow: WorkflowChange[] = [];
  if (envKeys.length > 0) workflow.push({ part: 'env', keys: envKeys, affects: affected.env });
  if (inputNames.length > 0) {
    workflow.push({ part: 'inputs', names: inputNames, affects: affected.inputs });
  }
  if (before.maxParallel !== after.maxParallel) {
    workflow.push({
      part: 'max_parallel',
      ...(before.maxParallel === undefined ? {} : { before: before.maxParallel }),
      ...(after.maxParallel === undefined ? {} : { after: after.maxParallel }),
      affects: [],
    });
  }
  if (renamed) {
    workflow.push({ part: 'name', before: before.name, after: after.name, affects: affected.name });
  }
  const fields = textFields(before, after);
  if (fields.length > 0) workflow.push({ part: 'text', fields, affects: [] });

  const changeCount = steps.filter(
    (diff) => diff.kind === 'changed' || diff.kind === 'added' || diff.kind === 'removed',
  ).length;
  return { steps, workflow, changeCount };
}

/** The step's own fields that differ, in `StepPart` order. `depends_on` compares as a set. */
function ownParts(before: StepDefinition, after: StepDefinition): StepPart[] {
  const parts: StepPart[] = [];
  // A `uses:` step that runs another workflow now does something else, as a new action would.
  if (before.action !== after.action || before.uses !== after.uses) parts.push('action');
  if (!sameValue(before.with, after.with)) parts.push('with');
  if (!sameValue(before.env, after.env)) parts.push('env');
  if (!sameValue(asSet(before.dependsOn), asSet(after.dependsOn))) parts.push('depends_on');
  if (before.if?.trim() !== after.if?.trim()) parts.push('if');
  if (before.timeoutMs !== after.timeoutMs) parts.push('timeout');
  if (before.retries !== after.retries) parts.push('retries');
  return parts;
}

function cosmeticParts(before: StepDefinition, after: StepDefinition): CosmeticPart[] {
  const parts: CosmeticPart[] = [];
  if (before.beat !== after.beat) parts.push('beat');
  if (before.universe !== after.universe) parts.push('universe');
  return parts;
}

/** Input names added, removed or declared differently, sorted. */
function changedInputs(
  before: readonly WorkflowInputDefinition[],
  after: readonly WorkflowInputDefinition[],
): string[] {
  const declared = (inputs: readonly WorkflowInputDefinition[]) =>
    Object.fromEntries(
      inputs.map(({ name, type, default: value, required }) => [
        name,
        { type, default: value, required },
      ]),
    );
  return changedKeys(declared(before), declared(after));
}

function textFields(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
): Array<'description' | 'narrative' | 'secrets'> {
  const fields: Array<'description' | 'narrative' | 'secrets'> = [];
  if (before.description !== after.description) fields.push('description');
  if (before.narrative !== after.narrative) fields.push('narrative');
  if (!sameValue(asSet(before.secrets ?? []), asSet(after.secrets ?? []))) fields.push('secrets');
  return fields;
}

const asSet = (values: readonly string[]): string[] => [...new Set(values)].sort();
