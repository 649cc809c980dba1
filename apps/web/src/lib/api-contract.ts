/**
 * THE SEAM (issue 12): procedures of the agreed API contract that this branch's `AppRouter`
 * does not have yet, or has with an older shape. Each entry is the contract's input and
 * output; `contract-client.ts` calls them by path. When the runner's router has them, delete
 * the entry, switch its callers to `useTRPC()` and take the types from `api-types.ts`.
 */
import type { RunDetail, RunStep } from './api-types';
import type { Role } from './roles';

export interface SignInProvider {
  id: string;
  name: string;
  type: 'social' | 'oidc';
}

/** `auth.me`: who the UI talks as (null when nobody is signed in) and how one signs in. */
export interface Me {
  mode: 'local' | 'team';
  actor: {
    kind: 'local' | 'user' | 'token';
    name: string;
    username: string | null;
    role: Role;
  } | null;
  signIn: { password: boolean; providers: SignInProvider[] };
}

export type CanDecide = { ok: true } | { ok: false; reason: string };

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  by: string;
  userId: string | null;
  comment: string | null;
  at: string;
}

/** A ceremony step's rule and the decisions so far (`runs.get` → `steps[].approval`). */
export interface StepApproval {
  approvers: string[];
  requiredApprovals: number;
  fourEyes: boolean;
  decisions: ApprovalDecision[];
}

/** What the contract adds to `runs.get`. */
export type ContractRunStep = RunStep & { approval?: StepApproval | null };
export type ContractRunDetail = Omit<RunDetail, 'steps'> & {
  startedBy?: { name: string; userId: string | null } | null;
  steps: ContractRunStep[];
};

export interface UserJson {
  id: string;
  username: string;
  name: string;
  /** null for the placeholder emails of users added without one. */
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface TokenJson {
  id: string;
  name: string | null;
  prefix: string;
  userId: string;
  username: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SecretJson {
  name: string;
  workflow: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface AuditQuery {
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  beforeId?: string;
  limit?: number;
}

export interface AuditEntryJson {
  id: string;
  at: string;
  actorKind: string;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  client: string | null;
}

export interface AuditPage {
  entries: AuditEntryJson[];
  nextBeforeId: string | null;
}

/** Every contract procedure this branch calls through the seam: input and output. */
export interface ContractQueries {
  'auth.me': { input: undefined; output: Me };
  'runs.canDecide': { input: { runId: string; stepId: string }; output: CanDecide };
  'users.list': { input: undefined; output: UserJson[] };
  'tokens.mine': { input: undefined; output: TokenJson[] };
  'tokens.list': { input: undefined; output: TokenJson[] };
  'secrets.list': { input: { workflow?: string }; output: SecretJson[] };
  'audit.list': { input: AuditQuery; output: AuditPage };
}

export interface ContractMutations {
  'runs.approve': { input: { runId: string; stepId: string; comment?: string }; output: unknown };
  'runs.reject': { input: { runId: string; stepId: string; comment?: string }; output: unknown };
  'users.setRole': { input: { userId: string; role: Role }; output: UserJson };
  'users.disable': { input: { userId: string }; output: UserJson };
  'users.enable': { input: { userId: string }; output: UserJson };
  'tokens.createMine': {
    input: { name?: string; expiresInDays?: number };
    output: { token: string; info: TokenJson };
  };
  'tokens.revokeMine': { input: { id: string }; output: unknown };
  'tokens.revoke': { input: { id: string }; output: unknown };
  'secrets.set': {
    input: { name: string; value: string; workflow?: string };
    output: { name: string; workflow: string | null };
  };
  'secrets.delete': { input: { name: string; workflow?: string }; output: unknown };
}
