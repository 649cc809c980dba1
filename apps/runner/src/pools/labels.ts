import { LABEL_PATTERN, type WorkflowDefinition } from '@arcflow/engine';

/**
 * `serve --labels linux,docker,gpu`: the labels this runner offers, checked as the engine
 * checks `runs_on` (a label that no workflow could ask for is a typo). Throws with the fix.
 */
export function parseRunnerLabels(value: string): string[] {
  const labels = value
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  for (const label of labels) {
    if (!LABEL_PATTERN.test(label)) {
      throw new Error(
        `invalid runner label ${JSON.stringify(label)}: a label starts with a letter or digit and contains only letters, digits, ".", "-" and "_" (e.g. --labels linux,docker,gpu)`,
      );
    }
  }
  return [...new Set(labels)];
}

/**
 * The labels a runner needs to execute a run of `definition`: the workflow's `runs_on` and
 * every step's. A run is claimed as a whole, so a step's `runs_on: [gpu]` sends the whole
 * run to a gpu runner.
 */
export function labelsNeeded(definition: WorkflowDefinition): string[] {
  const labels = new Set(definition.runsOn ?? []);
  for (const step of definition.steps) for (const label of step.runsOn ?? []) labels.add(label);
  return [...labels];
}
