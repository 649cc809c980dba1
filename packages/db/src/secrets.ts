import { randomUUID } from 'node:crypto';
import type { PrismaClient } from './generated/prisma/client.ts';
import { toSecretMetadata, toSecretRecord } from './mappers.ts';
import type { PutSecret, SecretMetadata, SecretRecord, SecretScope } from './records.ts';

/** Every column but the value, for lists. */
const METADATA = {
  id: true,
  workspaceDir: true,
  workflowName: true,
  name: true,
  keyId: true,
  createdAt: true,
  createdByUserId: true,
  updatedAt: true,
  updatedByUserId: true,
} as const;

const scopeOf = (scope: SecretScope) => ({
  workspaceDir: scope.workspaceDir,
  workflowName: scope.workflowName ?? '',
});

/**
 * Secrets of a workspace, for every workflow (`workflowName` '') or one. Values arrive
 * encrypted (the runner holds the key) and are stored as bytes; lists never read them.
 */
export class Secrets {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Writes a secret's value, creating it or replacing the value of the one with that name.
   * Written in SQL with the bytes sent as base64: Prisma hands bytes to driver adapters as
   * base64 text, which `pglite-prisma-adapter` 0.6 passes on unconverted and PGlite refuses
   * ("Invalid input for bytea type"). Reading bytes through Prisma works on both backends.
   */
  async put(input: PutSecret): Promise<SecretMetadata> {
    const { workspaceDir, workflowName } = scopeOf(input);
    const by = input.byUserId ?? null;
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      INSERT INTO "secrets" ("id", "workspace_dir", "workflow_name", "name", "ciphertext", "nonce",
        "key_id", "created_by_user_id", "updated_at", "updated_by_user_id")
      VALUES (${randomUUID()}, ${workspaceDir}, ${workflowName}, ${input.name},
        decode(${base64(input.ciphertext)}, 'base64'), decode(${base64(input.nonce)}, 'base64'),
        ${input.keyId}, ${by}, now(), ${by})
      ON CONFLICT ("workspace_dir", "workflow_name", "name") DO UPDATE SET
        "ciphertext" = EXCLUDED."ciphertext", "nonce" = EXCLUDED."nonce",
        "key_id" = EXCLUDED."key_id", "updated_at" = now(),
        "updated_by_user_id" = EXCLUDED."updated_by_user_id"
      RETURNING "id"`;
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`secret ${input.name} was not written`);
    return toSecretMetadata(
      await this.prisma.secret.findUniqueOrThrow({ where: { id }, select: METADATA }),
    );
  }

  /** The secret with its encrypted value, or null. Only the runner decrypting it calls this. */
  async get(scope: SecretScope, name: string): Promise<SecretRecord | null> {
    const row = await this.prisma.secret.findUnique({
      where: { workspaceDir_workflowName_name: { ...scopeOf(scope), name } },
    });
    return row ? toSecretRecord(row) : null;
  }

  /**
   * Names and metadata, never values, by name: a workspace's secrets for every workflow
   * (`workflowName` omitted or ''), or those of one workflow.
   */
  async list(scope: SecretScope): Promise<SecretMetadata[]> {
    const rows = await this.prisma.secret.findMany({
      where: scopeOf(scope),
      orderBy: { name: 'asc' },
      select: METADATA,
    });
    return rows.map(toSecretMetadata);
  }

  /** Every secret of a workspace, workspace-wide and per workflow, by name then workflow. */
  async listAll(workspaceDir: string): Promise<SecretMetadata[]> {
    const rows = await this.prisma.secret.findMany({
      where: { workspaceDir },
      orderBy: [{ name: 'asc' }, { workflowName: 'asc' }],
      select: METADATA,
    });
    return rows.map(toSecretMetadata);
  }

  /**
   * Every secret a workflow can use: the workspace's and its own (its own wins on a name
   * both have), names and metadata only.
   */
  async listForWorkflow(workspaceDir: string, workflowName: string): Promise<SecretMetadata[]> {
    const rows = await this.prisma.secret.findMany({
      where: { workspaceDir, workflowName: { in: ['', workflowName] } },
      orderBy: [{ name: 'asc' }, { workflowName: 'asc' }],
      select: METADATA,
    });
    const byName = new Map<string, SecretMetadata>();
    for (const row of rows) byName.set(row.name, toSecretMetadata(row));
    return [...byName.values()];
  }

  /** Deletes a secret; false when there was none. */
  async delete(scope: SecretScope, name: string): Promise<boolean> {
    const { count } = await this.prisma.secret.deleteMany({ where: { ...scopeOf(scope), name } });
    return count > 0;
  }
}
