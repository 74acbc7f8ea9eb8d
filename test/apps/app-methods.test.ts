// Whitelisted app functions over HTTP: typed arguments checked before the call (417), only on sites with the
// app installed (417 elsewhere, as an unknown method), malformed paths answered as unknown ones, overrides of
// core methods per site, and their listing with argument schemas in /api/openapi.json.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerAppMethod, registerAppOverride } from '../../src/apps/app-method.ts';
import { whitelist } from '../../src/apps/whitelist.ts';
import { generateApiKeys } from '../../src/auth/users.ts';
import { MethodRegistry } from '../../src/backend/methods.ts';
import { PermissionError } from '../../src/errors/index.ts';
import { testSite } from '../support/backend-site.ts';
import { type AppSite, createAppSite, librarian, outsider } from './support.ts';

const app = 'library';
const calls: unknown[] = [];
const installed = new Set<string>([testSite]);
const isInstalled = (site: string) => installed.has(site);

const shelfCount = whitelist(
  {
    methods: ['GET', 'POST'],
    params: { status: { type: 'string', required: true }, min_pages: { type: 'int' } },
  },
  async (ctx, { status, min_pages = 0 }) => {
    calls.push({ status, min_pages });
    const rows = await ctx.getList('Book', { filters: { status, pages: ['>=', min_pages] } });
    return { user: ctx.user, count: rows.length };
  },
);
const hello = whitelist({ allow_guest: true, methods: ['GET'] }, async (ctx) => `hello ${ctx.user}`);
const secret = whitelist({ methods: ['POST'] }, async (ctx) => {
  if (ctx.user !== 'Administrator') throw new PermissionError('Only the Administrator');
  return 'ok';
});
const countOverride = whitelist(
  { params: { doctype: { type: 'string', required: true } } },
  async (_ctx, { doctype }) => ({
    overridden: doctype,
  }),
);

