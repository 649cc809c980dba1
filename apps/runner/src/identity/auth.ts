// The only file that imports better-auth: everything else talks to `ArcflowAuth`, so the
// library can be swapped without touching the API, the server or the CLI.
import { hkdfSync } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { PrismaClient, Store } from '@arcflow/db';
import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { fromNodeHeaders, toNodeHandler } from 'better-auth/node';
import { admin, genericOAuth, magicLink, username } from 'better-auth/plugins';
import type { SignInProviderConfig } from '../server/server-env.ts';
import { AUTH_BASE_PATH } from './auth-names.ts';
import { CLIENT_IP_HEADER } from './client-ip.ts';
import { signInOAuth2 } from './oauth2-sign-in.ts';
import { failureFromRedirect, signInAuditEntry, signInMethod } from './sign-in-audit.ts';

const SESSION_SECONDS = 7 * 86_400;
const SIGN_IN_LINK_SECONDS = 86_400;
/**
 * Sign-in attempts (successful ones count too) per client address and minute: enough for a
 * team behind one address, few enough that guessing a password is hopeless.
 */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

/** How people may sign in, as `auth.me` tells the sign-in page. */
export interface SignInOptions {
  password: boolean;
  providers: Array<{ id: string; name: string; type: 'social' | 'oidc' }>;
}

/** A signed-in browser session, as the cookie names it. */
export interface SessionInfo {
  sessionId: string;
  userId: string;
}

export interface ArcflowAuth {
  /** Answers a request under `/api/auth/*`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The session a request's cookie names, if it is still valid. */
  sessionOf(headers: IncomingHttpHeaders): Promise<SessionInfo | null>;
  /**
   * A one-time link (valid 24 h) that signs the user with this email in and then lands on
   * `landingUrl`. Made without HTTP: the CLI prints it.
   */
  signInLink(email: string, landingUrl: string): Promise<string>;
  /** Sets (or replaces) the user's password, stored as an argon2id hash. */
  setPassword(userId: string, password: string): Promise<void>;
  signIn: SignInOptions;
  /** The runner's public origin (`ARCFLOW_PUBLIC_URL`'s). */
  publicOrigin: string;
}

export interface AuthOptions {
  prisma: PrismaClient;
  store: Store;
  /** The runner's address as browsers reach it. */
  publicUrl: string;
  /** The web app's origins (CORS allow-list): redirects and sign-ins may come from them. */
  trustedOrigins: readonly string[];
  /** The master key (the secrets key); the auth secret is derived from it. */
  masterKey: Buffer;
  providers?: readonly SignInProviderConfig[];
  /** Sign-in attempts one address may make per minute (default SIGN_IN_ATTEMPTS_PER_MINUTE). */
  signInPerMinute?: number;
}

/** The auth secret (cookie HMAC, OAuth state): HKDF of the master key, so nothing more to set. */
function authSecret(masterKey: Buffer): string {
  return Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'arcflow auth v1', 32),
  ).toString('hex');
}

