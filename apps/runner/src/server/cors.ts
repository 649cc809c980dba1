import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Lets a browser on an allowed origin read the answer, send the API's headers (the CSRF
 * header among them) and its cookies (`credentials: 'include'`, for team mode's session).
 */
export function allowCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: readonly string[],
): void {
  const origin = req.headers.origin;
  if (origin === undefined || !allowedOrigins.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    'authorization, content-type, trpc-accept, x-trpc-source, x-arcflow-csrf',
  );
  // The sign-in page says when to try again after too many attempts.
  res.setHeader('access-control-expose-headers', 'x-retry-after');
  res.setHeader('access-control-max-age', '600');
}
