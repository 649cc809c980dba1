import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { workspaceStateDir } from '../workflows/locations.ts';
import { ensureStateDir } from '../workspace/state-lock.ts';

/**
 * The webhook secret of a runner on this machine when the secrets store has none:
 * `ARCFLOW_WEBHOOK_SECRET`, else `<workspace>/.mia/state/webhook.secret` (32 random bytes in
 * hex, readable by its owner only, beside a `.gitignore`). It is made by `arcflow hooks
 * install`/`deliver` and when a local runner starts, never by a request. The git hooks sign
 * with it, the runner checks with it, and both find it without a database. Team mode never
 * reads the file.
 */

export const WEBHOOK_SECRET_VARIABLE = 'ARCFLOW_WEBHOOK_SECRET';

export interface LocalWebhookSecret {
  value: string;
  /** Where it came from, for messages: the variable's name or the file's path. */
  source: string;
}

export const webhookSecretFile = (workspaceDir: string): string =>
  join(workspaceStateDir(workspaceDir), 'webhook.secret');

/**
 * The local webhook secret: `fromEnv` when set, else the file; with `create: false` a
 * missing file gives undefined instead of a new secret.
 */
export async function loadLocalWebhookSecret(options: {
  workspaceDir: string;
  fromEnv: string | undefined;
  create: boolean;
}): Promise<LocalWebhookSecret | undefined> {
  if (options.fromEnv !== undefined && options.fromEnv.trim() !== '') {
    return { value: options.fromEnv.trim(), source: WEBHOOK_SECRET_VARIABLE };
  }
  const file = webhookSecretFile(options.workspaceDir);
  if (options.create) createLocalWebhookSecretFile(options.workspaceDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UserError(
      `the webhook secret file ${file} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}); make it private with: chmod 600 ${file}`,
    );
  }
  const value = text.trim();
  if (value === '')
    throw new UserError(`the webhook secret file ${file} is empty; delete it to get a new one`);
  return { value, source: file };
}

/** Writes a new random secret unless the file exists (the runner and a hook may race). */
export function createLocalWebhookSecretFile(workspaceDir: string): void {
  ensureStateDir(workspaceStateDir(workspaceDir), 0o700);
  try {
    writeFileSync(webhookSecretFile(workspaceDir), `${randomBytes(32).toString('hex')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
