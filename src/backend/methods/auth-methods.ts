import { authenticatePassword } from '../../auth/login.ts';
import type { LoginRateLimiter } from '../../auth/login-rate-limit.ts';
import type { SessionStore } from '../../auth/sessions.ts';
import { AuthenticationError } from '../../errors/index.ts';
import { endSession, startSession } from '../authenticate.ts';
import type { MethodRegistry } from '../methods.ts';
import { readOnlyError } from '../request-transaction.ts';

/** What the session methods need. */
export interface AuthMethodDeps {
  sessions: SessionStore;
  limiter: LoginRateLimiter;
}

/**
 * Frappe's session methods: `login` (POST only: a password never travels in a URL), `logout`, `ping`,
 * `frappe.auth.get_logged_user` and `frappe.realtime.get_user_info`. Login and logout write sessions on
 * the site's own handle, outside the request transaction, so they persist whatever the request does (and are
 * refused while the site is read-only for maintenance).
 */
export function registerAuthMethods(registry: MethodRegistry, { sessions, limiter }: AuthMethodDeps): void {
  registry.whitelist('ping', { allowGuest: true }, () => 'pong');

  registry.whitelist('login', { allowGuest: true, methods: ['POST'] }, async (ctx) => {
    // Sessions are written outside the request transaction: refused here while the site is read-only.
    if (ctx.readOnly) throw readOnlyError();
    let principal: Awaited<ReturnType<typeof authenticatePassword>>;
    try {
      principal = await authenticatePassword(limiter, {
        site: ctx.site,
        db: ctx.siteDb,
        usr: ctx.args.usr,
        pwd: ctx.args.pwd,
        ip: ctx.ip,
        failureLimit: ctx.loginFailureLimit,
      });
    } catch (error) {
      // Frappe's failed login carries the reason as a top-level `message` too.
      if (error instanceof AuthenticationError) ctx.response.message = error.message;
      throw error;
    }
    const session = await sessions.create(ctx.site, ctx.siteDb, principal, {
      ip: ctx.ip,
      expiry: ctx.sessionExpiry,
    });
    startSession(ctx, session);
    const desk = principal.userType === 'System User';
    ctx.response.home_page = desk ? '/app' : '/me';
    ctx.response.full_name = principal.fullName;
    ctx.log.info({ user: principal.user }, 'login');
    return desk ? 'Logged In' : 'No App';
  });

  registry.whitelist('logout', { allowGuest: true }, async (ctx) => {
    if (ctx.readOnly) throw readOnlyError();
    if (ctx.session) await sessions.destroy(ctx.site, ctx.siteDb, ctx.session.sid);
    endSession(ctx);
  });

  registry.whitelist('frappe.auth.get_logged_user', {}, (ctx) => ctx.user);

  registry.whitelist('frappe.realtime.get_user_info', { allowGuest: true }, (ctx) => ({
    user: ctx.user,
    user_type: ctx.userType,
  }));
}
