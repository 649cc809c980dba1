import { randomBytes } from 'node:crypto';
import type { PrismaClient } from './generated/prisma/client.ts';
import { toApiTokenRecord, toUserRecord } from './mappers.ts';
import type { ApiTokenRecord, ApiTokenWithUser, NewApiToken } from './records.ts';

/** `lastUsedAt` is written at most this often per token, so every request is not a write. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A token id people can type: `tok_` + 10 base36 characters. */
export function newApiTokenId(): string {
  let id = '';
  // 252 = 7 * 36: bytes at or above it are dropped, so every character is equally likely.
  while (id.length < 10) {
    for (const byte of randomBytes(16)) {
      if (byte < 252 && id.length < 10) id += ID_ALPHABET[byte % 36];
    }
  }
  return `tok_${id}`;
}

/**
 * API tokens (`Authorization: Bearer …`). The caller makes the token and gives its sha256;
 * only that hash is stored, so a token is shown once and never again.
 */
export class ApiTokens {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: NewApiToken): Promise<ApiTokenRecord> {
    const row = await this.prisma.apiToken.create({
      data: {
        id: newApiTokenId(),
        userId: input.userId,
        tokenHash: input.tokenHash,
        prefix: input.prefix,
        name: input.name ?? null,
        expiresAt: input.expiresAt ?? null,
        createdByUserId: input.createdByUserId ?? null,
      },
    });
    return toApiTokenRecord(row);
  }

  /**
   * The token with this hash and its user, if it is usable at `now`: not revoked and not
   * expired. Whether the user is disabled is the caller's to check (`user.banned`).
   */
  async findByHash(tokenHash: string, now: Date = new Date()): Promise<ApiTokenWithUser | null> {
    const row = await this.prisma.apiToken.findFirst({
      where: {
        tokenHash,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      include: { user: true },
    });
    if (!row) return null;
    const { user, ...token } = row;
    return { ...toApiTokenRecord(token), user: toUserRecord(user) };
  }

  async get(id: string): Promise<ApiTokenRecord | null> {
    const row = await this.prisma.apiToken.findUnique({ where: { id } });
    return row ? toApiTokenRecord(row) : null;
  }

  /** A user's tokens, newest first, revoked and expired ones included. */
  async listByUser(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.prisma.apiToken.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map(toApiTokenRecord);
  }

  /** Every token, newest first (admins' list). */
  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.prisma.apiToken.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map(toApiTokenRecord);
  }

  /**
   * Revokes a token (the first revocation's time is kept). False when there is no such token,
   * or, with `userId`, when it is not that user's.
   */
  async revoke(id: string, options: { userId?: string; at?: Date } = {}): Promise<boolean> {
    const where = { id, ...(options.userId !== undefined && { userId: options.userId }) };
    const { count } = await this.prisma.apiToken.updateMany({
      where: { ...where, revokedAt: null },
      data: { revokedAt: options.at ?? new Date() },
    });
    if (count > 0) return true;
    return (await this.prisma.apiToken.count({ where })) > 0;
  }

  /**
   * Records that the token was used at `now`, unless that was already recorded less than
   * `TOKEN_TOUCH_INTERVAL_MS` before. True when it wrote.
   */
  async touch(id: string, now: Date = new Date()): Promise<boolean> {
    const { count } = await this.prisma.apiToken.updateMany({
      where: {
        id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lte: new Date(now.getTime() - TOKEN_TOUCH_INTERVAL_MS) } },
        ],
      },
      data: { lastUsedAt: now },
    });
    return count > 0;
  }
}
