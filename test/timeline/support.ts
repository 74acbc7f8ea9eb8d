// The site the timeline suites (assignments, tags, likes, shares, attachments) work on: a DocType `Field Note`
// with one document, users with each kind of right on it, requests sent as Frappe's desk sends them
// (form-encoded, lists JSON-stringified), and the realtime events the backend published.
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../src/auth/users.ts';
import { parseRealtimeEvent, type RealtimeEvent } from '../../src/bus/index.ts';
import {
  adminPassword,
  type BackendSite,
  type BackendSiteOptions,
  createBackendSite,
  login,
  testSite,
} from '../support/backend-site.ts';
import type { DbKind } from '../support/services.ts';
import { until } from '../support/until.ts';

// biome-ignore lint/suspicious/noExplicitAny: replies are read key by key by the assertions
export type Json = any;

const password = 'timeline-Pa55word';

/** Who acts: an editor (read, write, share), a viewer (read only), an outsider (no right), and a user with no right who gets assigned. */
export const people = {
  editor: 'editor@example.com',
  viewer: 'viewer@example.com',
  outsider: 'outsider@example.com',
  assignee: 'assignee@example.com',
} as const;

export const noteDocType = {
  name: 'Field Note',
  module: 'Custom',
  autoname: 'field:title',
  title_field: 'title',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
    { fieldname: 'assigned_to', fieldtype: 'Link', label: 'Assigned To', options: 'User' },
    { fieldname: 'attachment', fieldtype: 'Attach', label: 'Attachment' },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, share: 1 },
    { role: 'Note Editor', read: 1, write: 1, create: 1, share: 1 },
    { role: 'Note Viewer', read: 1, write: 0, create: 0, delete: 0, share: 0 },
  ],
};

/** The test site with its helpers. */
export interface TimelineSite extends BackendSite {
  /** Calls `/api/method/<method>` as `user`, the arguments form-encoded (objects and lists as JSON). */
  call(
    user: string,
    method: string,
    args: Record<string, unknown>,
    httpMethod?: string,
  ): Promise<LightMyRequestResponse>;
  /** Like `call`, throwing unless it answered 200; the reply's `message`. */
  ok(user: string, method: string, args: Record<string, unknown>, httpMethod?: string): Promise<Json>;
  /** Inserts a Field Note as Administrator; its name. */
  note(title: string): Promise<string>;
  /** Rows of a table, as Administrator sees them (read straight from the database). */
  rows(doctype: string, where?: Record<string, unknown>): Promise<Json[]>;
  /** The realtime events published so far. */
  events(): RealtimeEvent[];
  /**
   * The first `docinfo_update` for the document with `key` and `action` (and matching `where` on its doc),
   * waited for: the bus delivers after the request's commit, on a later turn.
   */
  docinfo(
    doctype: string,
    name: string,
    key: string,
    action: string,
    where?: (doc: Json) => boolean,
  ): Promise<Json>;
}

export async function createTimelineSite(
  kind: DbKind,
  options: BackendSiteOptions = {},
): Promise<TimelineSite> {
  const t = await createBackendSite(kind, options);
  const published: RealtimeEvent[] = [];
  await t.bus.subscribe('events', (raw) => {
    const event = parseRealtimeEvent(raw);
    if (event) published.push(event);
  });
  const sids = new Map<string, string>();
  const sidOf = async (user: string) => {
    let sid = sids.get(user);
    if (!sid) {
      sid = await login(t.app, user, user === 'Administrator' ? adminPassword : password);
      sids.set(user, sid);
    }
    return sid;
  };
  const call: TimelineSite['call'] = async (user, method, args, httpMethod = 'POST') => {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(args))
      if (value !== undefined) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    // The desk sends GET arguments in the query string and the rest as a form body.
    if (httpMethod === 'GET')
      return t.app.inject({
        method: 'GET',
        url: `/api/method/${method}?${form}`,
        headers: { host: testSite, accept: 'application/json', cookie: `sid=${await sidOf(user)}` },
      });
    return t.app.inject({
      method: httpMethod as 'POST',
      url: `/api/method/${method}`,
      headers: {
        host: testSite,
        accept: 'application/json',
        cookie: `sid=${await sidOf(user)}`,
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'x-requested-with': 'XMLHttpRequest',
      },
      payload: form.toString(),
    });
  };
  const ok: TimelineSite['ok'] = async (user, method, args, httpMethod) => {
    const response = await call(user, method, args, httpMethod);
    if (response.statusCode !== 200) throw new Error(`${method}: ${response.statusCode} ${response.body}`);
    return (response.json() as Json).message;
  };
  const admin = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const response = await t.app.inject({
      method,
      url,
      headers: { host: testSite, cookie: `sid=${await sidOf('Administrator')}` },
      payload: body as Record<string, unknown>,
    });
    if (response.statusCode !== 200)
      throw new Error(`fixture ${url}: ${response.statusCode} ${response.body}`);
    return (response.json() as Json).data;
  };

  for (const role of ['Note Editor', 'Note Viewer'])
    await admin('POST', '/api/resource/Role', { role_name: role });
  await admin('POST', '/api/resource/DocType', noteDocType);
  const roleOf: Record<string, string[]> = {
    editor: ['Note Editor'],
    viewer: ['Note Viewer'],
    outsider: [],
    assignee: [],
  };
  for (const [key, email] of Object.entries(people))
    await createUser(t.db, { email, firstName: key, lastName: 'Tester', password, roles: roleOf[key] ?? [] });

  const q = t.db.dialect.quote;
  return {
    ...t,
    call,
    ok,
    note: async (title) => (await admin('POST', '/api/resource/Field%20Note', { title })).name,
    rows: async (doctype, where = {}) => {
      const keys = Object.keys(where);
      const clause = keys.length ? ` WHERE ${keys.map((k) => `${q(k)} = ?`).join(' AND ')}` : '';
      return t.db.all(
        `SELECT * FROM ${q(`tab${doctype}`)}${clause} ORDER BY ${q('creation')}`,
        Object.values(where),
      );
    },
    events: () => [...published],
    docinfo: (doctype, name, key, action, where = () => true) =>
      until(
        () =>
          docinfoUpdates(published, doctype, name).find(
            (u) => u.key === key && u.action === action && where(u.doc),
          ),
        `docinfo_update ${key} ${action} on ${doctype} ${name}`,
      ),
  };
}

/** The `docinfo_update` events among `events`, as `{key, action, doc}`, for one document's room. */
export function docinfoUpdates(events: RealtimeEvent[], doctype: string, name: string): Json[] {
  return events
    .filter((e) => e.event === 'docinfo_update' && e.room === `doc:${doctype}/${name}`)
    .map((e) => e.message as Json);
}

/** The error envelope's exception type. */
export function excType(response: LightMyRequestResponse): string | undefined {
  return (response.json() as Json).exc_type;
}
