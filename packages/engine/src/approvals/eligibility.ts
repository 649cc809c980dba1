import { type Role, roleAtLeast } from '../identity/roles.ts';
import { describeApprovers, parseApprovers } from './approvers.ts';

/** The rules of one ceremony step, from its `with` and the workflow's `four_eyes`. */
export interface DecisionRules {
  /** `approvers:` as written; empty means anyone with the approver role. */
  approvers: readonly string[];
  /** False when the workflow waives the four-eyes rule (`four_eyes: false`). */
  fourEyes: boolean;
  /** Who started the run (signed-in user id); null when unknown or started locally. */
  startedByUserId: string | null;
}

/** Who wants to decide: a signed-in person (a user, or a token acting for one). */
export interface Decider {
  userId: string;
  username: string;
  role: Role;
}

export type Eligibility = { ok: true } | { ok: false; reason: string };

/**
 * Whether `decider` may approve or reject a step under `rules`. Deciding always needs the
 * approver role: `approvers:` narrows who may decide, it never widens it. The four-eyes rule
 * keeps the person who started the run from approving it, unless the workflow waives it.
 */
export function canDecide(rules: DecisionRules, decider: Decider): Eligibility {
  if (!roleAtLeast(decider.role, 'approver')) {
    return {
      ok: false,
      reason: `deciding needs the approver role; you are ${decider.role}`,
    };
  }
  if (
    rules.fourEyes &&
    rules.startedByUserId !== null &&
    rules.startedByUserId === decider.userId
  ) {
    return {
      ok: false,
      reason: 'you started this run; someone else must approve (four-eyes rule)',
    };
  }
  if (rules.approvers.length > 0 && !isListed(rules.approvers, decider)) {
    return {
      ok: false,
      reason: `only ${describeApprovers(rules.approvers)} may decide this step`,
    };
  }
  return { ok: true };
}

function isListed(approvers: readonly string[], decider: Decider): boolean {
  const username = decider.username.toLowerCase();
  return parseApprovers(approvers).some((entry) =>
    entry.kind === 'user' ? entry.username === username : roleAtLeast(decider.role, entry.role),
  );
}
