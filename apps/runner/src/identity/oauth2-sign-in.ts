import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_SIGN_IN_BODY = 16_384;

/**
 * `POST /api/auth/sign-in/oauth2 { providerId, callbackURL }`: how the web starts a sign-in
 * with an OIDC issuer. better-auth 1.7 serves those providers through `/sign-in/social`
 * (`{ provider }`), so the request is handed on there with its body renamed.
 */
export async function signInOAuth2(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  basePath: string,
): Promise<void> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_SIGN_IN_BODY) break;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.providerId !== 'string' || text.length > MAX_SIGN_IN_BODY) throw new Error();
  } catch {
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ message: 'expected JSON { providerId, callbackURL }' }));
    return;
  }
  const { providerId, ...rest } = body;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-length') continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const response = await handler(
    new Request(`http://${req.headers.host ?? 'localhost'}${basePath}/sign-in/social`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...rest, provider: providerId }),
    }),
  );
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
