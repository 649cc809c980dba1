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
  /** How much the service logs (JSON on stderr); `debug` logs every request. */
  ARCFLOW_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export type ServerEnv = z.infer<typeof schema>;

export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return parsed.data;
}
