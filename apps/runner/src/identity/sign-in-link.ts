import type { UserRecord } from '@arcflow/db';
import type { ServerEnv } from '../server/server-env.ts';
import type { Session } from '../session/session.ts';
import { type ArcflowAuth, createAuth } from './auth.ts';
import { loadSecretKey } from './secret-key.ts';

/** `arcflow serve`'s default address, where a link points when `ARCFLOW_PUBLIC_URL` is unset. */
const DEFAULT_PUBLIC_URL = 'http://localhost:4100';
const LINK_LIFETIME_MS = 86_400_000;

/** Where a link is opened (the runner) and where it lands the person, signed in (the web app). */
export function linkPlaces(env: ServerEnv): { publicUrl: string; landingUrl: string } {
  const publicUrl = env.ARCFLOW_PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  return {
    publicUrl,
    landingUrl: env.ARCFLOW_WEB_URL ?? env.ARCFLOW_ALLOWED_ORIGINS[0] ?? publicUrl,
  };
}

/**
 * Sign-in as the admin commands on the server's machine use it: on the database directly,
 * with the same secret as the runner (the workspace's secret key or `ARCFLOW_SECRET_KEY`).
 */
export async function authForCli(session: Session, env: ServerEnv): Promise<ArcflowAuth> {
  const { key } = await loadSecretKey({
    workspaceDir: session.workspaceDir,
    fromEnv: session.env.ARCFLOW_SECRET_KEY,
  });
  const { publicUrl, landingUrl } = linkPlaces(env);
  return createAuth({
    prisma: session.db.prisma,
    store: session.store,
    publicUrl,
    trustedOrigins: [...env.ARCFLOW_ALLOWED_ORIGINS, new URL(landingUrl).origin],
    masterKey: key,
  });
}

/**
 * A one-time sign-in link for `user`, valid 24 hours: opened in a browser it signs them in
 * on the runner and lands on the web app. Useful as a first sign-in and as a password reset.
 */
export async function makeSignInLink(
  auth: ArcflowAuth,
  user: UserRecord,
  env: ServerEnv,
  now = Date.now(),
): Promise<{ url: string; expiresAt: Date }> {
  const url = await auth.signInLink(user.email, linkPlaces(env).landingUrl);
  return { url, expiresAt: new Date(now + LINK_LIFETIME_MS) };
}
