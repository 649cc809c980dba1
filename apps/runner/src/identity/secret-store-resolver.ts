import type { Secrets } from '@arcflow/db';
import type { Session } from '../session/session.ts';
import { loadSecretBox, type SecretBox } from './secret-box.ts';
import type { SecretResolver } from './secret-resolver.ts';

/**
 * Secrets from the database, opened with the runner's key. A secret set for the workflow
 * wins over one of the same name set for the whole workspace. The key is loaded only when a
 * step first needs a value, so runs without secrets never create or read it.
 */
export function storeSecretResolver(
  secrets: Secrets,
  box: () => Promise<SecretBox>,
): SecretResolver {
  let opened: Promise<SecretBox> | undefined;
  return {
    async resolve(names, { workspaceDir, workflowName }) {
      const values = new Map<string, string>();
      for (const name of new Set(names)) {
        const record =
          (workflowName !== '' ? await secrets.get({ workspaceDir, workflowName }, name) : null) ??
          (await secrets.get({ workspaceDir }, name));
        if (!record) continue;
        opened ??= box();
        const sealed = {
          ciphertext: Buffer.from(record.ciphertext),
          nonce: Buffer.from(record.nonce),
          keyId: record.keyId,
        };
        // Throws "secret NAME was written with another key; set ARCFLOW_SECRET_KEY …".
        const place = { workspaceDir, workflowName: record.workflowName, name };
        values.set(name, (await opened).open(sealed, place));
      }
      return values;
    },
  };
}

/** The resolver of a workspace's session: its database's secrets, opened with its key. */
export function sessionSecretResolver(session: Session): SecretResolver {
  return storeSecretResolver(session.store.secrets, () => loadSecretBox(session));
}
