import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;

for (const kind of databases) {
  describe(`${kind}: whitelisted methods`, () => {
    let t: BackendSite;
    before(async () => {
      t = await createBackendSite(kind, { methods: testMethods() });
    });
    after(() => t.close());

    it('runs a guest method and replies {"message": result}', async () => {
      const response = await t.app.inject({
        url: '/api/method/test.echo?text=hi&count=3&flag=true',
        headers: { host },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { message: { text: 'hi', count: 3, flag: true } });
    });

    it('matches JSON body arguments to declared params, dropping unknown ones and ignoring the query', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.echo?text=from-query',
        headers: { host },
        payload: { text: 'from-body', data: { a: [1] }, extra: 'dropped' },
      });
      assert.deepEqual(response.json(), { message: { text: 'from-body', data: { a: [1] } } });
    });

    it('merges query and urlencoded form arguments, drops `_`, and puts a JSON array in `data`', async () => {
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.kwargs?a=query&b=query&_=1700000000',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'a=form&c=form',
      });
      assert.deepEqual(form.json(), { message: { a: 'form', b: 'query', c: 'form' } });
      const array = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.kwargs',
        headers: { host },
        payload: [1, 2],
      });
      assert.deepEqual(array.json(), { message: { data: [1, 2] } });
    });

    it('tolerates trailing slashes and the /api/v1 prefix; /api/v2 replies {"data": result}', async () => {
      assert.deepEqual((await t.app.inject({ url: '/api/method/ping/', headers: { host } })).json(), {
        message: 'pong',
      });
      assert.deepEqual((await t.app.inject({ url: '/api/v1/method/ping', headers: { host } })).json(), {
        message: 'pong',
      });
      assert.deepEqual((await t.app.inject({ url: '/api/v2/method/ping', headers: { host } })).json(), {
        data: 'pong',
      });
    });

    it('omits "message" when the result is null', async () => {
      const response = await t.app.inject({ url: '/api/method/test.nothing', headers: { host } });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {});
    });

    it('runs the legacy cmd=<method> posted to /', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'cmd=test.echo&text=legacy',
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { message: { text: 'legacy' } });
    });

    it('answers an unknown method as Frappe does: 417 "Failed to get method", for users and Guest alike', async () => {
      const sid = await login(t.app);
      const cases: Array<[string, Record<string, string>, string]> = [
        [
          'frappe.no.such_method',
          {},
          "Failed to get method for command frappe.no.such_method with No module named 'frappe.no'",
        ],
        [
          'test.missing',
          { cookie: `sid=${sid}` },
          "Failed to get method for command test.missing with module 'test' has no attribute 'missing'",
        ],
        ['nodots', {}, "Failed to get method for command nodots with 'nodots'"],
      ];
      for (const [path, headers, message] of cases) {
        const response = await t.app.inject({ url: `/api/method/${path}`, headers: { host, ...headers } });
        assert.equal(response.statusCode, 417, path);
        const body = response.json();
        assert.equal(body.exc_type, 'ValidationError');
        const [serverMessage] = (JSON.parse(body._server_messages) as string[]).map((m) => JSON.parse(m));
        assert.deepEqual(serverMessage, { message, title: 'Message', indicator: 'red', raise_exception: 1 });
      }
      const hostile = await t.app.inject({ url: '/api/method/a.%3Cscript%3E', headers: { host } });
      assert.equal(hostile.statusCode, 417);
      assert.ok(!hostile.body.includes('<script>'), 'the path is escaped in the message');
    });

    it('answers 403 for Guest on a non-guest method, and runs it for a user', async () => {
      const guest = await t.app.inject({ url: '/api/method/test.private', headers: { host } });
      assert.equal(guest.statusCode, 403);
      assert.equal(guest.json().exc_type, 'PermissionError');
      const [message] = (JSON.parse(guest.json()._server_messages) as string[]).map((m) => JSON.parse(m));
      assert.equal(message.title, 'Method Not Allowed');
      assert.match(message.message, /Function <strong>test\.private<\/strong> is not whitelisted/);
      const sid = await login(t.app);
      const user = await t.app.inject({
        url: '/api/method/test.private',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.deepEqual(user.json(), { message: 'hello Administrator' });
    });

    it('answers 403 for an HTTP method the method does not allow, as Frappe does', async () => {
      const get = await t.app.inject({ url: '/api/method/test.post_only', headers: { host } });
      assert.equal(get.statusCode, 403);
      assert.equal(get.json().exc_type, 'PermissionError');
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.post_only',
        headers: { host },
      });
      assert.deepEqual(post.json(), { message: 'posted' });
    });

    it('answers 417 FrappeTypeError for an argument of the wrong type, TypeError for missing ones', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.echo',
        headers: { host },
        payload: { text: ['not', 'a', 'string'] },
      });
      assert.equal(wrong.statusCode, 417);
      assert.equal(wrong.json().exc_type, 'FrappeTypeError');
      assert.match(wrong.json().exception, /Argument 'text' should be of type 'string'/);
      const number = await t.app.inject({
        url: '/api/method/test.echo?text=x&count=many',
        headers: { host },
      });
      assert.equal(number.statusCode, 417);
      const missing = await t.app.inject({ url: '/api/method/test.echo', headers: { host } });
      assert.equal(missing.statusCode, 417);
      assert.equal(missing.json().exc_type, 'TypeError');
      assert.equal(
        missing.json().exception,
        "TypeError: echo() missing 1 required positional argument: 'text'",
      );
    });
  });
}
