// A listening backend with a custom DocType and users of three kinds, for the REST API suites: what every
// API test starts from, on any database.
import { FrappeApp } from 'frappe-js-sdk';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { adminPassword, type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import type { DbKind } from '../support/services.ts';

/** The custom DocType every API suite works on: named by title (names may hold `/`), submittable. */
export const widgetDocType = {
  name: 'Widget',
  module: 'Custom',
  autoname: 'field:title',
  is_submittable: 1,
  allow_rename: 1,
  title_field: 'title',
  search_fields: 'notes',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
    { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
    { fieldname: 'price', fieldtype: 'Currency', label: 'Price' },
    {
      fieldname: 'status',
      fieldtype: 'Select',
      label: 'Status',
      options: 'Draft\nActive\nRetired',
      default: 'Draft',
    },
    { fieldname: 'notes', fieldtype: 'Small Text', label: 'Notes' },
    { fieldname: 'code', fieldtype: 'Data', label: 'Code', length: 10 },
    { fieldname: 'parts', fieldtype: 'Table', label: 'Parts', options: 'Widget Part' },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1, amend: 1 },
    { role: 'Widget Clerk', read: 1, write: 1, create: 1, delete: 1, submit: 0, cancel: 0, amend: 0 },
    // DocPerm's own defaults grant write, create and delete (as in Frappe): a reader must say no.
    { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
  ],
};

/** The child DocType of Widget's `parts` table. */
export const widgetPartDocType = {
  name: 'Widget Part',
  module: 'Custom',
  istable: 1,
  fields: [
    { fieldname: 'part', fieldtype: 'Data', label: 'Part', reqd: 1 },
    { fieldname: 'count', fieldtype: 'Int', label: 'Count' },
  ],
  permissions: [],
};

/** A JSON reply, read field by field by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: replies are checked key by key, not typed
export type Json = any;

/** Users of the API suites: Administrator, a clerk (Widget rights), a reader, and one with no Widget rights. */
export const users = {
  clerk: 'clerk@example.com',
  reader: 'reader@example.com',
  nobody: 'nobody@example.com',
} as const;
export const userPassword = 'user-Pa55word';

/** A listening test site with the Widget DocTypes and users, reached over real HTTP. */
export interface ApiSite extends BackendSite {
  /** `http://127.0.0.1:<port>` of the listening backend. */
  url: string;
  /** API keys of the clerk (`token <key>:<secret>`). */
  clerkKeys: { apiKey: string; apiSecret: string };
  /** An SDK logged in (cookie session) as `user`. */
  sdkAs(user: string, password?: string): Promise<FrappeApp>;
  /** An SDK using token authentication with `keys`. */
  sdkWithToken(keys: { apiKey: string; apiSecret: string }): FrappeApp;
  /** `fetch` against the site as a logged-in `user` (JSON in and out). */
  call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  /** The Widget rows as stored (`select * from tabWidget` ordered by name). */
  widgets(): Promise<Array<Record<string, unknown>>>;
}

/** Site headers for requests that do not come through a Host of that name. */
export const siteHeaders = { 'X-Frappe-Site-Name': testSite };

/** Creates the site, the DocTypes (through the API itself) and the users; `close()` removes everything. */
export async function createApiSite(
  kind: DbKind,
  options: { siteConfig?: Record<string, unknown> } = {},
): Promise<ApiSite> {
  const t = await createBackendSite(kind, { listen: true, siteConfig: options.siteConfig });
  const url = `http://127.0.0.1:${t.port}`;
  const sids = new Map<string, string>();
  const sidOf = async (user: string, password = user === 'Administrator' ? adminPassword : userPassword) => {
    let sid = sids.get(user);
    if (!sid) {
      const response = await fetch(`${url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...siteHeaders },
        body: JSON.stringify({ usr: user, pwd: password }),
      });
      if (response.status !== 200)
        throw new Error(`login ${user}: ${response.status} ${await response.text()}`);
      sid = /sid=([^;]+)/.exec(response.headers.getSetCookie().join(';'))?.[1];
      if (!sid) throw new Error('no sid');
      sids.set(user, sid);
    }
    return sid;
  };
  const call: ApiSite['call'] = async (user, method, path, body) => {
    const headers: Record<string, string> = { accept: 'application/json', ...siteHeaders };
    if (user !== 'Guest') headers.cookie = `sid=${await sidOf(user)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  for (const role of ['Widget Clerk', 'Widget Reader']) {
    const created = await call('Administrator', 'POST', '/api/resource/Role', { role_name: role });
    if (created.status !== 200) throw new Error(`creating role ${role}: ${JSON.stringify(created.body)}`);
  }
  for (const doctype of [widgetPartDocType, widgetDocType]) {
    const created = await call('Administrator', 'POST', '/api/resource/DocType', doctype);
    if (created.status !== 200) throw new Error(`creating ${doctype.name}: ${JSON.stringify(created.body)}`);
  }
  await createUser(t.db, {
    email: users.clerk,
    firstName: 'Clerk',
    password: userPassword,
    roles: ['Widget Clerk'],
  });
  await createUser(t.db, {
    email: users.reader,
    firstName: 'Reader',
    password: userPassword,
    roles: ['Widget Reader'],
  });
  await createUser(t.db, { email: users.nobody, firstName: 'Nobody', password: userPassword });
  const clerkKeys = await generateApiKeys(t.db, users.clerk);

  return {
    ...t,
    url,
    clerkKeys,
    call,
    async sdkAs(user, password) {
      const sid = await sidOf(user, password);
      return new FrappeApp(url, undefined, 'api-test', { ...siteHeaders, Cookie: `sid=${sid}` });
    },
    sdkWithToken(keys) {
      return new FrappeApp(
        url,
        { useToken: true, token: () => `${keys.apiKey}:${keys.apiSecret}`, type: 'token' },
        'api-test',
        siteHeaders,
      );
    },
    async widgets() {
      const q = t.db.dialect.quote;
      return t.db.all(`select * from ${q('tabWidget')} order by ${q('name')}`);
    },
  };
}
