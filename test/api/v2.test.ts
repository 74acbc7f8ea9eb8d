// REST API v2 (`/api/v2`): the `{"data": ...}` envelope, documents, lists with `has_next_page`, doctype
// meta and counts, document and controller methods, and v2 errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MethodRegistry } from '../../src/backend/methods.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: REST API v2`, () => {
    let t: ApiSite;
    const v2 = (method: string, path: string, body?: unknown, user = 'Administrator') =>
      t.call(user, method, `/api/v2${path}`, body);
    before(async () => {
      t = await createApiSite(kind);
      t.app.model.controllers.whitelist(
        'Widget',
        'double',
        (doc, { args }) => Number(doc.qty) * Number(args.by ?? 2),
      );
    });
    after(() => t.close());

    it('answers ping inside the envelope', async () => {
      assert.deepEqual((await v2('GET', '/method/ping')).body, { data: 'pong' });
    });

    it('inserts, reads, patches, puts and deletes a document', async () => {
      const created = await v2('POST', '/document/Widget', { title: 'V2 One', qty: 4, doctype: 'Ignored' });
      assert.equal(created.status, 200);
      assert.equal(created.body.data.name, 'V2 One');
      assert.equal(created.body.data.doctype, 'Widget');

      const read = await v2('GET', '/document/Widget/V2%20One');
      assert.equal(read.body.data.qty, 4);

      const patched = await v2('PATCH', '/document/Widget/V2 One', { qty: 5 });
      assert.equal(patched.body.data.qty, 5);
      assert.equal(patched.body.data.title, 'V2 One');
      const put = await v2('PUT', '/document/Widget/V2 One/', { notes: 'put' });
      assert.equal(put.body.data.notes, 'put');
      assert.equal(put.body.data.qty, 5);

      const deleted = await v2('DELETE', '/document/Widget/V2 One');
      assert.equal(deleted.status, 202);
      assert.deepEqual(deleted.body, { data: 'ok' });
      assert.equal((await t.widgets()).length, 0);
    });

    it('lists with fields, filters, order_by, start and limit, saying whether a next page exists', async () => {
      for (let i = 1; i <= 5; i++) await v2('POST', '/document/Widget', { title: `L${i}`, qty: i });
      const fields = encodeURIComponent(JSON.stringify(['name', 'qty']));
      const filters = encodeURIComponent(JSON.stringify({ qty: ['>', 1] }));
      const first = await v2(
        'GET',
        `/document/Widget?fields=${fields}&filters=${filters}&order_by=qty%20asc&limit=2`,
      );
      assert.deepEqual(first.body, {
        data: [
          { name: 'L2', qty: 2 },
          { name: 'L3', qty: 3 },
        ],
        has_next_page: true,
      });
      const last = await v2(
        'GET',
        `/document/Widget?fields=${fields}&filters=${filters}&order_by=qty%20asc&limit=2&start=2`,
      );
      assert.deepEqual(last.body, {
        data: [
          { name: 'L4', qty: 4 },
          { name: 'L5', qty: 5 },
        ],
        has_next_page: false,
      });
      const defaults = await v2('GET', '/document/Widget');
      assert.equal(defaults.body.data.length, 5);
      assert.deepEqual(Object.keys(defaults.body.data[0]), ['name']);
    });

    it('counts and describes a DocType', async () => {
      const filters = encodeURIComponent(JSON.stringify([['qty', '>=', 4]]));
      assert.deepEqual((await v2('GET', `/doctype/Widget/count?filters=${filters}`)).body, { data: 2 });
      const meta = await v2('GET', '/doctype/Widget/meta');
      assert.equal(meta.body.data.name, 'Widget');
      assert.equal(meta.body.data.doctype, 'DocType');
      assert.ok(meta.body.data.fields.some((f: { fieldname: string }) => f.fieldname === 'qty'));
      const guest = await v2('GET', '/doctype/Widget/meta', undefined, 'Guest');
      assert.equal(guest.status, 403);
      assert.equal(guest.body.errors[0].type, 'PermissionError');
    });

    it('runs a document method by route and on a client copy', async () => {
      const byRoute = await v2('GET', '/document/Widget/L3/method/double?by=10');
      assert.equal(byRoute.status, 200);
      assert.equal(byRoute.body.data, 30);
      assert.equal(byRoute.body.docs[0].name, 'L3');
      const onCopy = await v2('POST', '/method/run_doc_method', {
        method: 'double',
        document: { doctype: 'Widget', title: 'unsaved', qty: 7 },
        kwargs: { by: 3 },
      });
      assert.equal(onCopy.body.data, 21);
      assert.equal(onCopy.body.docs[0].title, 'unsaved');
      const stale = await v2('POST', '/method/run_doc_method', {
        method: 'double',
        document: { doctype: 'Widget', name: 'L3', qty: 3, modified: '2001-01-01 00:00:00.000000' },
      });
      assert.equal(stale.status, 417);
      assert.equal(stale.body.errors[0].type, 'TimestampMismatchError');
      const unknown = await v2('POST', '/method/run_doc_method', {
        method: 'nope',
        document: { doctype: 'Widget' },
      });
      assert.equal(unknown.status, 403);
    });

    it('calls a DocType controller function as /method/<DocType>/<method>', async () => {
      const registry = t.app.backend.methods as MethodRegistry;
      registry.whitelist('custom.widgets.doctype.widget.widget.stock', {}, () => ({ stock: 'plenty' }));
      assert.deepEqual((await v2('GET', '/method/Widget/stock')).body, { data: { stock: 'plenty' } });
      const missing = await v2('GET', '/method/Widget/absent');
      assert.equal(missing.status, 403);
      assert.equal(missing.body.errors[0].type, 'PermissionError');
    });

    it('reports errors in the v2 envelope', async () => {
      const missing = await v2('GET', '/document/Widget/none');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.errors[0].type, 'DoesNotExistError');
      assert.ok(Array.isArray(missing.body.messages));
      const forbidden = await v2('GET', '/document/Widget', undefined, users.nobody);
      assert.equal(forbidden.status, 403);
      assert.equal(forbidden.body.errors[0].type, 'PermissionError');
    });
  });
}