describe('whitelisted app methods', () => {
  let t: AppSite;
  const tokens = new Map<string, string>();
  const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const headers: Record<string, string> = { host: testSite };
    if (user !== 'Guest') {
      if (!tokens.has(user)) {
        const keys = await generateApiKeys(t.db, user);
        tokens.set(user, `token ${keys.apiKey}:${keys.apiSecret}`);
      }
      headers.authorization = tokens.get(user)!;
    }
    const response = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json() };
  };

  before(async () => {
    const methods = new MethodRegistry();
    const model = () => t.model;
    registerAppMethod(methods, 'library.library.api.shelf_count', shelfCount, app, isInstalled, model);
    registerAppMethod(methods, 'library.library.api.hello', hello, app, isInstalled, model);
    registerAppMethod(methods, 'library.library.api.secret', secret, app, isInstalled, model);
    registerAppOverride(methods, 'frappe.client.get_count', countOverride, app, isInstalled, model);
    t = await createAppSite('sqlite', { methods });
    await t.run('Administrator', async (ctx) => {
      await ctx.insert({ doctype: 'Book', title: 'Short', pages: 10 });
      await ctx.insert({ doctype: 'Book', title: 'Long', pages: 900 });
    });
  });
  after(() => t?.close());

  it('calls the function with the request user and typed arguments', async () => {
    const reply = await call(
      librarian,
      'GET',
      '/api/method/library.library.api.shelf_count?status=Available&min_pages=100',
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.message, { user: librarian, count: 1 });
    assert.deepEqual(calls.at(-1), { status: 'Available', min_pages: 100 });
    const v2 = await call(librarian, 'POST', '/api/v2/method/library.library.api.shelf_count', {
      status: 'Issued',
    });
    assert.deepEqual(v2.body.data, { user: librarian, count: 0 });
  });

  it('answers 417 before the call when an argument is missing or of the wrong type', async () => {
    const before = calls.length;
    const missing = await call(librarian, 'GET', '/api/method/library.library.api.shelf_count');
    assert.equal(missing.status, 417);
    assert.equal(missing.body.exc_type, 'TypeError');
    assert.equal(
      missing.body.exception,
      "TypeError: shelf_count() missing 1 required positional argument: 'status'",
    );
    const mistyped = await call(
      librarian,
      'GET',
      '/api/method/library.library.api.shelf_count?status=Available&min_pages=many',
    );
    assert.equal(mistyped.status, 417);
    assert.match(mistyped.body.exception, /Argument 'min_pages' should be of type 'int'/);
    assert.equal(calls.length, before);
  });

  it('keeps Frappe’s rules: guests only where allowed, HTTP methods as declared, errors in the envelope', async () => {
    assert.deepEqual((await call('Guest', 'GET', '/api/method/library.library.api.hello')).body, {
      message: 'hello Guest',
    });
    assert.equal(
      (await call('Guest', 'GET', '/api/method/library.library.api.shelf_count?status=x')).status,
      403,
    );
    assert.equal((await call(librarian, 'GET', '/api/method/library.library.api.secret')).status, 403);
    const refused = await call(librarian, 'POST', '/api/method/library.library.api.secret');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.exc_type, 'PermissionError');
    assert.equal(
      (await call('Administrator', 'POST', '/api/method/library.library.api.secret')).body.message,
      'ok',
    );
  });

  it('answers as for an unknown method where the app is not installed, or for a malformed path', async () => {
    const unknown = await call(librarian, 'GET', '/api/method/library.library.api.no_such_function');
    assert.equal(unknown.status, 417);
    const paths = [
      '/api/method/library..library.api.shelf_count?status=x',
      '/api/method/library.library.api.shelf_count.?status=x',
      '/api/method/.library.library.api.shelf_count?status=x',
      '/api/method/library%2F..%2Flibrary.library.api.shelf_count?status=x',
    ];
    for (const path of paths) {
      const reply = await call(librarian, 'GET', path);
      assert.equal(reply.status, 417, path);
      assert.deepEqual(reply.body.exc_type, unknown.body.exc_type, path);
    }
    installed.delete(testSite);
    try {
      const reply = await call(librarian, 'GET', '/api/method/library.library.api.shelf_count?status=x');
      assert.deepEqual([reply.status, reply.body.exc_type], [unknown.status, unknown.body.exc_type]);
      // The core method answers again where the overriding app is not installed.
      const count = await call('Administrator', 'GET', '/api/method/frappe.client.get_count?doctype=Book');
      assert.equal(count.body.message, 2);
    } finally {
      installed.add(testSite);
    }
  });

  it('answers a core method with the overriding app function on sites with the app', async () => {
    const reply = await call(outsider, 'GET', '/api/method/frappe.client.get_count?doctype=Book');
    assert.deepEqual(reply.body.message, { overridden: 'Book' });
  });

  it('lists app methods with their argument schemas in /api/openapi.json', async () => {
    const doc = (await call(librarian, 'GET', '/api/openapi.json')).body;
    const item = doc.paths['/api/method/library.library.api.shelf_count'];
    assert.deepEqual(Object.keys(item).sort(), ['get', 'post']);
    assert.deepEqual(
      item.get.parameters.map((p: { name: string; required: boolean; schema: unknown }) => [
        p.name,
        p.required,
        p.schema,
      ]),
      [
        ['status', true, { type: 'string' }],
        ['min_pages', false, { type: 'integer' }],
      ],
    );
    assert.deepEqual(item.post.requestBody.content['application/json'].schema.required, ['status']);
    assert.ok(doc.tags.some((tag: { name: string }) => tag.name === app));
    const guestDoc = (await call('Guest', 'GET', '/api/openapi.json')).body;
    assert.ok(guestDoc.paths['/api/method/library.library.api.hello']);
    assert.equal(guestDoc.paths['/api/method/library.library.api.shelf_count'], undefined);
  });

  it('refuses to register a function that is not whitelisted, or a path outside the app', () => {
    const methods = new MethodRegistry();
    assert.throws(
      () => registerAppMethod(methods, 'library.api.plain', async () => 1, app, isInstalled, t.model),
      /not whitelisted/,
    );
    assert.throws(
      () => registerAppMethod(methods, 'other.api.hello', hello, app, isInstalled, t.model),
      /invalid method path/,
    );
    assert.throws(
      () => registerAppMethod(methods, 'library..api.hello', hello, app, isInstalled, t.model),
      /invalid method path/,
    );
  });
});
