// The one place the desk talks HTTP: same-origin fetch with the session cookie and the CSRF token from
// boot data, Frappe's error envelope turned into `FrappeError`, and a lost session sent to the login page.
import { boot } from '../boot.ts';
import { FrappeError } from './frappe-error.ts';

export type QueryValue = string | number | boolean | null | undefined | object;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body (objects) or a multipart body (FormData). */
  body?: unknown;
  signal?: AbortSignal;
}

/** Query-string form of Frappe arguments: objects and arrays as JSON, as the API expects. */
export function toQuery(args: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

let redirecting = false;

/** Sends the browser to the login page, coming back here afterwards. */
export function redirectToLogin(): void {
  if (redirecting) return;
  redirecting = true;
  const here = location.pathname + location.search + location.hash;
  location.assign(`/login?redirect-to=${encodeURIComponent(here)}`);
}

/**
 * Whether a 401/403 means the session is gone (expired, logged out elsewhere) rather than a missing
 * permission: Frappe marks a stale sid with `session_expired`; otherwise ask who we are now.
 */
async function sessionLost(status: number, body: Record<string, unknown>): Promise<boolean> {
  if (status === 401 || body.session_expired || body.exc_type === 'SessionExpired') return true;
  if (status !== 403) return false;
  try {
    const probe = await fetch('/api/method/frappe.auth.get_logged_user', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (probe.status === 401 || probe.status === 403) return true;
    const who = (await probe.json().catch(() => ({}))) as { message?: string };
    return typeof who.message === 'string' && who.message !== boot.user;
  } catch {
    return false;
  }
}

/**
 * One API request. Resolves with the parsed JSON body; rejects with `FrappeError`. A lost session
 * redirects to `/login?redirect-to=<here>` (and the promise never settles, so callers show nothing).
 *
 * @example const { data } = await api<{ data: Doc }>('GET', '/api/resource/ToDo/abc');
 */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD') headers['X-Frappe-CSRF-Token'] = boot.csrf_token;
  const response = await fetch(path + (options.query ? toQuery(options.query) : ''), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  if (text) {
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
  }
  if (response.ok) return parsed as T;
  if ((response.status === 401 || response.status === 403) && (await sessionLost(response.status, parsed))) {
    redirectToLogin();
    return new Promise<T>(() => {});
  }
  throw new FrappeError(response.status, parsed);
}

/**
 * Calls a whitelisted method (`/api/method/<name>`) and returns its `message`.
 *
 * @example const count = await call<number>('frappe.client.get_count', { doctype: 'ToDo' });
 */
export async function call<T = unknown>(
  name: string,
  args: Record<string, QueryValue> = {},
  http: 'GET' | 'POST' = 'POST',
): Promise<T> {
  const path = `/api/method/${name}`;
  const reply =
    http === 'GET'
      ? await api<{ message?: T }>('GET', path, { query: args })
      : await api<{ message?: T }>('POST', path, { body: args });
  return reply.message as T;
}
