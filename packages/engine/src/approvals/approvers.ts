import { ROLES, type Role, roleAtLeast } from '../identity/roles.ts';

/**
 * Who may decide a ceremony step, as written in `approvers:`: a username (`alice`) or a
 * role (`role:approver`, anyone with that role or a higher one).
 */
export type ApproverEntry = { kind: 'user'; username: string } | { kind: 'role'; role: Role };

/** A username as people sign in with it: letters, digits, `_`, `.` and `-`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const ROLE_PREFIX = 'role:';

/** The roles that can decide at all: deciding needs the approver role. */
export const DECIDING_ROLES = ROLES.filter((role) => roleAtLeast(role, 'approver'));

/** What is wrong with one entry of `approvers:`, or undefined when it is fine. */
export function approverEntryProblem(entry: string): string | undefined {
  if (entry.startsWith(ROLE_PREFIX)) {
    const role = entry.slice(ROLE_PREFIX.length);
    const known = DECIDING_ROLES.map((r) => `${ROLE_PREFIX}${r}`).join(', ');
    if (!(ROLES as readonly string[]).includes(role)) {
      return `unknown role ${JSON.stringify(role)}; roles that may decide: ${known}`;
    }
    if (!(DECIDING_ROLES as readonly string[]).includes(role)) {
      return `the ${role} role cannot decide (deciding needs the approver role); use ${known}`;
    }
    return undefined;
  }
  if (!USERNAME_PATTERN.test(entry)) {
    return `${JSON.stringify(entry)} is not a username (letters, digits, "_", "." and "-", at most 64) nor a role like role:approver`;
  }
  return undefined;
}

/** Reads a valid `approvers:` list (see `approverEntryProblem`); usernames in lower case. */
export function parseApprovers(entries: readonly string[]): ApproverEntry[] {
  return entries.map((entry) =>
    entry.startsWith(ROLE_PREFIX)
      ? { kind: 'role', role: entry.slice(ROLE_PREFIX.length) as Role }
      : { kind: 'user', username: entry.toLowerCase() },
  );
}

/** `alice`, `alice or bob`, `alice or someone with the approver role`. */
export function describeApprovers(entries: readonly string[]): string {
  const words = parseApprovers(entries).map((entry) =>
    entry.kind === 'user' ? entry.username : `someone with the ${entry.role} role`,
  );
  if (words.length <= 1) return words[0] ?? 'anyone with the approver role';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
