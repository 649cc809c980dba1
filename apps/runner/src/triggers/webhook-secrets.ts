import type { SecretResolver } from '../identity/secret-resolver.ts';
import type { Session } from '../session/session.ts';
import { loadLocalWebhookSecret } from './local-secret.ts';
import type { HookTarget } from './sources.ts';

/** The secret senders sign with, in the secrets store (`arcflow secret set WEBHOOK_SECRET`). */
export const WEBHOOK_SECRET_NAME = 'WEBHOOK_SECRET';

/**
 * A secret a delivery may be signed with, and whom it serves: `workflow` null for the
 * workspace's (every workflow without one of its own), else that workflow's own.
 */
export interface WebhookKey {
  value: string;
  workflow: string | null;
}

export type WebhookKeys =
  | {
      ok: true;
      keys: WebhookKey[];
      /** The workflows with a `WEBHOOK_SECRET` of their own: only their own key serves them. */
      own: ReadonlySet<string>;
    }
  | { ok: false; reason: string };

/**
 * Finds the secrets a delivery is checked against. A workflow's own `WEBHOOK_SECRET` wins over
 * the workspace's: GitHub, GitLab and git-hook deliveries are checked against the workspace's
 * secret plus each workflow's own (a delivery signed with one only reaches that workflow). A
 * generic webhook is checked against its workflow's secret. In local mode, without a stored
 * secret, `ARCFLOW_WEBHOOK_SECRET` or `.mia/state/webhook.secret` serves (the git hook signs
 * with it: it has no database to read the store from); in team mode the file is never read,
 * and the git hook must sign with the stored workspace secret.
 */
export class WebhookSecrets {
  constructor(
    private readonly session: Session,
    private readonly resolver: SecretResolver,
    private readonly team: boolean,
  ) {}

  async keysFor(target: HookTarget): Promise<WebhookKeys> {
    const own = await this.ownSecrets();
    const ownSet = new Set(own.keys());
    if (target.source === 'generic') {
      const value = own.get(target.workflow) ?? (await this.stored('')) ?? (await this.local());
      return value
        ? { ok: true, keys: [{ value, workflow: target.workflow }], own: ownSet }
        : { ok: false, reason: missing() };
    }
    const keys: WebhookKey[] = [];
    const stored = await this.stored('');
    if (stored) keys.push({ value: stored, workflow: null });
    if (!(this.team && target.source === 'git-hook')) {
      const local = await this.local();
      if (local && local !== stored) keys.push({ value: local, workflow: null });
    }
    for (const [workflow, value] of own) keys.push({ value, workflow });
    if (keys.length > 0) return { ok: true, keys, own: ownSet };
    return {
      ok: false,
      reason:
        target.source !== 'git-hook'
          ? missing()
          : this.team
            ? `no webhook secret for git hooks: set one with \`arcflow secret set ${WEBHOOK_SECRET_NAME}\` and give the git hook the same value in ARCFLOW_WEBHOOK_SECRET`
            : 'no webhook secret for git hooks: run `arcflow hooks install`, or set ARCFLOW_WEBHOOK_SECRET to the same value for the runner and the git hook',
    };
  }

  /** The workflows with a `WEBHOOK_SECRET` of their own. */
  async ownWorkflows(): Promise<Set<string>> {
    return new Set((await this.ownSecrets()).keys());
  }

  /** Each workflow's own `WEBHOOK_SECRET`, opened. */
  private async ownSecrets(): Promise<Map<string, string>> {
    const all = await this.session.store.secrets.listAll(this.session.workspaceDir);
    const own = new Map<string, string>();
    for (const s of all) {
      if (s.name !== WEBHOOK_SECRET_NAME || s.workflowName === '') continue;
      const value = await this.stored(s.workflowName);
      if (value) own.set(s.workflowName, value);
    }
    return own;
  }

  /** The stored secret of exactly this scope ('' the workspace's), opened. */
  private async stored(workflowName: string): Promise<string | undefined> {
    const { store, workspaceDir } = this.session;
    if (!(await store.secrets.get({ workspaceDir, workflowName }, WEBHOOK_SECRET_NAME))) {
      return undefined;
    }
    const values = await this.resolver.resolve([WEBHOOK_SECRET_NAME], {
      workspaceDir,
      workflowName,
    });
    return values.get(WEBHOOK_SECRET_NAME);
  }

  /** `ARCFLOW_WEBHOOK_SECRET`, else (local mode only) the secret file; never made here. */
  private async local(): Promise<string | undefined> {
    const fromEnv = this.session.env.ARCFLOW_WEBHOOK_SECRET;
    if (this.team) return fromEnv?.trim() || undefined;
    const local = await loadLocalWebhookSecret({
      workspaceDir: this.session.workspaceDir,
      fromEnv,
      create: false,
    });
    return local?.value;
  }
}

function missing(): string {
  return `no webhook secret is set: set one with \`arcflow secret set ${WEBHOOK_SECRET_NAME}\` and give the sender the same value`;
}
