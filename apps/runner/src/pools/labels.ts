import { LABEL_PATTERN } from '@arcflow/engine';

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
