import type { Secrets } from '@arcflow/db';
import {
  builtinActionSpecs,
  findExcessNesting,
  MAX_NESTING_DEPTH,
  type ParseOptions,
  type ParseResult,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { parseDocument } from 'yaml';
import { InvalidWorkflowError } from '../service/errors.ts';
import type { WorkflowSource } from '../workflows/resolve.ts';

/**
 * Validation that knows which secrets are set, so `${{ secrets.TYPO }}` is an error at its
 * line:col (with a did-you-mean) rather than a step failing mid-run. The names depend on the
 * workflow (its own secrets and the workspace's), so the workflow's name is read first.
 */

/** The secret names a workflow may use: the workspace's and its own. */
export type SecretNameLookup = (workflowName: string) => Promise<readonly string[]>;

export function storedSecretNames(secrets: Secrets, workspaceDir: string): SecretNameLookup {
  return async (workflowName) =>
    (await secrets.listForWorkflow(workspaceDir, workflowName)).map((secret) => secret.name);
}

/** Whether the text may refer to a secret at all (most workflows do not: no lookup then). */
export function mentionsSecrets(text: string): boolean {
  return /\bsecrets\s*\./.test(text);
}

/** The workflow's `name:`, also when the rest of it does not validate. */
export function declaredWorkflowName(text: string): string | undefined {
  // Validation refuses such text at once; reading it with `yaml` would take seconds.
  if (findExcessNesting(text, MAX_NESTING_DEPTH) !== undefined) return undefined;
  try {
    // The document's tree, not its value: reading one key expands no alias.
    const name: unknown = parseDocument(text).get('name');
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The names to validate `text` with; undefined when it names no secret (or no workflow). */
export async function secretNamesForText(
  text: string,
  lookup: SecretNameLookup,
): Promise<readonly string[] | undefined> {
  if (!mentionsSecrets(text)) return undefined;
  const workflowName = declaredWorkflowName(text);
  return workflowName === undefined ? undefined : lookup(workflowName);
}

/** `parseWorkflow` with the secret names of the workflow's scope. */
export async function parseWorkflowKnowingSecrets(
  text: string,
  file: string,
  lookup: SecretNameLookup,
  options: Pick<ParseOptions, 'workflows'> = {},
): Promise<ParseResult> {
  const secretNames = await secretNamesForText(text, lookup);
  return parseWorkflow(text, {
    file,
    actions: builtinActionSpecs,
    ...options,
    ...(secretNames ? { secretNames } : {}),
  });
}

/**
 * Before a run is recorded: refuses a workflow that names a secret not set for it, with
 * every such reference at its line:col (`InvalidWorkflowError`).
 */
export async function refuseUnknownSecrets(
  prepared: { source: WorkflowSource; definition: WorkflowDefinition },
  lookup: SecretNameLookup,
): Promise<void> {
  const { source, definition } = prepared;
  if (!mentionsSecrets(source.text)) return;
  const { diagnostics } = parseWorkflow(source.text, {
    file: source.displayPath,
    actions: builtinActionSpecs,
    secretNames: await lookup(definition.name),
  });
  if (diagnostics.some((d) => d.severity === 'error')) {
    throw new InvalidWorkflowError(`${source.displayPath} is not a valid workflow`, diagnostics);
  }
}
