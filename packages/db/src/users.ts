import { randomBytes } from 'node:crypto';
import { LastAdminError, UserExistsError } from './errors.ts';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { toUserRecord } from './mappers.ts';
import type { NewUser, UserRecord, UserRole } from './records.ts';

/** The domain of the emails given to people added without one (reserved: never delivered). */
export const PLACEHOLDER_EMAIL_DOMAIN = 'users.arcflow.invalid';

/**
 * A unique constraint refused the write. PostgreSQL's comes as Prisma's P2002; through
 * `pglite-prisma-adapter` 0.6 it comes as the driver adapter's error with SQLSTATE 23505.
 */
function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002';
  const cause = (error as { name?: unknown; cause?: { code?: unknown; kind?: unknown } } | null)
    ?.cause;
  return cause?.code === '23505' || cause?.kind === 'UniqueConstraintViolation';
}

/** A user id like better-auth's own: 32 random base62 characters. */
export function newUserId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  // 248 = 4 * 62: bytes at or above it are dropped, so every character is equally likely.
  while (id.length < 32) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && id.length < 32) id += alphabet[byte % 62];
    }
  }
  return id;
}

/**
 * People who can sign in (team mode): the `users` table better-auth also reads and writes
 * (sign-in, sessions and passwords are its job). Disabling bans a user, ends their sessions
 * and revokes their tokens; users are never deleted, since history names them.
 */
export class Users {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Adds a user. The username and email are stored in lower case, as better-auth does;
   * `UserExistsError` when another user has either.
   */
  async create(input: NewUser): Promise<UserRecord> {
    const username = input.username.toLowerCase();
    const email = (input.email ?? `${username}@${PLACEHOLDER_EMAIL_DOMAIN}`).toLowerCase();
    try {
      const row = await this.prisma.user.create({
        data: {
          id: newUserId(),
          username,
          displayUsername: input.username,
          name: input.name ?? input.username,
          email,
          emailVerified: input.emailVerified ?? true,
          role: input.role ?? 'viewer',
        },
      });
      return toUserRecord(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        // Which key clashed: asked again, since drivers report the constraint differently.
        const taken = await this.prisma.user.findUnique({ where: { username } });
        throw taken
          ? new UserExistsError('username', username, { cause: error })
          : new UserExistsError('email', email, { cause: error });
      }
      throw error;
    }
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { id } });
    return row ? toUserRecord(row) : null;
  }

  /** By username, in any case. */
  async getByUsername(username: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { username: username.toLowerCase() } });
    return row ? toUserRecord(row) : null;
  }

  /** By email, in any case. */
  async getByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    return row ? toUserRecord(row) : null;
  }

  /** Every user, by username (teams are small: no paging). */
  async list(): Promise<UserRecord[]> {
    const rows = await this.prisma.user.findMany({ orderBy: { username: 'asc' } });
    return rows.map(toUserRecord);
  }

  /**
   * Changes a user's role; null when there is no such user. `LastAdminError` when it would
   * demote the last active admin.
   */
  async setRole(id: string, role: UserRole): Promise<UserRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      if (role !== 'admin') await keepAnAdmin(tx, id);
      const { count } = await tx.user.updateMany({ where: { id }, data: { role } });
      if (count === 0) return null;
      return toUserRecord(await tx.user.findUniqueOrThrow({ where: { id } }));
    });
  }

  /**
   * Disables a user (banned, with an optional reason): in one transaction their sessions end
   * and their tokens are revoked. Null when there is no such user; `LastAdminError` when it
   * would disable the last active admin.
   */
  async disable(id: string, reason?: string, at: Date = new Date()): Promise<UserRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      await keepAnAdmin(tx, id);
      const { count } = await tx.user.updateMany({
        where: { id },
        data: { banned: true, banReason: reason ?? null, banExpires: null },
      });
      if (count === 0) return null;
      await tx.session.deleteMany({ where: { userId: id } });
      await tx.apiToken.updateMany({
        where: { userId: id, revokedAt: null },
        data: { revokedAt: at },
      });
      const row = await tx.user.findUniqueOrThrow({ where: { id } });
      return toUserRecord(row);
    });
  }

  /** Lets a disabled user sign in again (their old tokens stay revoked). */
  async enable(id: string): Promise<UserRecord | null> {
    const { count } = await this.prisma.user.updateMany({
      where: { id },
      data: { banned: false, banReason: null, banExpires: null },
    });
    return count > 0 ? this.get(id) : null;
  }

  /** How many admins are not disabled (so the last one is never demoted or disabled). */
  async countAdmins(): Promise<number> {
    return this.prisma.user.count({
      where: { role: 'admin', OR: [{ banned: false }, { banned: null }] },
    });
  }

  /** How many users there are (none: the first admin is still to be added). */
  async count(): Promise<number> {
    return this.prisma.user.count();
  }
}

/**
 * Refuses, inside the transaction about to demote or disable user `id`, when they are the
 * last active admin. The active admins' rows are locked first (in id order, so two callers
 * never deadlock) and held until the transaction ends: of two admins taking each other
 * away at once, the second waits for the first, then sees one admin left and is refused.
 * A single conditional UPDATE would not do: each would check the other still active in its
 * own snapshot, and both would commit.
 */
async function keepAnAdmin(tx: Prisma.TransactionClient, id: string): Promise<void> {
  const admins = await tx.$queryRaw<Array<{ id: string; username: string }>>`
    SELECT "id", "username" FROM "users"
    WHERE "role" = 'admin' AND "banned" IS NOT TRUE
    ORDER BY "id"
    FOR UPDATE`;
  const user = admins.find((admin) => admin.id === id);
  if (user && admins.length === 1) throw new LastAdminError(user.id, user.username);
}
