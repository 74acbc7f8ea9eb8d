// HTTP as the fault suite's clients speak it: any Host (the router resolves the site from it), a bound on
// every request (a hang is a failure, reported as status 0), and the body kept as text.
import { request } from 'undici';

/** One answer; `status` 0 when the request failed or took longer than its bound. */
export interface Answer {
  status: number;
  text: string;
  /** Why there is no answer (status 0). */
  error?: string;
}

/** Options of {@link call}. */
export interface CallOptions {
  host: string;
  sid?: string;
  body?: unknown;
  /** Longest wait for the whole answer (default 10 s). */
  timeoutMs?: number;
}

/**
 * Sends `method path` to `base` and reads the whole answer.
 *
 * @example const r = await call(base, 'GET', '/api/method/frappe.auth.get_logged_user', { host: site, sid });
 */
export async function call(base: string, method: string, path: string, opts: CallOptions): Promise<Answer> {
  const headers: Record<string, string> = { host: opts.host, accept: 'application/json' };
  if (opts.sid) headers.cookie = `sid=${opts.sid}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await request(`${base}${path}`, {
      method: method as 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    return { status: response.statusCode, text: await response.body.text() };
  } catch (err) {
    return { status: 0, text: '', error: (err as Error).message };
  }
}

/** The body as JSON, or undefined when it is not JSON. */
export function json(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Frappe's error envelope: JSON with `exc_type` (and never Fastify's own `statusCode` body). */
export function frappeError(text: string): { excType: string; messages: string } | undefined {
  const body = json(text);
  if (!body || 'statusCode' in body || typeof body.exc_type !== 'string') return undefined;
  const messages = typeof body._server_messages === 'string' ? body._server_messages : '';
  return { excType: body.exc_type, messages: `${String(body.exception ?? '')} ${messages}` };
}

/** Logs in and returns the sid (throws when the login fails). */
export async function loginSid(base: string, host: string, usr: string, pwd: string): Promise<string> {
  const response = await request(`${base}/api/method/login`, {
    method: 'POST',
    headers: { host, 'content-type': 'application/json' },
    body: JSON.stringify({ usr, pwd }),
    signal: AbortSignal.timeout(30_000),
  });
  await response.body.text();
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const sid = cookies.map((c) => /^sid=([^;]*)/.exec(c)?.[1]).find((v) => v && v !== 'Guest');
  if (response.statusCode !== 200 || !sid) throw new Error(`login as ${usr} failed: ${response.statusCode}`);
  return sid;
}

/**
 * Runs `total` requests made by `make`, `concurrency` at a time, and runs `fault` once `after` of them
 * are answered. Resolves with every answer (in completion order) once all are in and the fault is done.
 */
export async function underLoad<T>(
  total: number,
  concurrency: number,
  make: (i: number) => Promise<T>,
  after: number,
  fault: () => Promise<void>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  let faulted: Promise<void> | undefined;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results.push(await make(i));
      if (!faulted && results.length >= after) faulted = fault();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await faulted;
  return results;
}
