// Bad input of every kind, sent by a user allowed to do everything: each gets Frappe's error for it, and
// nothing stored changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json } from './support.ts';

type Case = { why: string; method: string; path: string; body?: unknown; status: number; type: string };

const q = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
const list = (params: Record<string, unknown>) =>
  `/api/resource/Widget?${Object.entries(params)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join('&')}`;

const cases: Case[] = [
  // Lists: every identifier is checked against the meta, every value bound.
  {
    why: 'unknown field in fields',
    method: 'GET',
    path: list({ fields: ['name', 'secret'] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'unknown field in filters',
    method: 'GET',
    path: list({ filters: [['secret', '=', 1]] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'unknown field in or_filters',
    method: 'GET',
    path: list({ or_filters: { nope: 1 } }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'SQL in fields',
    method: 'GET',
    path: list({ fields: ['name; drop table tabWidget'] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'a subquery in fields',
    method: 'GET',
    path: list({ fields: ['(select password from __Auth) as p'] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'a function in fields',
    method: 'GET',
    path: list({ fields: ['sleep(3)'] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'SQL in a filter field',
    method: 'GET',
    path: list({ filters: [['name) or (1=1', '=', 'x']] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'unknown operator',
    method: 'GET',
    path: list({ filters: [['qty', 'regexp', '.*']] }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'SQL in order_by',
    method: 'GET',
    path: list({ order_by: 'name; delete from tabWidget' }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'an expression in order_by',
    method: 'GET',
    path: list({ order_by: '(case when 1=1 then name end) desc' }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'SQL in group_by',
    method: 'GET',
    path: list({ group_by: 'name union select 1' }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'negative limit_start',
    method: 'GET',
    path: list({ limit_start: -1 }),
    status: 417,
    type: 'DataError',
  },
  {
    why: 'an oversize filter value',
    method: 'POST',
    path: '/api/method/frappe.client.get_list',
    body: { doctype: 'Widget', filters: [['notes', 'like', 'x'.repeat(20_000)]] },
    status: 417,
    type: 'DataError',
  },
  {
    why: 'malformed JSON in filters',
    method: 'GET',
    path: `/api/resource/Widget?filters=${q('[["qty"')}`,
    status: 417,
    type: 'DataError',
  },
  {
    why: 'an unknown DocType',
    method: 'GET',
    path: '/api/resource/No%20Such',
    status: 404,
    type: 'DoesNotExistError',
  },
  // Documents: types, lengths, options, mandatory fields, uniqueness.
  {
    why: 'text in an Int',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { title: 'T1', qty: 'lots' },
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'a value longer than its field',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { title: 'T2', code: 'x'.repeat(11) },
    status: 417,
    type: 'CharacterLengthExceededError',
  },
  {
    why: 'an oversize name',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { title: 'n'.repeat(200) },
    status: 409,
    type: 'NameError',
  },
  {
    why: 'a Select value not among the options',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { title: 'T3', status: 'Exploded' },
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'a missing mandatory field',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { qty: 1 },
    status: 417,
    type: 'MandatoryError',
  },
  {
    why: 'a duplicate unique value',
    method: 'POST',
    path: '/api/resource/Widget',
    body: { title: 'Kept' },
    status: 409,
    type: 'DuplicateEntryError',
  },
  {
    why: 'an array where a document belongs',
    method: 'POST',
    path: '/api/resource/Widget',
    body: [1, 2],
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'child rows that are not a list',
    method: 'PUT',
    path: '/api/resource/Widget/Kept',
    body: { parts: 'all of them' },
    status: 417,
    type: 'ValidationError',
  },
  // Methods: argument types and rules.
  {
    why: 'a wrong argument type',
    method: 'POST',
    path: '/api/method/frappe.client.get_single_value',
    body: { doctype: 'Widget', field: { a: 1 } },
    status: 417,
    type: 'FrappeTypeError',
  },
  {
    why: 'a missing required argument',
    method: 'POST',
    path: '/api/method/frappe.client.get_list',
    body: {},
    status: 417,
    type: 'TypeError',
  },
  {
    why: 'setting a standard field',
    method: 'POST',
    path: '/api/method/frappe.client.set_value',
    body: { doctype: 'Widget', name: 'Kept', fieldname: 'owner', value: 'someone@else' },
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'setting a standard field inside a dict',
    method: 'POST',
    path: '/api/method/frappe.client.set_value',
    body: { doctype: 'Widget', name: 'Kept', fieldname: { qty: 5, owner: 'x' } },
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'more than 200 inserts at once',
    method: 'POST',
    path: '/api/method/frappe.client.insert_many',
    body: { docs: Array.from({ length: 201 }, (_, i) => ({ doctype: 'Widget', title: `Bulk ${i}` })) },
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'a stale modified through frappe.client.save',
    method: 'POST',
    path: '/api/method/frappe.client.save',
    body: {
      doc: { doctype: 'Widget', name: 'Kept', title: 'Kept', qty: 9, modified: '2001-01-01 00:00:00.000000' },
    },
    status: 417,
    type: 'TimestampMismatchError',
  },
  {
    why: 'a stale modified through PUT',
    method: 'PUT',
    path: '/api/resource/Widget/Kept',
    body: { qty: 9, modified: '2001-01-01 00:00:00.000000' },
    status: 417,
    type: 'TimestampMismatchError',
  },
  {
    why: 'malformed JSON',
    method: 'POST',
    path: '/api/resource/Widget',
    body: '{"title": ',
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'a __proto__ key',
    method: 'POST',
    path: '/api/resource/Widget',
    body: '{"title":"P","__proto__":{"admin":true}}',
    status: 417,
    type: 'ValidationError',
  },
  // An object that overrides `toString`/`valueOf` (however its key is spelt) is refused where the JSON is
  // parsed, so nothing further on converts it.
  ...(
    [
      ['frappe.client.get_value', { doctype: 'Widget', as_dict: { toString: '' } }],
      ['frappe.client.get_value', { doctype: 'Widget', fieldname: [{ toString: null }] }],
      ['frappe.desk.reportview.get_count', { doctype: 'Widget', distinct: [{ toString: '' }] }],
      ['frappe.desk.reportview.get_count', { doctype: 'Widget', limit: { valueOf: 1 } }],
      ['frappe.client.insert', { doc: { doctype: 'Widget', title: 'X', docstatus: { toString: 1 } } }],
      [
        'frappe.client.rename_doc',
        { doctype: 'Widget', old_name: 'Kept', new_name: 'Moved', merge: [{ toString: 0 }] },
      ],
    ] as const
  ).map(([method, body]) => ({
    why: `an object overriding toString/valueOf in ${Object.keys(body).at(-1)} of ${method}`,
    method: 'POST',
    path: `/api/method/${method}`,
    body,
    status: 417,
    type: 'ValidationError',
  })),
  {
    why: 'a toString key spelt with \\u escapes',
    method: 'POST',
    path: '/api/method/frappe.client.insert',
    body: '{"doc":{"doctype":"Widget","title":"X","docstatus":{"\\u0074oString":1}}}',
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'a toString key in JSON text of a form argument',
    method: 'GET',
    path: `/api/method/frappe.client.get_value?${new URLSearchParams({ doctype: 'Widget', fieldname: '[{"toString":1}]' })}`,
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'an object as a filter operator',
    method: 'GET',
    path: list({ filters: { title: [{ toString: false }] } }),
    status: 417,
    type: 'DataError',
  },
  // PostgreSQL cannot select a column outside the groups; the other databases refuse it alike.
  {
    why: 'group_by with an ungrouped column selected',
    method: 'GET',
    path: list({ group_by: 'title' }),
    status: 417,
    type: 'DataError',
  },
  // A DocType spelled otherwise than case and trailing spaces names none (test/api/doctype-spelling.test.ts).
  ...['/api/resource/widgets/Kept', '/api/resource/%20Widget/Kept', '/api/resource/W%C3%AFdget'].map(
    (path) => ({
      why: `a DocType spelled otherwise (${path})`,
      method: 'GET',
      path,
      status: 404,
      type: 'DoesNotExistError',
    }),
  ),
  // A search whose custom query is a search method would call itself until the stack overflows.
  ...['search_link', 'search_widget'].map((method) => ({
    why: `${method} with itself as its query`,
    method: 'POST',
    path: `/api/method/frappe.desk.search.${method}`,
    body: { doctype: 'Widget', txt: 'K', query: `frappe.desk.search.${method}` },
    status: 417,
    type: 'ValidationError',
  })),
  {
    why: 'search_link with search_widget as its query',
    method: 'POST',
    path: '/api/method/frappe.desk.search.search_link',
    body: { doctype: 'Widget', txt: 'K', query: 'frappe.desk.search.search_widget' },
    status: 417,
    type: 'ValidationError',
  },
];

const v2Cases: Case[] = [
  {
    why: 'v2: fields not a list',
    method: 'GET',
    path: '/api/v2/document/Widget?fields=name',
    status: 417,
    type: 'ValidationError',
  },
  {
    why: 'v2: unknown field',
    method: 'GET',
    path: `/api/v2/document/Widget?fields=${q(['nope'])}`,
    status: 417,
    type: 'DataError',
  },
  {
    why: 'v2: a stale modified through PATCH',
    method: 'PATCH',
    path: '/api/v2/document/Widget/Kept',
    body: { qty: 9, modified: '2001-01-01 00:00:00.000000' },
    status: 417,
    type: 'TimestampMismatchError',
  },
  {
    why: 'v2: negative start',
    method: 'GET',
    path: '/api/v2/document/Widget?start=-5',
    status: 417,
    type: 'ValidationError',
  },
];

for (const kind of databases) {
  describe(`${kind}: bad input is refused and changes nothing`, () => {
    let t: ApiSite;
    let stored: Array<Record<string, unknown>>;
    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/Widget', {
        title: 'Kept',
        qty: 1,
        code: 'K1',
      });
      assert.equal(created.status, 200);
      stored = await t.widgets();
    });
    after(() => t.close());

    const send = async ({ method, path, body }: Case) => {
      const raw = typeof body === 'string';
      const headers: Record<string, string> = { accept: 'application/json', 'x-frappe-site-name': t.site };
      headers.cookie = `sid=${await sidOf(t)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${t.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, Json> };
    };

    for (const c of cases) {
      it(`v1: ${c.why} → ${c.status} ${c.type}`, async () => {
        const { status, body } = await send(c);
        assert.equal(status, c.status, JSON.stringify(body));
        assert.equal(body.exc_type, c.type);
        for (const key of ['exception', 'exc', '_server_messages'])
          assert.equal(typeof body[key], 'string', key);
        assert.doesNotMatch(body.exc, /\n\s+at /, 'no stack trace');
        assert.deepEqual(await t.widgets(), stored);
      });
    }

    for (const c of v2Cases) {
      it(`${c.why} → ${c.status} ${c.type} in the v2 envelope`, async () => {
        const { status, body } = await send(c);
        assert.equal(status, c.status, JSON.stringify(body));
        assert.equal(body.errors?.[0]?.type, c.type);
        assert.equal(typeof body.errors[0].message, 'string');
        assert.deepEqual(await t.widgets(), stored);
      });
    }

    // PostgreSQL cannot hold a NUL character in text; elsewhere such a name simply matches nothing.
    for (const c of [
      { why: 'a NUL name', method: 'GET', path: '/api/resource/Widget/%00' },
      { why: 'a NUL name in v2 PATCH', method: 'PATCH', path: '/api/v2/document/Widget/%00', body: {} },
      { why: 'a NUL filter value', method: 'GET', path: list({ filters: [['name', '=', '\u0000']] }) },
    ]) {
      it(`${c.why} is refused or not found, never a server error`, async () => {
        const { status, body } = await send({ ...c, status: 0, type: '' });
        const listing = c.path.includes('filters');
        if (kind === 'postgres') assert.equal(status, 417, JSON.stringify(body));
        else assert.equal(status, listing ? 200 : 404, JSON.stringify(body));
        if (kind === 'postgres') assert.match(JSON.stringify(body), /NUL/);
        assert.deepEqual(await t.widgets(), stored);
      });
    }

    it('binds filter values: a quote in a value matches nothing and breaks nothing', async () => {
      const { status, body } = await send({
        why: '',
        method: 'GET',
        path: list({ fields: ['name'], filters: [['name', '=', "x' or '1'='1"]] }),
        status: 200,
        type: '',
      });
      assert.equal(status, 200);
      assert.deepEqual(body.data, []);
    });
  });
}

const sids = new WeakMap<ApiSite, string>();
async function sidOf(t: ApiSite): Promise<string> {
  let sid = sids.get(t);
  if (!sid) {
    const response = await fetch(`${t.url}/api/method/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-frappe-site-name': t.site },
      body: JSON.stringify({ usr: 'Administrator', pwd: 'admin-Pa55' }),
    });
    sid = /sid=([^;]+)/.exec(response.headers.getSetCookie().join(';'))![1]!;
    sids.set(t, sid);
  }
  return sid;
}
