// The Library Management example app (examples/library_management) as its end-to-end suites use it:
// put into a bench with the bench commands a user runs (get-app, install-app), then driven over HTTP as the
// desk or a Frappe client would: the tutorial's records made through /api/resource, loans submitted.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  isoDate,
} from '../../../examples/library_management/library_management/library_management/dates.ts';
import { runCortado } from '../../support/e2e.ts';

/** The app's folder in the repository (the npm package `library_management`). */
export const examplePath = fileURLToPath(new URL('../../../examples/library_management', import.meta.url));
export const appName = 'library_management';
/** Dotted path of the app's module folder: its methods and jobs live under it. */
export const modulePath = 'library_management.library_management';

/**
 * `cortado get-app <examplePath>` into the bench of `sitesPath` (apps/, apps.txt), then
 * `--site <site> install-app library_management`: the steps of docs/apps.md.
 */
export async function installExample(sitesPath: string, site: string, env: Record<string, string> = {}) {
  await runCortado(['--sites-path', sitesPath, 'get-app', examplePath], env);
  await runCortado(['--sites-path', sitesPath, '--site', site, 'install-app', appName], env);
}

type Json = Record<string, unknown>;
export interface Reply {
  status: number;
  body: Json;
}

/** A logged-in API client: one session cookie, JSON in and out. */
export class LibraryClient {
  constructor(
    readonly base: string,
    readonly sid: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        cookie: `sid=${this.sid}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  }

  /** POST /api/resource/<doctype>: the new document, asserting 200. */
  async insert(doctype: string, values: Json): Promise<Json & { name: string }> {
    const reply = await this.call('POST', resource(doctype), values);
    assert.equal(reply.status, 200, `insert ${doctype}: ${JSON.stringify(reply.body)}`);
    return reply.body.data as Json & { name: string };
  }

  /** PUT /api/resource/<doctype>/<name> with docstatus 1 (Frappe's submit over REST). */
  submit(doctype: string, name: string): Promise<Reply> {
    return this.call('PUT', resource(doctype, name), { docstatus: 1 });
  }

  async get(doctype: string, name: string): Promise<Json> {
    const reply = await this.call('GET', resource(doctype, name));
    assert.equal(reply.status, 200, `get ${doctype} ${name}: ${JSON.stringify(reply.body)}`);
    return reply.body.data as Json;
  }

  /** A member with a submitted, paid membership from `from_date` (default today) for the loan period. */
  async paidMember(first_name: string, last_name: string, membership: Json = {}): Promise<string> {
    const member = await this.insert('Library Member', { first_name, last_name });
    const draft = await this.insert('Library Membership', {
      library_member: member.name,
      paid: 1,
      ...membership,
    });
    const submitted = await this.submit('Library Membership', draft.name);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    return member.name;
  }

  /** A Library Transaction inserted and submitted: the submit's reply (rule errors are 417s). */
  async transact(values: {
    article: string;
    library_member: string;
    type: 'Issue' | 'Return';
    date?: string;
  }) {
    const draft = await this.insert('Library Transaction', values);
    return { name: draft.name, reply: await this.submit('Library Transaction', draft.name) };
  }
}

export function resource(doctype: string, name?: string): string {
  return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

/** Asserts Frappe's 417 envelope for a ValidationError whose message matches `pattern`. */
export function assertRefused(reply: Reply, pattern: RegExp): void {
  assert.equal(reply.status, 417, JSON.stringify(reply.body));
  assert.equal(reply.body.exc_type, 'ValidationError');
  const messages = (JSON.parse(String(reply.body._server_messages ?? '[]')) as string[]).map(
    (m) => (JSON.parse(m) as { message: string }).message,
  );
  assert.ok(
    messages.some((m) => pattern.test(m)),
    `a message matching ${pattern} in ${JSON.stringify(messages)}`,
  );
}

/** 'YYYY-MM-DD' of today plus `days`, with the app's own date helpers (the server's calendar on this machine). */
export function day(days = 0): string {
  return addDays(isoDate(new Date()), days);
}
