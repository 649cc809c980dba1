import { PLACEHOLDER_EMAIL_DOMAIN, UserExistsError, type UserRecord } from '@arcflow/db';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { auditEntry } from '../../identity/audit-trail.ts';
import {
  checkRole,
  checkUsername,
  disableUser,
  enableUser,
  findUser,
  setUserRole,
} from '../../identity/user-admin.ts';
import { readServerEnv, type ServerEnv } from '../../server/server-env.ts';
import { withSession } from '../../session/session.ts';
import { err, out, printJson } from '../output.ts';

// Admin commands for team mode, run on the server's machine: they write the database
// directly, and the audit trail records the local person (client `cli-local`).

interface WorkspaceOption {
  workspace?: string;
}

const MIN_PASSWORD = 8;
const cliActor = () => localActor({ client: 'cli-local' });

function env(): ServerEnv {
  try {
    return readServerEnv();
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

/** The email shown for a user: none when they were added without one. */
const shownEmail = (user: UserRecord): string | null =>
  user.email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`) ? null : user.email;

export function userJson(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    email: shownEmail(user),
    role: user.role,
    disabled: user.banned,
    createdAt: user.createdAt.toISOString(),
  };
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UserError(
      '--password-stdin reads the password from a pipe: printf %s "$PASSWORD" | arcflow user add …',
    );
  }
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const password = text.replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD) {
    throw new UserError(`the password must have at least ${MIN_PASSWORD} characters`);
  }
  return password;
}

function printLink(name: string, link: { url: string; expiresAt: Date }): void {
  err(
    `one-time sign-in link for ${name} (valid until ${link.expiresAt.toLocaleString()}; works once):`,
  );
  out(link.url);
}

/** `arcflow user add <name> --role <role> [--email <e>] [--name <display>] [--password-stdin]` */
export async function userAddCommand(
  username: string,
  options: WorkspaceOption & {
    role: string;
    email?: string;
    name?: string;
    passwordStdin?: boolean;
  },
): Promise<number> {
  checkUsername(username);
  const role = checkRole(options.role);
  if (options.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.email)) {
    throw new UserError(`"${options.email}" is not an email address`);
  }
  const password = options.passwordStdin ? await readPassword() : undefined;
  const settings = env();
  return withSession(options.workspace, 'user', async (session) => {
    // Loaded only here: better-auth takes a moment to import.
    const { authForCli, makeSignInLink } = await import('../../identity/sign-in-link.ts');
    const auth = await authForCli(session, settings);
    let user: UserRecord;
    try {
      user = await session.store.users.create({
        username,
        role,
        emailVerified: true,
        ...(options.email !== undefined ? { email: options.email } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
    } catch (error) {
      if (error instanceof UserExistsError) throw new UserError(error.message, 2, { cause: error });
      throw error;
    }
    if (password !== undefined) await auth.setPassword(user.id, password);
    await session.store.audit.append(
      auditEntry(
        cliActor(),
        'user.add',
        { type: 'user', id: user.id },
        {
          username: user.username,
          role,
          password: password !== undefined,
        },
      ),
    );
    err(`added ${user.username} (${role})`);
    printLink(user.username, await makeSignInLink(auth, user, settings));
    return 0;
  });
}

/** `arcflow user list [--json]` */
export async function userListCommand(
  options: WorkspaceOption & { json?: boolean },
): Promise<number> {
  return withSession(options.workspace, 'user', async (session) => {
    const users = await session.store.users.list();
    if (options.json) {
      printJson(users.map(userJson));
      return 0;
    }
    if (users.length === 0) {
      out('no users yet; add the first admin with: arcflow user add <name> --role admin');
      return 0;
    }
    const width = Math.max(...users.map((u) => u.username.length));
    for (const user of users) {
      const state = user.banned ? pc.red('disabled') : '';
      const email = shownEmail(user);
      out(
        [
          user.username.padEnd(width),
          user.role.padEnd(8),
          user.name,
          email ? pc.dim(email) : '',
          state,
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
    return 0;
  });
}

/** `arcflow user set-role <name> <role>` */
export async function userSetRoleCommand(
  username: string,
  roleText: string,
  options: WorkspaceOption,
): Promise<number> {
  const role = checkRole(roleText);
  return withSession(options.workspace, 'user', async (session) => {
    const user = await findUser(session.store, username);
    const updated = await setUserRole(session.store, cliActor(), user, role);
    out(
      user.role === role
        ? `${user.username} is already ${role}`
        : `${updated.username} is now ${role} (was ${user.role})`,
    );
    return 0;
  });
}

/** `arcflow user disable <name>` / `arcflow user enable <name>` */
export async function userEnableCommand(
  username: string,
  enable: boolean,
  options: WorkspaceOption,
): Promise<number> {
  return withSession(options.workspace, 'user', async (session) => {
    const user = await findUser(session.store, username);
    if (enable) {
      await enableUser(session.store, cliActor(), user);
      out(
        user.banned
          ? `${user.username} may sign in again (old tokens stay revoked)`
          : `${user.username} is not disabled`,
      );
    } else {
      await disableUser(session.store, cliActor(), user);
      out(
        user.banned
          ? `${user.username} is already disabled`
          : `${user.username} is disabled: signed out everywhere, tokens revoked`,
      );
    }
    return 0;
  });
}

/** `arcflow user link <name>`: a new one-time sign-in link (also how a password is reset). */
export async function userLinkCommand(username: string, options: WorkspaceOption): Promise<number> {
  const settings = env();
  return withSession(options.workspace, 'user', async (session) => {
    const user = await findUser(session.store, username);
    if (user.banned)
      throw new UserError(
        `${user.username} is disabled; enable them first: arcflow user enable ${user.username}`,
      );
    const { authForCli, makeSignInLink } = await import('../../identity/sign-in-link.ts');
    const auth = await authForCli(session, settings);
    printLink(user.username, await makeSignInLink(auth, user, settings));
    return 0;
  });
}
