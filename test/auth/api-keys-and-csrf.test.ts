import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCredentialResolver } from '../../src/auth/credentials.ts';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;

for (const kind of databases) {
  describe(`${kind}: API keys and CSRF`, () => {
    let t: BackendSite;
    let keys: { apiKey: string; apiSecret: string };
    before(async () => {
      t = await createBackendSite(kind, { methods: testMethods() });
      await createUser(t.db, { email: 'bot@example.com', firstName: 'Bot', roles: ['System Manager'] });
      keys = await generateApiKeys(t.db, 'bot@example.com');
    });
    after(() => t.close());

    const who = (authorization: string) =>
      t.app.inject({ url: '/api/method/frappe.auth.get_logged_user', headers: { host, authorization } });

    it('stores the API secret only as a hash', async () => {
      const q = t.db.dialect.quote;
      const row = await t.db.one<{ password: string }>(
        `select password from ${q('__Auth')} where doctype = 'User' and ${q('name')} = ? and fieldname = 'api_secret'`,
        ['bot@example.com'],
      );
      assert.ok(row);
      assert.ok(!row.password.includes(keys.apiSecret));
    });

    it('authenticates `token key:secret` and `Basic base64(key:secret)` as the key owner', async () => {
      assert.deepEqual((await who(`token ${keys.apiKey}:${keys.apiSecret}`)).json(), {
        message: 'bot@example.com',
      });
      const basic = Buffer.from(`${keys.apiKey}:${keys.apiSecret}`).toString('base64');
      assert.deepEqual((await who(`Basic ${basic}`)).json(), { message: 'bot@example.com' });
    });

    it('answers 401 for a wrong secret, an unknown key or any header that does not resolve', async () => {
      for (const header of [
        `token ${keys.apiKey}:wrong`,
        'token nobody:secret',
        'token garbage',
        'Bearer abc',
        'nonsense',
      ]) {
        const response = await who(header);
        assert.equal(response.statusCode, 401, header);
        assert.equal(response.json().exc_type, 'AuthenticationError', header);
      }
    });

    it('answers 400 InvalidAuthorizationToken for Basic credentials that are not base64', async () => {
      const response = await who('Basic %%%not-base64');
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().exc_type, 'InvalidAuthorizationToken');
    });

    it('invalidates the old secret when keys are regenerated', async () => {
      const old = keys;
      keys = await generateApiKeys(t.db, 'bot@example.com');
      assert.equal(keys.apiKey, old.apiKey, 'the key stays, as in Frappe');
      assert.equal((await who(`token ${old.apiKey}:${old.apiSecret}`)).statusCode, 401);
      assert.equal((await who(`token ${keys.apiKey}:${keys.apiSecret}`)).statusCode, 200);
    });

    it('requires the CSRF token on unsafe requests of a cookie session that was given one', async () => {
      const sid = await login(t.app);
      // Before the desk hands out a token, the session has none and API clients work as in Frappe.
      const before = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(before.statusCode, 200);
      const desk = await t.app.inject({ url: '/app', headers: { host, cookie: `sid=${sid}` } });
      const token = /"csrf_token":"([0-9a-f]+)"/.exec(desk.body)?.[1];
      assert.ok(token, 'the desk boot data carries the token');

      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().exc_type, 'CSRFTokenError');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}`, 'x-frappe-csrf-token': 'f'.repeat(56) },
      });
      assert.equal(wrong.statusCode, 400);

      const header = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}`, 'x-frappe-csrf-token': token },
      });
      assert.deepEqual(header.json(), { message: 'hello Administrator' });
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.kwargs',
        headers: { host, cookie: `sid=${sid}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `csrf_token=${token}&a=1`,
      });
      assert.deepEqual(form.json(), { message: { a: '1' } }, 'the form token is accepted and not passed on');
      const get = await t.app.inject({
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(get.statusCode, 200, 'GET needs no token');
    });

    it('does not apply CSRF to token-authenticated requests, nor to login', async () => {
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.private',
        headers: { host, authorization: `token ${keys.apiKey}:${keys.apiSecret}` },
      });
      assert.deepEqual(token.json(), { message: 'hello bot@example.com' });
      const sid = await login(t.app);
      await t.app.inject({ url: '/app', headers: { host, cookie: `sid=${sid}` } });
      const relogin = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host, cookie: `sid=${sid}` },
        payload: { usr: 'Administrator', pwd: 'admin-Pa55' },
      });
      assert.equal(relogin.statusCode, 200);
    });

    it('resolves credentials for the websocket service without HTTP', async () => {
      const resolve = createCredentialResolver({ databases: { get: () => t.db }, cache: t.cache });
      const sid = await login(t.app);
      assert.equal((await resolve(testSite, { sid }))?.user, 'Administrator');
      assert.equal((await resolve(testSite, { sid }))?.userType, 'System User');
      assert.equal(
        (await resolve(testSite, { token: `${keys.apiKey}:${keys.apiSecret}` }))?.user,
        'bot@example.com',
      );
      assert.equal(
        (await resolve(testSite, { authorization: `token ${keys.apiKey}:${keys.apiSecret}` }))?.user,
        'bot@example.com',
      );
      assert.equal(await resolve(testSite, { sid: 'f'.repeat(56) }), undefined);
      assert.equal(await resolve(testSite, { token: `${keys.apiKey}:nope` }), undefined);
      assert.equal(await resolve(testSite, { authorization: 'Basic %%%' }), undefined);
      assert.equal(await resolve(testSite, {}), undefined);
    });
  });
}
