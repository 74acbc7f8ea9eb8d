// The REST API through the real router (`startStack`: router + backend + websocket), on every database:
// frappe-js-sdk documents, realtime `list_update` after commit (and none after a failed write), private
// files served by the router on the backend's X-Accel-Redirect, public files served from disk.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FrappeApp } from 'frappe-js-sdk';
import type { Socket } from 'socket.io-client';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench } from '../../src/config/bench.ts';
import { dropServerDatabase } from '../../src/db/index.ts';
import { createSite } from '../../src/site/create-site.ts';
import { connectSocket, login } from '../support/e2e.ts';
import { type DbKind, databases, mariadbUrl, postgresUrl } from '../support/services.ts';
import { until } from '../support/until.ts';

const gadget = {
  name: 'Gadget',
  module: 'Custom',
  autoname: 'field:title',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
    { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
  ],
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
};

function server(kind: Exclude<DbKind, 'sqlite'>) {
  const url = new URL((kind === 'postgres' ? postgresUrl : mariadbUrl)!);
  return {
    host: url.hostname,
    port: Number(url.port) || (kind === 'postgres' ? 5432 : 3306),
    rootUser: decodeURIComponent(url.username) || (kind === 'postgres' ? 'postgres' : 'root'),
    rootPassword: decodeURIComponent(url.password),
  };
}

