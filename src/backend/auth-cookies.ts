import type { Principal } from '../auth/principal.ts';
import type { RequestContext } from './request-context.ts';

/** The cookies Frappe's desk and SDKs read (docs/wire.md §5). */
export const sessionCookieNames = ['sid', 'system_user', 'full_name', 'user_id', 'user_image'] as const;

/**
 * Sets the session cookies for `principal`: `sid` HttpOnly with Max-Age = idle expiry, the others
 * readable by scripts; all SameSite=Lax, Secure when the request came over https.
 */
export function setSessionCookies(
  ctx: RequestContext,
  principal: Principal,
  sid: string,
  maxAge: number,
): void {
  const base = { sameSite: 'Lax', secure: ctx.secure } as const;
  ctx.cookies.set('sid', sid, { ...base, httpOnly: true, maxAge });
  ctx.cookies.set('system_user', principal.userType === 'System User' ? 'yes' : 'no', base);
  ctx.cookies.set('full_name', principal.fullName, base);
  ctx.cookies.set('user_id', principal.user, base);
  ctx.cookies.set('user_image', principal.userImage, base);
}

/** Expires every session cookie (logout, failed authentication, stale sid). */
export function clearSessionCookies(ctx: RequestContext): void {
  for (const name of sessionCookieNames) ctx.cookies.clear(name, { sameSite: 'Lax', secure: ctx.secure });
}
