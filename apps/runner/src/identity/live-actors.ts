import type { PrismaClient } from '@arcflow/db';
import type { Actor } from './actor.ts';

/**
 * Which of these actors (of open WebSockets) may still act as they did when they connected:
 * the session still exists, the token is neither revoked nor expired, the user is not
 * disabled and has the same role. Three queries whatever the number of actors; whoever
 * changed things (this runner, another one, the CLI) is seen the same way.
 */
export async function stillValid(
  prisma: PrismaClient,
  actors: readonly Actor[],
): Promise<boolean[]> {
  const now = new Date();
  const signedIn = actors.filter((actor) => actor.kind !== 'local');
  const userIds = [...new Set(signedIn.map((actor) => actor.userId))];
  const sessionIds = signedIn.flatMap((a) =>
    a.kind === 'user' && a.sessionId ? [a.sessionId] : [],
  );
  const tokenIds = signedIn.flatMap((a) => (a.kind === 'token' ? [a.tokenId] : []));
  const [users, sessions, tokens] = await Promise.all([
    userIds.length
      ? prisma.user.findMany({
          where: { id: { in: userIds } },
          select: { id: true, role: true, banned: true },
        })
      : [],
    sessionIds.length
      ? prisma.session.findMany({
          where: { id: { in: sessionIds }, expiresAt: { gt: now } },
          select: { id: true },
        })
      : [],
    tokenIds.length
      ? prisma.apiToken.findMany({
          where: {
            id: { in: tokenIds },
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
          },
          select: { id: true },
        })
      : [],
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const liveSessions = new Set(sessions.map((session) => session.id));
  const liveTokens = new Set(tokens.map((token) => token.id));
  return actors.map((actor) => {
    if (actor.kind === 'local') return true;
    const user = userById.get(actor.userId);
    if (!user || user.banned || user.role !== actor.role) return false;
    if (actor.kind === 'token') return liveTokens.has(actor.tokenId);
    return actor.sessionId === undefined || liveSessions.has(actor.sessionId);
  });
}
