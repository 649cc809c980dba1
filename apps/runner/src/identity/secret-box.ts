import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '../errors.ts';
import { loadSecretKey, type SecretKey } from './secret-key.ts';

/**
 * Seals secret values at rest with AES-256-GCM: a fresh 12-byte nonce per value, and the
 * value's place (workspace, workflow, name) as additional data, so a sealed value copied to
 * another name or workspace does not open.
 */

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Where a secret belongs; `workflowName` is '' for every workflow of the workspace. */
export interface SecretPlace {
  workspaceDir: string;
  workflowName: string;
  name: string;
}

export interface SealedSecret {
  /** The encrypted value followed by its 16-byte GCM tag. */
  ciphertext: Buffer;
  nonce: Buffer;
  /** The key's id (`keyIdOf`): which key can open it. */
  keyId: string;
}

/** Seals and opens values with one key (`loadSecretKey`). */
export class SecretBox {
  constructor(private readonly key: SecretKey) {}

  get keyId(): string {
    return this.key.keyId;
  }

  seal(plaintext: string, place: SecretPlace): SealedSecret {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(place));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const ciphertext = Buffer.concat([encrypted, cipher.getAuthTag()]);
    return { ciphertext, nonce, keyId: this.key.keyId };
  }

  open(sealed: SealedSecret, place: SecretPlace): string {
    if (sealed.keyId !== this.key.keyId) {
      throw new UserError(
        `secret ${place.name} was written with another key; set ARCFLOW_SECRET_KEY to the key the runner that wrote it used`,
      );
    }
    const { ciphertext, nonce } = sealed;
    if (nonce.length !== NONCE_BYTES || ciphertext.length < TAG_BYTES) throw tampered(place);
    const decipher = createDecipheriv(ALGORITHM, this.key.key, nonce, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(additionalData(place));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    try {
      const body = ciphertext.subarray(0, ciphertext.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      throw tampered(place, error);
    }
  }
}

/**
 * The box of this runner: its key from `ARCFLOW_SECRET_KEY` (`env`), else the workspace's key
 * file, created on first use.
 */
export async function loadSecretBox(where: {
  workspaceDir: string;
  env: { ARCFLOW_SECRET_KEY?: string | undefined };
}): Promise<SecretBox> {
  const key = await loadSecretKey({
    workspaceDir: where.workspaceDir,
    fromEnv: where.env.ARCFLOW_SECRET_KEY,
  });
  return new SecretBox(key);
}

function tampered(place: SecretPlace, cause?: unknown): UserError {
  return new UserError(
    `secret ${place.name} cannot be opened: its stored value was changed or moved from another workspace, workflow or name; set it again with: arcflow secret set ${place.name}`,
    2,
    cause === undefined ? undefined : { cause },
  );
}

/** `workspace\0workflow\0name`: NUL cannot appear in a path or a secret's name. */
function additionalData(place: SecretPlace): Buffer {
  return Buffer.from(`${place.workspaceDir}\0${place.workflowName}\0${place.name}`, 'utf8');
}
