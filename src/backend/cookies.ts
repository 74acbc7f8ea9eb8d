// Cookie parsing and Set-Cookie building: small enough to own, and keeps hostile headers in check.

/** Attributes of a cookie the server sets. Path is always `/`, as Frappe's are. */
export interface CookieOptions {
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None';
}

const maxCookieHeader = 8192;

/** Parses a Cookie header into a null-prototype map; the first occurrence of a name wins. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const part of header.slice(0, maxCookieHeader).split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    cookies[name] = safeDecode(value);
  }
  return cookies;
}

/** One Set-Cookie value. The value is percent-encoded (as Frappe quotes it). */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  let cookie = `${name}=${encodeURIComponent(value)}; Path=/`;
  if (options.maxAge !== undefined) {
    const maxAge = Math.max(0, Math.floor(options.maxAge));
    cookie += `; Max-Age=${maxAge}; Expires=${new Date(Date.now() + maxAge * 1000).toUTCString()}`;
  }
  if (options.httpOnly) cookie += '; HttpOnly';
  if (options.secure) cookie += '; Secure';
  cookie += `; SameSite=${options.sameSite ?? 'Lax'}`;
  return cookie;
}

/** Cookies a request will set or clear; the last word on a name wins. Flushed once, onto the reply. */
export class CookieJar {
  // Made on the first cookie: most requests (token-authenticated API calls) set none.
  #cookies: Map<string, string> | undefined;

  set(name: string, value: string, options?: CookieOptions): void {
    this.#cookies ??= new Map();
    this.#cookies.set(name, serializeCookie(name, value, options));
  }

  /** Expires the cookie in the browser (empty value, Max-Age=0). */
  clear(name: string, options?: Omit<CookieOptions, 'maxAge'>): void {
    this.set(name, '', { ...options, maxAge: 0 });
  }

  /** The Set-Cookie header values. */
  headers(): string[] {
    return this.#cookies ? [...this.#cookies.values()] : [];
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
