import { z } from 'zod';

/** The web app's origins in development and `next start`. */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'];

const origin = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    if (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === value.replace(/\/$/, '')
    ) {
      return url.origin;
    }
  } catch {}
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" is not an origin like https://arcflow.example.com`,
  });
  return z.NEVER;
});

/** The service's own environment variables, parsed once (the rest are in `env.ts`). */
const schema = z.object({
  /** When set, every request and WebSocket must carry it; required off loopback. */
  ARCFLOW_TOKEN: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .transform((token) => token || undefined),
  /** Comma-separated origins a browser may call the API from. */
  ARCFLOW_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((list) =>
      list?.trim()
        ? list
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : DEFAULT_ALLOWED_ORIGINS,
    )
    .pipe(z.array(origin).max(100)),
  /**
   * Team mode: the runner's address as browsers reach it (sign-in links and OIDC callbacks
   * point here). Default: `http://localhost:<port>`.
   */
  ARCFLOW_PUBLIC_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    origin.optional(),
  ),
  /** Team mode: where a one-time sign-in link lands (default: the first allowed origin). */
  ARCFLOW_WEB_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    origin.optional(),
  ),
  /**
   * Comma-separated addresses of reverse proxies whose `X-Forwarded-For` is believed; unset,
   * the client's address is the socket's.
   */
  ARCFLOW_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((list) =>
      (list ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  /** How much the service logs (JSON on stderr); `debug` logs every request. */
  ARCFLOW_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export type ServerEnv = z.infer<typeof schema> & { signInProviders: SignInProviderConfig[] };

/** One way to sign in besides a password, from `ARCFLOW_<PROVIDER>_…` variables. */
export type SignInProviderConfig =
  | {
      type: 'social';
      id: 'github' | 'gitlab' | 'google';
      name: string;
      clientId: string;
      clientSecret: string;
      /** GitLab on a server of your own. */
      issuer?: string;
    }
  | {
      type: 'oidc';
      /** Lower-case id from `ARCFLOW_OIDC_<ID>_…`. */
      id: string;
      name: string;
      issuer: string;
      clientId: string;
      clientSecret: string;
    };

const SOCIAL = [
  { id: 'github', name: 'GitHub', variable: 'GITHUB' },
  { id: 'gitlab', name: 'GitLab', variable: 'GITLAB' },
  { id: 'google', name: 'Google', variable: 'GOOGLE' },
] as const;

const set = (value: string | undefined): string | undefined => value?.trim() || undefined;

/**
 * The sign-in providers the environment configures: `ARCFLOW_GITHUB_CLIENT_ID/_SECRET`,
 * `ARCFLOW_GITLAB_CLIENT_ID/_SECRET[/_ISSUER]`, `ARCFLOW_GOOGLE_CLIENT_ID/_SECRET`, and any
 * OpenID Connect issuer as `ARCFLOW_OIDC_<ID>_ISSUER/_CLIENT_ID/_CLIENT_SECRET[/_NAME]`.
 * A half-configured provider is an error naming the missing variable.
 */
export function readSignInProviders(source: NodeJS.ProcessEnv): SignInProviderConfig[] {
  const providers: SignInProviderConfig[] = [];
  const pair = (prefix: string) => {
    const clientId = set(source[`${prefix}_CLIENT_ID`]);
    const clientSecret = set(source[`${prefix}_CLIENT_SECRET`]);
    if (!clientId && !clientSecret) return undefined;
    if (!clientId || !clientSecret) {
      throw new Error(
        `${prefix}_${clientId ? 'CLIENT_SECRET' : 'CLIENT_ID'} is missing (${prefix}_${clientId ? 'CLIENT_ID' : 'CLIENT_SECRET'} is set)`,
      );
    }
    return { clientId, clientSecret };
  };
  for (const social of SOCIAL) {
    const prefix = `ARCFLOW_${social.variable}`;
    const credentials = pair(prefix);
    if (!credentials) continue;
    const issuer = social.id === 'gitlab' ? set(source[`${prefix}_ISSUER`]) : undefined;
    if (issuer) checkIssuer(issuer, `${prefix}_ISSUER`);
    providers.push({
      type: 'social',
      id: social.id,
      name: social.name,
      ...credentials,
      ...(issuer ? { issuer } : {}),
    });
  }
  const oidcIds = new Set<string>();
  for (const key of Object.keys(source)) {
    const match =
      /^ARCFLOW_OIDC_([A-Z0-9]+(?:_[A-Z0-9]+)*?)_(ISSUER|CLIENT_ID|CLIENT_SECRET|NAME)$/.exec(key);
    if (match?.[1]) oidcIds.add(match[1]);
  }
  for (const variable of [...oidcIds].sort()) {
    const prefix = `ARCFLOW_OIDC_${variable}`;
    const issuer = set(source[`${prefix}_ISSUER`]);
    const credentials = pair(prefix);
    if (!issuer) throw new Error(`${prefix}_ISSUER is missing (the issuer's URL)`);
    if (!credentials)
      throw new Error(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET are missing`);
    checkIssuer(issuer, `${prefix}_ISSUER`);
    const id = variable.toLowerCase().replaceAll('_', '-');
    if (SOCIAL.some((social) => social.id === id)) {
      throw new Error(
        `${prefix}_…: "${id}" is a built-in provider; use ARCFLOW_${variable}_CLIENT_ID`,
      );
    }
    providers.push({
      type: 'oidc',
      id,
      name:
        set(source[`${prefix}_NAME`]) ??
        variable
          .split('_')
          .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
          .join(' '),
      issuer: issuer.replace(/\/+$/, ''),
      ...credentials,
    });
  }
  return providers;
}

function checkIssuer(value: string, variable: string): void {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return;
  } catch {}
  throw new Error(`${variable}: "${value}" is not a URL like https://id.example.com`);
}

export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return { ...parsed.data, signInProviders: readSignInProviders(source) };
}
