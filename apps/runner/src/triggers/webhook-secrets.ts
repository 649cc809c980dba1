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

export type WebhookKeys = { ok: true; keys: WebhookKey[] } | { ok: false; reason: string };

/**
 * Finds the secrets a delivery is checked against. A workflow's own `WEBHOOK_SECRET` wins over
 * the workspace's. GitHub and GitLab hooks serve every workflow: the workspace's secret, plus
 * each workflow's own (a delivery signed with one only reaches that workflow). A generic
 * webhook is checked against its workflow's secret. In local mode, without a stored secret,
 * `ARCFLOW_WEBHOOK_SECRET` or `.mia/state/webhook.secret` (created on first use) serves;
 * in team mode only a stored secret or the variable does. The local git hook signs with the
 * local secret (it has no database to read the store from).
 */
export class WebhookSecrets {
  constructor(
    private readonly session: Session,
    private readonly resolver: SecretResolver,
    private readonly team: boolean,
  ) {}

  async keysFor(target: HookTarget): Promise<WebhookKeys> {
    if (target.source === 'git-hook') {
      const local = await this.local();
      return local
        ? { ok: true, keys: [{ value: local, workflow: null }] }
        : {
            ok: false,
            reason: `no webhook secret for git hooks: set ARCFLOW_WEBHOOK_SECRET to the same value for the runner and the git hook`,
          };
    }
    if (target.source === 'generic') {
      const value =
        (await this.stored(target.workflow)) ?? (await this.stored('')) ?? (await this.local());
      return value
        ? { ok: true, keys: [{ value, workflow: target.workflow }] }
        : { ok: false, reason: missing() };
    }
    const keys: WebhookKey[] = [];
    const shared = (await this.stored('')) ?? (await this.local());
    if (shared) keys.push({ value: shared, workflow: null });
    for (const workflow of await this.workflowsWithOwnSecret()) {
      const own = await this.stored(workflow);
      if (own) keys.push({ value: own, workflow });
    }
    return keys.length > 0 ? { ok: true, keys } : { ok: false, reason: missing() };
  }

  /** The workflows that have a `WEBHOOK_SECRET` of their own. */
  async workflowsWithOwnSecret(): Promise<string[]> {
    const all = await this.session.store.secrets.listAll(this.session.workspaceDir);
    return all
      .filter((s) => s.name === WEBHOOK_SECRET_NAME && s.workflowName !== '')
      .map((s) => s.workflowName);
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

  private async local(): Promise<string | undefined> {
    const local = await loadLocalWebhookSecret({
      workspaceDir: this.session.workspaceDir,
      fromEnv: this.session.env.ARCFLOW_WEBHOOK_SECRET,
      create: !this.team,
    });
    return local?.value;
  }
}

function missing(): string {
  return `no webhook secret is set: set one with \`arcflow secret set ${WEBHOOK_SECRET_NAME}\` and give the sender the same value`;
}
