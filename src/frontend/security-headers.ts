// Headers frappe_docker's nginx adds to every response (minus the obsolete X-XSS-Protection), which
// Cortado also puts on its own error pages. HSTS only when the client really came over https:
// sending it on plain http is meaningless, and a spoofed X-Forwarded-Proto never gets here.

/** HSTS value of frappe_docker's template. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains; preload';

const BASE = [
  'X-Frame-Options',
  'SAMEORIGIN',
  'X-Content-Type-Options',
  'nosniff',
  'Referrer-Policy',
  'same-origin, strict-origin-when-cross-origin',
] as const;

/** Which of the security headers an upstream already set (those are left alone). */
export const Present = { FrameOptions: 1, ContentTypeOptions: 2, ReferrerPolicy: 4, Hsts: 8 } as const;

/** The bit for a lowercase header name, or 0 when it is not one of the security headers. */
export function securityHeaderBit(lowerName: string): number {
  switch (lowerName) {
    case 'x-frame-options':
      return Present.FrameOptions;
    case 'x-content-type-options':
      return Present.ContentTypeOptions;
    case 'referrer-policy':
      return Present.ReferrerPolicy;
    case 'strict-transport-security':
      return Present.Hsts;
    default:
      return 0;
  }
}

/**
 * Appends the security headers to a flat `[name, value, ...]` list, skipping those in `present`.
 *
 * @example const headers: string[] = []; pushSecurityHeaders(headers, true);
 */
export function pushSecurityHeaders(out: string[], https: boolean, present = 0): void {
  if (present === 0) {
    out.push(BASE[0], BASE[1], BASE[2], BASE[3], BASE[4], BASE[5]);
  } else {
    if (!(present & Present.FrameOptions)) out.push(BASE[0], BASE[1]);
    if (!(present & Present.ContentTypeOptions)) out.push(BASE[2], BASE[3]);
    if (!(present & Present.ReferrerPolicy)) out.push(BASE[4], BASE[5]);
  }
  if (https && !(present & Present.Hsts)) out.push('Strict-Transport-Security', HSTS_VALUE);
}

/** The same headers as raw `Name: value\r\n` lines, for responses written straight to a socket. */
export function securityHeaderLines(https: boolean): string {
  const lines: string[] = [];
  const list: string[] = [];
  pushSecurityHeaders(list, https);
  for (let i = 0; i < list.length; i += 2) lines.push(`${list[i]}: ${list[i + 1]}\r\n`);
  return lines.join('');
}
