import type { Store, UserRecord } from '@arcflow/db';
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

/** Refuses to leave the team without an admin who can sign in. */
async function keepAnAdmin(store: Store, user: UserRecord, what: string): Promise<void> {
  if (user.role !== 'admin' || user.banned) return;
  if ((await store.users.countAdmins()) <= 1) {
    throw new UserError(
      `${user.username} is the last admin and cannot be ${what}; make someone else an admin first (arcflow user set-role <name> admin)`,
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
  if (role !== 'admin') await keepAnAdmin(store, user, 'demoted');
  const updated = await store.users.setRole(user.id, role);
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
  await keepAnAdmin(store, user, 'disabled');
  const updated = await store.users.disable(user.id);
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
