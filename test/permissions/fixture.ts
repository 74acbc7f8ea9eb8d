// The site the permission matrix and the fuzz suite attack: one DocType (`Ledger`, a tree so the tree view
// has something to show) with a permlevel-1 `salary`, four documents, and one principal of every kind the
// permission rules know: Guest, no roles, a limited role, an `if_owner` role, a permlevel-0 and a permlevel-1
// reader, a user a document is shared with, a user restricted by a User Permission, and a System Manager.
// Built in-process (`app.inject`): no port, no HTTP client.
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../src/auth/users.ts';
import {
  adminPassword,
  type BackendSite,
  createBackendSite,
  login,
  testSite,
} from '../support/backend-site.ts';
import type { DbKind } from '../support/services.ts';

// biome-ignore lint/suspicious/noExplicitAny: replies are read key by key by the assertions
export type Json = any;

export const userPassword = 'matrix-Pa55word';

/** Every document of the fixture, by name (= title): unique strings, none a substring of another. */
export const docs = {
  alpha: 'Ledger Alpha',
  bravo: 'Ledger Bravo',
  charlie: 'Ledger Charlie',
  delta: 'Ledger Delta',
} as const;
export type DocKey = keyof typeof docs;
export const allDocs = Object.keys(docs) as DocKey[];

/**
 * Each document's salary (the permlevel-1 field): digits that occur nowhere else, so finding one in a reply
 * body means the column (or an aggregate over it) leaked.
 */
export const salaries: Record<DocKey, number> = {
  alpha: 913571,
  bravo: 824683,
  charlie: 735794,
  delta: 646815,
};

/** Each document's badge: a permlevel-1 Data field that is also searched (search must not match on it). */
export const badges: Record<DocKey, string> = {
  alpha: 'badgequartz',
  bravo: 'badgejasper',
  charlie: 'badgeonyx',
  delta: 'badgetopaz',
};

/** The permlevel-1 values of a document as they appear in a reply: its salary digits and its badge. */
export const levelOneTokens = (key: DocKey): string[] => [String(salaries[key]), badges[key]];

/** Text only the Comment on Ledger Charlie and the private file attached to it contain. */
export const commentSecret = 'comment-secret-kilo';
export const fileSecret = 'file-secret-lima';
export const privateFileUrl = '/private/files/charlie-secret.txt';

export const roles = {
  reader: 'Ledger Reader',
  auditor: 'Ledger Auditor',
  author: 'Ledger Author',
} as const;

/** The users, by the rule each stands for. */
export const people = {
  nobody: 'nobody@example.com',
  reader: 'reader@example.com',
  author: 'author@example.com',
  auditor: 'auditor@example.com',
  shared: 'shared@example.com',
  restricted: 'restricted@example.com',
  manager: 'manager@example.com',
} as const;

/** What a principal may see of the Ledger: which documents, and whether their permlevel-1 salary. */
export interface Principal {
  label: string;
  user: string;
  sees: readonly DocKey[];
  salary: boolean;
  /** Whether the principal has some read right on the DocType (role, if_owner or share): may subscribe to it. */
  doctype: boolean;
}

/** Who asks, and what each may see (the fixture's rules, written out). */
export const principals: Principal[] = [
  { label: 'Guest', user: 'Guest', sees: [], salary: false, doctype: false },
  { label: 'no roles', user: people.nobody, sees: [], salary: false, doctype: false },
  { label: 'limited role, permlevel 0', user: people.reader, sees: allDocs, salary: false, doctype: true },
  { label: 'if_owner role', user: people.author, sees: ['alpha'], salary: false, doctype: true },
  { label: 'permlevel-1 reader', user: people.auditor, sees: allDocs, salary: true, doctype: true },
  { label: 'shared one document', user: people.shared, sees: ['charlie'], salary: false, doctype: true },
  {
    label: 'User Permission Region=North',
    user: people.restricted,
    sees: ['alpha', 'bravo', 'delta'],
    salary: false,
    doctype: true,
  },
  { label: 'System Manager', user: people.manager, sees: allDocs, salary: true, doctype: true },
  { label: 'Administrator', user: 'Administrator', sees: allDocs, salary: true, doctype: true },
];

const regionDocType = {
  name: 'Region',
  module: 'Custom',
  autoname: 'field:region_name',
  fields: [{ fieldname: 'region_name', fieldtype: 'Data', label: 'Region Name', reqd: 1, unique: 1 }],
  permissions: [
    { role: roles.reader, read: 1, write: 0, create: 0, delete: 0 },
    { role: roles.author, read: 1, write: 0, create: 0, delete: 0 },
  ],
};

/** A tree DocType with permlevel-1 fields that are also search fields (search must strip them too). */
export const ledgerDocType = {
  name: 'Ledger',
  module: 'Custom',
  is_tree: 1,
  autoname: 'field:title',
  title_field: 'title',
  search_fields: 'region,salary,badge',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
    { fieldname: 'region', fieldtype: 'Link', label: 'Region', options: 'Region' },
    { fieldname: 'notes', fieldtype: 'Small Text', label: 'Notes' },
    { fieldname: 'salary', fieldtype: 'Currency', label: 'Salary', permlevel: 1 },
    { fieldname: 'badge', fieldtype: 'Data', label: 'Badge', permlevel: 1 },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, share: 1, report: 1 },
    { role: 'System Manager', permlevel: 1, read: 1, write: 1 },
    { role: roles.reader, read: 1, write: 0, create: 0, delete: 0, report: 1 },
    // Frappe refuses a level-1 row for a role without a level-0 one.
    { role: roles.auditor, read: 1, write: 0, create: 0, delete: 0, report: 1 },
    { role: roles.auditor, permlevel: 1, read: 1, write: 0, create: 0, delete: 0 },
    { role: roles.author, if_owner: 1, read: 1, write: 1, create: 1, delete: 0 },
  ],
};

