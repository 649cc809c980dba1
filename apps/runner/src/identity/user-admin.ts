import { LastAdminError, type Store, type UserRecord } from '@arcflow/db';
import { isRole, ROLES, type Role } from '@arcflow/engine';
import { UserError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { auditEntry } from './audit-trail.ts';

/** What better-auth's username plugin accepts: 3–30 letters, digits, `_` and `.`. */
const USERNAME = /^[a-zA-Z0-9_.]{3,30}$/;

export function checkUsername(name: string): string {
  if (!USERNAME.test(name)) {
    throw new UserError(`"${name}" is not a username: use 3 to 30 letters, digits, "_" or "."`);
  }
  return name;
}

export function checkRole(role: string): Role {
  if (!isRole(role)) throw new UserError(`unknown role "${role}"; roles: ${ROLES.join(', ')}`);
  return role;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The user with this username, or a one-line error suggesting near names. */
export async function findUser(store: Store, username: string): Promise<UserRecord> {
  const user = await store.users.getByUsername(username);
  if (user) return user;
  const wanted = username.toLowerCase();
  const near = (await store.users.list())
    .map((u) => u.username)
    .filter(
      (name) =>
        editDistance(wanted, name) <= 2 || name.startsWith(wanted) || wanted.startsWith(name),
    )
    .slice(0, 3);
  const hint = near.length
    ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
    : 'see arcflow user list';
  throw new UserError(`no user "${username}"; ${hint}`);
}

/**
 * Makes a change that may take an admin away; the store refuses it (`LastAdminError`), in
 * the change's own transaction, when it would leave the team without an admin who can sign in.
 */
async function keepingAnAdmin<T>(
  user: UserRecord,
  what: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof LastAdminError)) throw error;
    throw new UserError(
      `${user.username} is the last admin and cannot be ${what}; make someone else an admin first (arcflow user set-role <name> admin)`,
      2,
      { cause: error },
    );
  }
}

export async function setUserRole(
  store: Store,
  actor: Actor,
  user: UserRecord,
  role: Role,
): Promise<UserRecord> {
  if (user.role === role) return user;
  const updated = await keepingAnAdmin(user, 'demoted', () => store.users.setRole(user.id, role));
  if (!updated) throw new UserError(`no user "${user.username}"`);
  await store.audit.append(
    auditEntry(
      actor,
      'user.set_role',
      { type: 'user', id: user.id },
      { username: user.username, from: user.role, to: role },
    ),
  );
  return updated;
}

/** Disables a user: they cannot sign in, their sessions end and their tokens are revoked. */
export async function disableUser(
  store: Store,
  actor: Actor,
  user: UserRecord,
): Promise<UserRecord> {
  if (user.banned) return user;
  const updated = await keepingAnAdmin(user, 'disabled', () => store.users.disable(user.id));
  if (!updated) throw new UserError(`no user "${user.username}"`);
  await store.audit.append(
    auditEntry(actor, 'user.disable', { type: 'user', id: user.id }, { username: user.username }),
  );
  return updated;
}

export async function enableUser(
  store: Store,
  actor: Actor,
  user: UserRecord,
): Promise<UserRecord> {
  if (!user.banned) return user;
  const updated = await store.users.enable(user.id);
  if (!updated) throw new UserError(`no user "${user.username}"`);
  await store.audit.append(
    auditEntry(actor, 'user.enable', { type: 'user', id: user.id }, { username: user.username }),
  );
  return updated;
}
