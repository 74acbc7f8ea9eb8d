import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;

function assertV1(body: Record<string, unknown>, excType: string, message: string): void {
  assert.equal(body.exc_type, excType);
  assert.equal(body.exception, `frappe.exceptions.${excType}: ${message}`);
  assert.equal(typeof body.exc, 'string');
  assert.deepEqual(JSON.parse(body.exc as string), [`frappe.exceptions.${excType}: ${message}`]);
  const messages = JSON.parse(body._server_messages as string) as string[];
  assert.deepEqual(
    messages.map((m) => JSON.parse(m).message),
    [message],
  );
  assert.equal(JSON.parse(messages[0]!).indicator, 'red');
  assert.equal(JSON.parse(messages[0]!).raise_exception, 1);
}

for (const kind of databases) {
  describe(`${kind}: error envelopes`, () => {
    let t: BackendSite;
    before(async () => {
      t = await createBackendSite(kind, { methods: testMethods(), bodyLimit: 4096 });
    });
    after(() => t.close());

    it('renders a thrown error as the v1 envelope with exc_type, exception, exc and _server_messages', async () => {
      const response = await t.app.inject({ url: '/api/method/test.forbidden', headers: { host } });
      assert.equal(response.statusCode, 403);
      assert.match(response.headers['content-type'] as string, /^application\/json/);
      assertV1(response.json(), 'PermissionError', 'No entry');
    });

    it('renders the v2 envelope under /api/v2', async () => {
      const response = await t.app.inject({ url: '/api/v2/method/test.invalid', headers: { host } });
      assert.equal(response.statusCode, 417);
      assert.deepEqual(response.json(), {
        errors: [
          { type: 'ValidationError', message: 'Bad <b>value</b>', title: 'Message', indicator: 'red' },
        ],
        messages: [],
      });
    });

    it('renders an escaped HTML page when the browser asks for text/html', async () => {
      const response = await t.app.inject({
        url: '/api/method/test.invalid',
        headers: { host, accept: 'text/html' },
      });
      assert.equal(response.statusCode, 417);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.ok(response.body.includes('Bad &lt;b&gt;value&lt;/b&gt;'));
    });

    it('answers an unexpected error with a 500 that shows no server detail', async () => {
      const response = await t.app.inject({ url: '/api/method/test.boom', headers: { host } });
      assert.equal(response.statusCode, 500);
      const body = response.json();
      assert.equal(body.exc_type, 'Exception');
      assert.equal(body.exception, 'Exception: Internal Server Error');
      assert.ok(!response.body.includes('hunter2'));
      assert.ok(!response.body.includes('.ts:'), 'no stack trace');
    });

    it('maps a duplicate row to DuplicateEntryError 409', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.add_role',
        headers: { host },
        payload: { role: 'Guest' },
      });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().exc_type, 'DuplicateEntryError');
    });

    it('answers malformed JSON with a 417 envelope and keeps serving', async () => {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/method/ping',
        headers: { host, 'content-type': 'application/json' },
        payload: '{"usr": ',
      });
      assert.equal(bad.statusCode, 417);
      assertV1(bad.json(), 'ValidationError', 'Invalid JSON in request body');
      const poisoned = await t.app.inject({
        method: 'POST',
        url: '/api/method/ping',
        headers: { host, 'content-type': 'application/json' },
        payload: '{"__proto__": {"admin": true}}',
      });
      assert.equal(poisoned.statusCode, 417);
      const next = await t.app.inject({ url: '/api/method/ping', headers: { host } });
      assert.equal(next.statusCode, 200);
    });

    it('answers an oversized body with 413 in the envelope', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/ping',
        headers: { host, 'content-type': 'application/json' },
        payload: JSON.stringify({ blob: 'x'.repeat(10_000) }),
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().exc_type, 'RequestEntityTooLarge');
      assert.equal(typeof response.json()._server_messages, 'string');
    });

    it('answers an unknown API route with a 404 envelope and an unknown page with an HTML 404', async () => {
      const api = await t.app.inject({ url: '/api/nothing/here', headers: { host } });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().exc_type, 'DoesNotExistError');
      const page = await t.app.inject({ url: '/no-such-page', headers: { host, accept: 'text/html' } });
      assert.equal(page.statusCode, 404);
      assert.match(page.headers['content-type'] as string, /^text\/html/);
    });

    it('ignores bodies of unknown content types instead of failing', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.kwargs?a=1',
        headers: { host, 'content-type': 'application/octet-stream' },
        payload: Buffer.from([0, 1, 2]),
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { message: { a: '1' } });
    });
  });
}
