// The soak's mixed load: what one operation is (a get, a list, an insert, an update, a login–read–logout, a
// realtime subscription), drawn by weight, each against the router as a client would send it.
import { io } from 'socket.io-client';
import { Pool } from 'undici';
import { listQuery } from '../api/site.ts';

/** Where and as whom the operations run. */
export interface MixTarget {
  base: string;
  site: string;
  /** `token key:secret` of a System Manager. */
  authorization: string;
  /** A user who logs in with a password (and whose session the socket subscriptions use). */
  user: { usr: string; pwd: string };
  /** The number of seeded rows `item-1…item-<rows>`. */
  rows: number;
  /** Whether realtime subscriptions are part of the mix (they need the shared bus: Redis). */
  sockets: boolean;
}

export type OpName = 'get' | 'list' | 'insert' | 'update' | 'login' | 'subscribe';

/** Relative weights: mostly reads, as a desk or API client sends them; logins (a password hash each) are rare. */
export const weights: Record<OpName, number> = {
  get: 40,
  list: 25,
  insert: 10,
  update: 16,
  login: 1,
  subscribe: 8,
};

const doctypePath = '/api/resource/Bench%20Item';

/** Runs operations against the target; `run(op)` resolves when the operation is done (or throws). */
export function createMix(target: MixTarget) {
  const pool = new Pool(target.base, { connections: 64, pipelining: 1 });
  const site = { 'x-frappe-site-name': target.site };
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const token = { ...site, ...json, authorization: target.authorization };
  let counter = 0;
  let socketSid = '';
  const row = () => `item-${1 + Math.floor(Math.random() * target.rows)}`;

  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const response = await pool.request({
      method,
      path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
    return { headers: response.headers, text };
  };

  const login = async (): Promise<string> => {
    const { headers } = await call('POST', '/api/method/login', { ...site, ...json }, target.user);
    const cookies = ([] as string[]).concat(headers['set-cookie'] ?? []);
    const sid = /sid=([^;]+)/.exec(cookies.join(';'))?.[1];
    if (!sid || sid === 'Guest') throw new Error('login set no session');
    return sid;
  };

  const subscribe = async () => {
    if (!socketSid) socketSid = await login();
    const socket = io(`${target.base}/${target.site}`, {
      transports: ['websocket'],
      extraHeaders: { ...site, cookie: `sid=${socketSid}` },
      reconnection: false,
      forceNew: true,
      timeout: 10_000,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      socket.emit('doctype_subscribe', 'Bench Item');
      socket.emit('doc_subscribe', 'Bench Item', row());
      // Closing right after: the server may still be checking the subscriptions with the backend, the path
      // where a leak would hide (a check outliving its socket).
    } finally {
      socket.close();
    }
  };

  const ops: Record<OpName, () => Promise<unknown>> = {
    get: () => call('GET', `${doctypePath}/${row()}`, token),
    list: () => call('GET', `${doctypePath}?${listQuery}`, token),
    insert: () =>
      call('POST', doctypePath, token, {
        title: `soak-${process.pid}-${++counter}`,
        qty: 1,
        status: 'Draft',
      }),
    update: () => call('PUT', `${doctypePath}/${row()}`, token, { qty: Math.floor(Math.random() * 1000) }),
    login: async () => {
      const cookie = { ...site, ...json, cookie: `sid=${await login()}` };
      await call('GET', '/api/method/frappe.auth.get_logged_user', cookie);
      await call('POST', '/api/method/logout', cookie, {});
    },
    subscribe,
  };

  const names = (Object.keys(weights) as OpName[]).filter((op) => op !== 'subscribe' || target.sockets);
  const total = names.reduce((sum, op) => sum + weights[op], 0);
  /** An operation drawn by weight. */
  const draw = (): OpName => {
    let pick = Math.random() * total;
    for (const op of names) {
      pick -= weights[op];
      if (pick < 0) return op;
    }
    return names[0]!;
  };

  return { names, draw, run: (op: OpName) => ops[op](), close: () => pool.close() };
}
