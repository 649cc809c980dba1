import type { SecretMetadata, Store } from '@arcflow/db';
import { UserError } from '../errors.ts';
import { type Actor, actorUserId } from './actor.ts';
import { auditEntry } from './audit-trail.ts';
import { loadSecretBox } from './secret-box.ts';

/**
 * Setting, listing and deleting a workspace's secrets: what `arcflow secret …` and the
 * `secrets.*` API both do. Values go in encrypted and never come out; every change is in
 * the audit trail (names only).
 */

/** Upper-case letters, digits and `_`, like environment variables people write. */
export const SECRET_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
const MAX_NAME_CHARS = 200;
/** As the engine accepts workflow names: lowercase letters, digits, `-` and `_`. */
const WORKFLOW_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Generous for certificates and keys, still bounded. */
export const MAX_SECRET_BYTES = 64 * 1024;

/** A name, scope or value the admin gave that cannot be stored (never quotes the value). */
export class InvalidSecretError extends UserError {}

export class SecretNotFoundError extends UserError {
  constructor(
    readonly secretName: string,
    readonly workflow: string | null,
  ) {
    super(`no secret ${secretName} ${scopeWords(workflow)}`);
  }
}

export interface SecretListing {
  name: string;
  /** null: every workflow of the workspace. */
  workflow: string | null;
  updatedAt: Date;
  /** The username of who wrote it last; null when written by the local person. */
  updatedBy: string | null;
}

export interface SecretWhere {
  store: Store;
  workspaceDir: string;
  env: { ARCFLOW_SECRET_KEY?: string | undefined };
}

export class SecretAdmin {
  constructor(private readonly where: SecretWhere) {}

  async set(
    actor: Actor,
    input: { name: string; value: string; workflow?: string | null },
  ): Promise<{ name: string; workflow: string | null }> {
    const name = checkedName(input.name);
    const workflow = checkedWorkflow(input.workflow);
    if (input.value === '') throw new InvalidSecretError(`the value of ${name} is empty`);
    if (input.value.includes('\0')) {
      throw new InvalidSecretError(
        `the value of ${name} contains a NUL character, which no environment variable or argument can hold`,
      );
    }
    if (Buffer.byteLength(input.value) > MAX_SECRET_BYTES) {
      throw new InvalidSecretError(
        `the value of ${name} is longer than ${MAX_SECRET_BYTES / 1024} KiB`,
      );
    }
    const { store, workspaceDir } = this.where;
    const box = await loadSecretBox(this.where);
    const place = { workspaceDir, workflowName: workflow ?? '', name };
    const sealed = box.seal(input.value, place);
    const existed = (await store.secrets.get(place, name)) !== null;
    await store.secrets.put({ ...place, ...sealed, byUserId: actorUserId(actor) ?? null });
    await store.audit.append(
      auditEntry(actor, 'secret.set', target(name, workflow), { workflow, replaced: existed }),
    );
    return { name, workflow };
  }

  /**
   * Names and metadata, never values: every secret of the workspace, or with `workflow` the
   * ones that workflow uses (its own over the workspace's of the same name).
   */
  async list(filter: { workflow?: string | null } = {}): Promise<SecretListing[]> {
    const { store, workspaceDir } = this.where;
    const workflow = checkedWorkflow(filter.workflow);
    const rows =
      workflow === null
        ? await store.secrets.listAll(workspaceDir)
        : await store.secrets.listForWorkflow(workspaceDir, workflow);
    const usernames = await this.usernames(rows);
    return rows.map((row) => ({
      name: row.name,
      workflow: row.workflowName === '' ? null : row.workflowName,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedByUserId ? (usernames.get(row.updatedByUserId) ?? null) : null,
    }));
  }

  async delete(actor: Actor, input: { name: string; workflow?: string | null }): Promise<void> {
    const name = checkedName(input.name);
    const workflow = checkedWorkflow(input.workflow);
    const { store, workspaceDir } = this.where;
    const scope = { workspaceDir, workflowName: workflow ?? '' };
    if (!(await store.secrets.delete(scope, name))) throw new SecretNotFoundError(name, workflow);
    await store.audit.append(
      auditEntry(actor, 'secret.delete', target(name, workflow), { workflow }),
    );
  }

  private async usernames(rows: SecretMetadata[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.flatMap((row) => row.updatedByUserId ?? []))];
    const users = await Promise.all(ids.map((id) => this.where.store.users.get(id)));
    return new Map(users.flatMap((user) => (user ? [[user.id, user.username] as const] : [])));
  }
}

/** `DEPLOY_KEY`, or `release/DEPLOY_KEY` for a workflow's own. */
function target(name: string, workflow: string | null) {
  return { type: 'secret', id: workflow ? `${workflow}/${name}` : name };
}

export function scopeWords(workflow: string | null): string {
  return workflow ? `for workflow ${workflow}` : 'for the whole workspace';
}

/** The name if it can be a secret's; `InvalidSecretError` saying what names look like if not. */
export function checkedName(name: string): string {
  if (name.length > MAX_NAME_CHARS || !SECRET_NAME_PATTERN.test(name)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    throw new InvalidSecretError(
      `${JSON.stringify(shown)} is not a secret name: use capital letters, digits and _, not starting with a digit (like DEPLOY_KEY)`,
    );
  }
  return name;
}

function checkedWorkflow(workflow: string | null | undefined): string | null {
  if (workflow === undefined || workflow === null || workflow === '') return null;
  if (workflow.length > 100 || !WORKFLOW_NAME_PATTERN.test(workflow)) {
    throw new InvalidSecretError(
      `${JSON.stringify(workflow.slice(0, 100))} is not a workflow name: use lowercase letters, digits, - and _`,
    );
  }
  return workflow;
}
