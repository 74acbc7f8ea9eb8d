import { apiKeyCache } from '../auth/api-key-cache.ts';
import { cachedApiKey, parseAuthorization } from '../auth/api-keys.ts';
import type { LoginRateLimiter } from '../auth/login-rate-limit.ts';
import { guest, type Principal } from '../auth/principal.ts';
import { sameSecret } from '../auth/same-secret.ts';
import type { Session, SessionStore } from '../auth/sessions.ts';
import { signInWithToken } from '../auth/token-sign-in.ts';
import { AuthenticationError, CSRFTokenError } from '../errors/index.ts';
import { clearSessionCookies, setSessionCookies } from './auth-cookies.ts';
import { type RequestContext, unsafeHttpMethods } from './request-context.ts';

/** The credentials a request carries, read from its headers. */
export interface RequestCredentials {
  authorization: string | undefined;
  cookieSid: string | undefined;
  csrfHeader: string | undefined;
  /** Login requests start a session instead of checking one's CSRF token. */
  isLogin: boolean;
}

/** What authentication checks credentials against. */
export interface AuthServices {
  sessions: SessionStore;
  /** Throttles failed API-key attempts (per key and per address), as it does logins. */
  limiter: LoginRateLimiter;
}

/**
 * Decides who the request acts as (Frappe's HTTPRequest + validate_auth): an Authorization header
 * (API key token or Basic) wins and must resolve, else 401 (400 when undecodable); else the session
 * of the `sid` argument or cookie, whose cookies are re-sent; an unknown or expired sid continues as
 * Guest with the cookies cleared and `session_expired: 1`. Then the CSRF check for cookie sessions. A token the
 * API key cache does not know is throttled like a login (429 once its key or the address failed too often).
 * Returns undefined when it decided at once (a guest, a token the API key cache knows), else a promise; it
 * throws or rejects with the error to answer.
 */
export function authenticate(
  ctx: RequestContext,
  { sessions, limiter }: AuthServices,
  credentials: RequestCredentials,
): Promise<void> | undefined {
  const sidArg = ctx.args.sid;
  delete ctx.args.sid;
  const csrfArg = ctx.args.csrf_token;
  delete ctx.args.csrf_token;

  if (credentials.authorization !== undefined) {
    const pair = parseAuthorization(credentials.authorization);
    if (!pair) throw invalidCredentials();
    // Most token requests are answered by the cache: no promise, no await.
    const cached = cachedApiKey(ctx.siteDb, pair, apiKeyCache);
    if (cached) return startToken(ctx, cached);
    const throttle = { limiter, site: ctx.site, ip: ctx.ip, limit: ctx.loginFailureLimit };
    return signInWithToken(ctx.siteDb, pair, throttle).then((principal) => {
      if (!principal) throw invalidCredentials();
      startToken(ctx, principal);
    });
  }

  const sid = typeof sidArg === 'string' && sidArg ? sidArg : credentials.cookieSid;
  if (!sid || sid === 'Guest') return undefined;
  return sessions.resolve(ctx.site, ctx.siteDb, sid).then((session) => {
    if (!session) {
      ctx.response.session_expired = 1;
      clearSessionCookies(ctx);
      return;
    }
    startSession(ctx, session);
    if (!credentials.isLogin)
      checkCsrf(ctx, session, credentials.csrfHeader ?? (typeof csrfArg === 'string' ? csrfArg : undefined));
  });
}

function invalidCredentials(): AuthenticationError {
  return new AuthenticationError('Invalid authorization credentials');
}

function startToken(ctx: RequestContext, principal: Principal): undefined {
  ctx.principal = principal;
  ctx.auth = 'token';
  return undefined;
}

/** Makes `session` the request's identity and (re)sends its cookies. */
export function startSession(ctx: RequestContext, session: Session): void {
  const { user, userType, fullName, userImage } = session.data;
  ctx.principal = { user, userType, fullName, userImage };
  ctx.session = session;
  ctx.auth = 'session';
  setSessionCookies(ctx, ctx.principal, session.sid, session.data.expiry);
}

/** Back to Guest with the session cookies cleared (logout). */
export function endSession(ctx: RequestContext): void {
  ctx.principal = guest;
  ctx.session = undefined;
  ctx.auth = 'guest';
  clearSessionCookies(ctx);
}

// Only sessions that were handed a token are checked (Frappe: `frappe.session.data.csrf_token`), so
// API clients that log in with a cookie and never load the desk keep working.
function checkCsrf(ctx: RequestContext, session: Session, presented: string | undefined): void {
  const expected = session.data.csrfToken;
  if (!expected || !unsafeHttpMethods.has(ctx.method)) return;
  if (presented && sameSecret(presented, expected)) return;
  throw new CSRFTokenError();
}