for (const kind of databases) {
  describe(`${kind}: the REST API through the router`, () => {
    const root = mkdtempSync(join(tmpdir(), 'cortado-api-stack-'));
    const bench = new Bench(join(root, 'sites'));
    const site = `api-${randomBytes(4).toString('hex')}.test`;
    const password = 'stack-Pa55';
    let stack: Stack;
    let base: string;
    let sid: string;
    let sdk: FrappeApp;

    before(async () => {
      const admin = kind === 'sqlite' ? undefined : server(kind);
      await createSite(bench, {
        name: site,
        dbType: kind,
        adminPassword: password,
        ...(admin && {
          dbHost: admin.host,
          dbPort: admin.port,
          rootUser: admin.rootUser,
          rootPassword: admin.rootPassword,
        }),
      });
      // Port-based tenancy: every request through this router is this site, whatever its Host.
      process.env.FRAPPE_SITE_NAME_HEADER = site;
      stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
      base = `http://127.0.0.1:${stack.port}`;
      const loggedIn = await login(base, 'Administrator', password);
      assert.equal(loggedIn.status, 200);
      sid = loggedIn.sid!;
      sdk = new FrappeApp(base, undefined, 'router-test', { Cookie: `sid=${sid}` });
      await sdk.db().createDoc('DocType', gadget);
    });
    after(async () => {
      await stack?.close();
      delete process.env.FRAPPE_SITE_NAME_HEADER;
      if (kind !== 'sqlite') {
        const dbName = bench.siteConfig(site).db_name!;
        await dropServerDatabase({ type: kind, ...server(kind), dbName, dbUser: dbName });
      }
      rmSync(root, { recursive: true, force: true });
    });

    it('serves documents to frappe-js-sdk through the router', async () => {
      const created = await sdk.db().createDoc('Gadget', { title: 'Via/Router', qty: 1 });
      assert.equal(created.name, 'Via/Router');
      assert.equal((await sdk.db().getDoc('Gadget', 'Via/Router')).qty, 1);
      const updated = await sdk.db().updateDoc('Gadget', 'Via/Router', { qty: 2 });
      assert.equal(updated.qty, 2);
      assert.deepEqual(await sdk.db().getDocList('Gadget', { fields: ['name', 'qty'] }), [
        { name: 'Via/Router', qty: 2 },
      ]);
      assert.equal(await sdk.db().getCount('Gadget'), 1);
      assert.deepEqual(await sdk.db().deleteDoc('Gadget', 'Via/Router'), { data: 'ok' });
      const guest = await fetch(`${base}/api/resource/Gadget`, { headers: { accept: 'application/json' } });
      assert.equal(guest.status, 403);
      assert.equal(((await guest.json()) as { exc_type: string }).exc_type, 'PermissionError');
    });

    it("answers Frappe clients' corrections through the router: unknown method, missing argument, DocType case, favicon", async () => {
      const headers = { accept: 'application/json', cookie: `sid=${sid}` };
      const unknown = await fetch(`${base}/api/method/frappe.client.no_such`, { headers });
      assert.equal(unknown.status, 417);
      const body = (await unknown.json()) as { exc_type: string; _server_messages: string };
      assert.equal(body.exc_type, 'ValidationError');
      assert.deepEqual(JSON.parse(JSON.parse(body._server_messages)[0]), {
        message:
          "Failed to get method for command frappe.client.no_such with module 'frappe.client' has no attribute 'no_such'",
        title: 'Message',
        indicator: 'red',
        raise_exception: 1,
      });
      const missing = await fetch(`${base}/api/method/frappe.client.get_list`, { headers });
      assert.equal(missing.status, 417);
      assert.equal(((await missing.json()) as { exc_type: string }).exc_type, 'TypeError');
      const n8n = await fetch(`${base}/api/resource/Doctype?limit_page_length=1`, { headers });
      assert.equal(n8n.status, 200);
      assert.equal(((await n8n.json()) as { data: unknown[] }).data.length, 1);
      const icon = await fetch(`${base}/favicon.ico`);
      assert.equal(icon.status, 200);
      assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.match(await icon.text(), /^<svg /);
    });

    it('sends list_update over Socket.IO after a committed insert, and nothing for a failed one', async () => {
      const socket: Socket = await connectSocket(base, site, { sid });
      const events: Array<{ doctype: string; name: string; user: string }> = [];
      socket.on('list_update', (message) => events.push(message));
      try {
        socket.emit('doctype_subscribe', 'Gadget');
        // The subscription's permission check is asynchronous: insert until the first notice arrives.
        let n = 0;
        await until(
          async () => {
            await sdk.db().createDoc('Gadget', { title: `Probe ${++n}` });
            return events.length > 0;
          },
          'first list_update',
          { everyMs: 100 },
        );
        assert.equal(events[0]!.doctype, 'Gadget');
        assert.equal(events[0]!.user, 'Administrator');
        assert.match(events[0]!.name, /^Probe \d+$/);

        await sdk.db().createDoc('Gadget', { title: 'Dup' });
        await assert.rejects(
          sdk.db().createDoc('Gadget', { title: 'Dup' }),
          (error: { httpStatus: number }) => {
            assert.equal(error.httpStatus, 409);
            return true;
          },
        );
        await assert.rejects(
          sdk.db().createDoc('Gadget', { title: 'Failed Insert', qty: 'lots' }),
          (error: { httpStatus: number }) => {
            assert.equal(error.httpStatus, 417);
            return true;
          },
        );
        await sdk.db().createDoc('Gadget', { title: 'After Failure' });
        await until(() => events.some((e) => e.name === 'After Failure'), 'the marker notice');
        const names = events.map((e) => e.name);
        assert.equal(names.filter((name) => name === 'Dup').length, 1, 'the duplicate insert sent nothing');
        assert.equal(names.includes('Failed Insert'), false, 'the invalid insert sent nothing');
        assert.ok(names.indexOf('Dup') < names.indexOf('After Failure'), 'notices arrive in commit order');
      } finally {
        socket.close();
      }
    });

    it('serves private files through X-Accel-Redirect and public files from disk', async () => {
      const upload = async (isPrivate: boolean, name: string, content: string) => {
        const form = new FormData();
        form.append('is_private', isPrivate ? '1' : '0');
        form.append('file', new Blob([content]), name);
        const response = await fetch(`${base}/api/method/upload_file`, {
          method: 'POST',
          headers: { cookie: `sid=${sid}` },
          body: form,
        });
        assert.equal(response.status, 200);
        return ((await response.json()) as { message: { file_url: string } }).message.file_url;
      };
      const privateUrl = await upload(true, 'router secret.txt', 'only for admins');
      const privateFile = await fetch(`${base}${encodeURI(privateUrl)}`, {
        headers: { cookie: `sid=${sid}` },
      });
      assert.equal(privateFile.status, 200);
      assert.equal(await privateFile.text(), 'only for admins');
      assert.equal(privateFile.headers.get('x-accel-redirect'), null, 'the router consumed the header');
      assert.match(privateFile.headers.get('content-type') ?? '', /^text\/plain/);
      const ranged = await fetch(`${base}${encodeURI(privateUrl)}`, {
        headers: { cookie: `sid=${sid}`, range: 'bytes=0-3' },
      });
      assert.equal(ranged.status, 206);
      assert.equal(await ranged.text(), 'only');
      const anonymous = await fetch(`${base}${encodeURI(privateUrl)}`);
      assert.equal(anonymous.status, 403);
      assert.doesNotMatch(await anonymous.text(), /only for admins/);
      const direct = await fetch(`${base}/protected${encodeURI(privateUrl)}`, {
        headers: { cookie: `sid=${sid}` },
      });
      assert.equal(direct.status, 404, '/protected is never reachable from outside');

      // A private .html is downloaded as it is named (no 301 to a name without .html), never rendered.
      const htmlUrl = await upload(true, 'router page.html', '<script>alert(1)</script>');
      const html = await fetch(`${base}${encodeURI(htmlUrl)}`, { headers: { cookie: `sid=${sid}` } });
      assert.equal(html.status, 200);
      assert.equal(await html.text(), '<script>alert(1)</script>');
      assert.match(html.headers.get('content-disposition') ?? '', /^attachment/);
      assert.equal(html.headers.get('content-type'), 'application/octet-stream');
      assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
      assert.equal((await fetch(`${base}${encodeURI(htmlUrl)}`)).status, 403, 'still private');

      const publicUrl = await upload(false, 'router-public.txt', 'for everyone');
      const publicFile = await fetch(`${base}${publicUrl}`);
      assert.equal(publicFile.status, 200);
      assert.equal(await publicFile.text(), 'for everyone');
    });
  });
}