/** A request as a principal: a string body is sent form-encoded, anything else as JSON. */
export interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  body?: unknown;
}

/** The matrix site: the backend, each user's session, and helpers to call it. */
export interface MatrixSite extends BackendSite {
  /** Calls the backend as `user` ('Guest' sends no cookie). */
  as(user: string, req: Req): Promise<LightMyRequestResponse>;
  /** Session ids of everyone logged in (the secrets the Sessions checks look for). */
  sids(): string[];
}

/** Creates the site, its DocTypes, users, documents, share, User Permission, Comment and private file. */
export async function createMatrixSite(kind: DbKind): Promise<MatrixSite> {
  const t = await createBackendSite(kind);
  const sids = new Map<string, string>();
  const sidOf = async (user: string) => {
    let sid = sids.get(user);
    if (!sid) {
      sid = await login(t.app, user, user === 'Administrator' ? adminPassword : userPassword);
      sids.set(user, sid);
    }
    return sid;
  };
  const as: MatrixSite['as'] = async (user, { method, url, body }) => {
    const headers: Record<string, string> = { host: testSite, accept: 'application/json' };
    if (user !== 'Guest') headers.cookie = `sid=${await sidOf(user)}`;
    if (typeof body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
    return t.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> | string }),
    });
  };
  const must = async (user: string, req: Req) => {
    const response = await as(user, req);
    if (response.statusCode !== 200 && response.statusCode !== 202)
      throw new Error(`fixture ${req.method} ${req.url}: ${response.statusCode} ${response.body}`);
    return response.json() as Json;
  };
  const post = (user: string, doctype: string, body: unknown) =>
    must(user, { method: 'POST', url: `/api/resource/${encodeURIComponent(doctype)}`, body });

  for (const role of Object.values(roles)) await post('Administrator', 'Role', { role_name: role });
  await post('Administrator', 'DocType', regionDocType);
  await post('Administrator', 'DocType', ledgerDocType);
  const roleOf: Record<keyof typeof people, string[]> = {
    nobody: [],
    reader: [roles.reader],
    author: [roles.author],
    auditor: [roles.auditor],
    shared: [],
    restricted: [roles.reader],
    manager: ['System Manager'],
  };
  for (const [key, email] of Object.entries(people))
    await createUser(t.db, {
      email,
      firstName: key,
      password: userPassword,
      roles: roleOf[key as keyof typeof people],
    });

  for (const region of ['North', 'South']) await post('Administrator', 'Region', { region_name: region });
  // Alpha is the author's own (made through the if_owner right); the others are Administrator's.
  await post(people.author, 'Ledger', { title: docs.alpha, region: 'North', is_group: 0 });
  await post('Administrator', 'Ledger', { title: docs.bravo, region: 'North', is_group: 0 });
  await post('Administrator', 'Ledger', { title: docs.charlie, region: 'South', is_group: 0 });
  await post('Administrator', 'Ledger', { title: docs.delta, is_group: 0 });
  for (const key of allDocs)
    await must('Administrator', {
      method: 'PUT',
      url: `/api/resource/Ledger/${encodeURIComponent(docs[key])}`,
      body: { salary: salaries[key], badge: badges[key] },
    });

  await must('Administrator', {
    method: 'POST',
    url: '/api/method/frappe.share.add',
    body: { doctype: 'Ledger', name: docs.charlie, user: people.shared, read: 1 },
  });
  await post('Administrator', 'User Permission', {
    user: people.restricted,
    allow: 'Region',
    for_value: 'North',
  });
  await post('Administrator', 'Comment', {
    comment_type: 'Comment',
    reference_doctype: 'Ledger',
    reference_name: docs.charlie,
    content: commentSecret,
  });
  await uploadPrivateFile(t, await sidOf('Administrator'));

  // Everyone logs in now, so every session row exists before any route is asked about Sessions.
  for (const user of ['Administrator', ...Object.values(people)]) await sidOf(user);
  return { ...t, as, sids: () => [...sids.values()] };
}

/** Uploads `charlie-secret.txt` as a private file attached to Ledger Charlie. */
async function uploadPrivateFile(t: BackendSite, sid: string): Promise<void> {
  const form = new FormData();
  form.append('is_private', '1');
  form.append('doctype', 'Ledger');
  form.append('docname', docs.charlie);
  form.append('file', new Blob([fileSecret]), 'charlie-secret.txt');
  const encoded = new Request('http://form.invalid/', { method: 'POST', body: form });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/method/upload_file',
    headers: {
      host: testSite,
      cookie: `sid=${sid}`,
      'content-type': encoded.headers.get('content-type') ?? '',
    },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
  const url = (response.json() as Json).message?.file_url;
  if (response.statusCode !== 200 || url !== privateFileUrl)
    throw new Error(`fixture upload: ${response.statusCode} ${response.body}`);
}
