import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';

/**
 * The key that seals secrets at rest: 32 bytes from `ARCFLOW_SECRET_KEY` (base64), else from
 * `<workspace>/.mia/state/secret.key`, created on first use readable by its owner only.
 * Runners that share a database must share the key: set the same `ARCFLOW_SECRET_KEY`.
 */

export const SECRET_KEY_BYTES = 32;
export const SECRET_KEY_VARIABLE = 'ARCFLOW_SECRET_KEY';

export interface SecretKey {
  readonly key: Buffer;
  /** First 16 hex digits of sha256(key): stored beside each value, to tell keys apart. */
  readonly keyId: string;
  /** Where the key came from, for messages. */
  readonly source: string;
}

export function secretKeyFile(workspaceDir: string): string {
  return join(workspaceDir, '.mia', 'state', 'secret.key');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A key from its base64 text; `source` names where the text came from in the error. */
export function decodeSecretKey(text: string, source: string): SecretKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  const canonical = key.toString('base64');
  const sameText = canonical === trimmed || canonical.replace(/=+$/, '') === trimmed;
  if (!sameText || key.length !== SECRET_KEY_BYTES) {
    throw new UserError(
      `${source} is not a secret key: it must be ${SECRET_KEY_BYTES} bytes in base64 (make one with: openssl rand -base64 32)`,
    );
  }
  return { key, keyId: keyIdOf(key), source };
}

/**
 * The runner's secret key: `fromEnv` (the value of `ARCFLOW_SECRET_KEY`, read through
 * `env.ts`) when set, else the workspace's key file, created when missing. An existing key
 * file that others can read is refused rather than used.
 */
export async function loadSecretKey(options: {
  workspaceDir: string;
  fromEnv: string | undefined;
}): Promise<SecretKey> {
  if (options.fromEnv !== undefined && options.fromEnv.trim() !== '') {
    return decodeSecretKey(options.fromEnv, SECRET_KEY_VARIABLE);
  }
  const file = secretKeyFile(options.workspaceDir);
  await createKeyFile(file);
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UserError(
      `the secret key file ${file} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}); make it private with: chmod 600 ${file}`,
    );
  }
  return decodeSecretKey(await readFile(file, 'utf8'), `the secret key file ${file}`);
}

/** Writes a new random key unless the file exists (another runner may win the race). */
async function createKeyFile(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
