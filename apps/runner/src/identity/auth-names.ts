// Kept apart from auth.ts so the server can route and check requests without loading
// better-auth in local mode.

/** Where better-auth's endpoints are served (`/api/auth/sign-in/username`, …). */
export const AUTH_BASE_PATH = '/api/auth';
/** The session cookie's name (`__Secure-` in front of it over https). */
export const SESSION_COOKIE = 'arcflow.session_token';