export function createAuth(options: AuthOptions): ArcflowAuth {
  const providers = options.providers ?? [];
  const secure = options.publicUrl.startsWith('https:');
  const sentLinks = new Map<string, string>();
  const store = options.store;

  // The admin plugin only adds the `role`/`banned` columns and refuses banned users' sign-in;
  // roles are changed by our own API and CLI, so every one of its endpoints is switched off.
  const adminPlugin = admin({ defaultRole: 'viewer', adminRoles: ['admin'] });
  const adminPaths = Object.values(adminPlugin.endpoints).map((endpoint) => endpoint.path);

  const social = Object.fromEntries(
    providers
      .filter((p) => p.type === 'social')
      .map((p) => [
        p.id,
        {
          clientId: p.clientId,
          clientSecret: p.clientSecret,
          disableSignUp: true,
          ...(p.issuer ? { issuer: p.issuer } : {}),
        },
      ]),
  );
  const oidc = providers
    .filter((p) => p.type === 'oidc')
    .map((p) => ({
      providerId: p.id,
      discoveryUrl: `${p.issuer}/.well-known/openid-configuration`,
      clientId: p.clientId,
      clientSecret: p.clientSecret,
      scopes: ['openid', 'email', 'profile'],
      pkce: true,
      disableSignUp: true,
    }));

  const auth = betterAuth({
    appName: 'Arcflow',
    baseURL: options.publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: authSecret(options.masterKey),
    trustedOrigins: [...new Set([...options.trustedOrigins, new URL(options.publicUrl).origin])],
    database: prismaAdapter(options.prisma, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      password: {
        hash: (password) => hash(password),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
    },
    // No cookie cache: every request reads the session, so a sign-out or a disabled user
    // takes effect at once.
    session: { expiresIn: SESSION_SECONDS, updateAge: 86_400 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/*': { window: 60, max: options.signInPerMinute ?? SIGN_IN_ATTEMPTS_PER_MINUTE },
        '/magic-link/verify': { window: 60, max: 10 },
      },
    },
    advanced: {
      // better-auth skips its Origin/callbackURL checks when NODE_ENV is `test`; never here.
      disableOriginCheck: false,
      cookiePrefix: 'arcflow',
      useSecureCookies: secure,
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true, secure },
      // The server overwrites this header with the socket's address (or the trusted proxy's
      // view of it) on every request: a client cannot choose its own rate-limit bucket.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    account: {
      // OIDC sign-in only finds people an admin added, matched by email — and only by an email
      // the provider says it verified. (Listing providers as `trustedProviders` would skip
      // that check: anyone whose issuer lets them claim an address could take the account.)
      accountLinking: { enabled: true },
    },
    telemetry: { enabled: false },
    disabledPaths: [
      ...adminPaths,
      '/sign-up/email',
      '/sign-in/magic-link',
      '/delete-user',
      '/change-email',
      '/update-user',
      '/request-password-reset',
      '/reset-password',
      '/send-verification-email',
      '/is-username-available',
      // Provider tokens of linked accounts stay on the server.
      '/get-access-token',
      '/refresh-token',
      '/account-info',
    ],
    socialProviders: social,
    plugins: [
      username(),
      adminPlugin,
      magicLink({
        disableSignUp: true,
        expiresIn: SIGN_IN_LINK_SECONDS,
        storeToken: 'hashed',
        sendMagicLink: async ({ email, url }) => {
          sentLinks.set(email, url);
        },
      }),
      ...(oidc.length > 0 ? [genericOAuth({ config: oidc })] : []),
    ],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Audited before, since afterwards the session is gone.
        if (ctx.path !== '/sign-out') return;
        const current = await getSessionFromCtx(ctx).catch(() => null);
        if (!current) return;
        await store.audit.append(
          signInAuditEntry('auth.sign_out', ctx.headers, {
            userId: current.user.id,
            username: String(current.user.username ?? current.user.name),
          }),
        );
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const newSession = ctx.context.newSession;
        if (ctx.path === '/revoke-sessions') {
          const session = ctx.context.session;
          if (session && !isAPIError(returned)) {
            await store.audit.append(
              signInAuditEntry('auth.revoke_sessions', ctx.headers, {
                userId: session.user.id,
                username: String(session.user.username ?? session.user.name),
              }),
            );
          }
          return;
        }
        const method = signInMethod(ctx.path);
        if (!method) return;
        if (newSession) {
          await store.audit.append(
            signInAuditEntry(
              'auth.sign_in',
              ctx.headers,
              {
                userId: newSession.user.id,
                username: String(newSession.user.username ?? newSession.user.name),
              },
              { method },
            ),
          );
        } else if (isAPIError(returned) && (returned.statusCode >= 400 || method !== 'password')) {
          const body = (ctx.body ?? {}) as { username?: unknown; email?: unknown };
          const attempted = String(body.username ?? body.email ?? '').slice(0, 100);
          await store.audit.append(
            signInAuditEntry('auth.sign_in_failed', ctx.headers, undefined, {
              method,
              ...(attempted ? { username: attempted } : {}),
              reason: returned.body?.code ?? (returned.message || failureFromRedirect(returned)),
            }),
          );
        }
      }),
    },
  });

  const nodeHandler = toNodeHandler(auth);

  return {
    handle: (req, res) =>
      req.method === 'POST' && (req.url ?? '').split('?')[0] === `${AUTH_BASE_PATH}/sign-in/oauth2`
        ? signInOAuth2(auth.handler, req, res, AUTH_BASE_PATH)
        : nodeHandler(req, res),
    async sessionOf(headers) {
      const found = await auth.api.getSession({
        headers: fromNodeHeaders(headers),
        query: { disableRefresh: true },
      });
      if (!found) return null;
      return { sessionId: found.session.id, userId: found.user.id };
    },
    async signInLink(email, landingUrl) {
      const key = email.toLowerCase();
      sentLinks.delete(key);
      await auth.api.signInMagicLink({
        body: { email: key, callbackURL: landingUrl },
        headers: new Headers(),
      });
      const url = sentLinks.get(key);
      sentLinks.delete(key);
      if (!url) throw new Error(`no sign-in link was made for ${email}`);
      return url;
    },
    async setPassword(userId, password) {
      const context = await auth.$context;
      const hashed = await context.password.hash(password);
      const accounts = await context.internalAdapter.findAccounts(userId);
      if (accounts.some((account) => account.providerId === 'credential')) {
        await context.internalAdapter.updatePassword(userId, hashed);
      } else {
        await context.internalAdapter.linkAccount({
          userId,
          providerId: 'credential',
          accountId: userId,
          password: hashed,
        });
      }
    },
    publicOrigin: new URL(options.publicUrl).origin,
    signIn: {
      password: true,
      providers: providers.map(({ id, name, type }) => ({ id, name, type })),
    },
  };
}
