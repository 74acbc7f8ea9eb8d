// DocType names in the resource routes resolve as Frappe on MariaDB finds them (case and trailing spaces
// ignored: n8n's credential test asks for `/api/resource/Doctype`), on every database; record names follow
// the database's own key comparison (docs/compat.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: DocType names spelled in another case`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
      const made = await t.call('Administrator', 'POST', '/api/resource/Widget', {
        title: 'Spelled',
        qty: 3,
      });
      assert.equal(made.status, 200);
    });
    after(() => t.close());

    it("lists n8n's /api/resource/Doctype as DocType, and a v1 list in any case", async () => {
      const doctypes = await t.call('Administrator', 'GET', '/api/resource/Doctype?limit_page_length=500');
      assert.equal(doctypes.status, 200);
      assert.ok(doctypes.body.data.some((row: { name: string }) => row.name === 'Widget'));
      const widgets = await t.call(
        'Administrator',
        'GET',
        '/api/resource/wIDGET%20%20?fields=["name","qty"]',
      );
      assert.deepEqual(widgets.body.data, [{ name: 'Spelled', qty: 3 }]);
    });

    it('reads, updates and deletes through another spelling in v1 and v2, answering the stored name', async () => {
      const got = await t.call('Administrator', 'GET', '/api/resource/widget/Spelled');
      assert.equal(got.status, 200);
      assert.equal(got.body.data.doctype, 'Widget');
      const put = await t.call('Administrator', 'PUT', '/api/resource/WIDGET/Spelled', { qty: 5 });
      assert.equal(put.body.data.qty, 5);
      const v2 = await t.call('Administrator', 'GET', '/api/v2/document/widget/Spelled');
      assert.equal(v2.body.data.qty, 5);
      const meta = await t.call('Administrator', 'GET', '/api/v2/doctype/widget/meta');
      assert.equal(meta.body.data.name, 'Widget');
      const count = await t.call('Administrator', 'GET', '/api/v2/doctype/WIDGET/count');
      assert.equal(count.body.data, 1);
      const inserted = await t.call('Administrator', 'POST', '/api/v2/document/widget', { title: 'Second' });
      assert.equal(inserted.body.data.doctype, 'Widget');
      const deleted = await t.call('Administrator', 'DELETE', '/api/resource/widget/Second');
      assert.equal(deleted.status, 202);
    });

    it('still checks permissions, and answers 404 for a name no DocType has', async () => {
      const refused = await t.call(users.nobody, 'GET', '/api/resource/widget/Spelled');
      assert.equal(refused.status, 403);
      for (const path of ['/api/resource/widgets', '/api/resource/%20widget', '/api/v2/document/wid get/x']) {
        const missing = await t.call('Administrator', 'GET', path);
        assert.equal(missing.status, 404, path);
      }
    });

    it('finds a record named in another case only where the database compares names so (MariaDB)', async () => {
      const other = await t.call('Administrator', 'GET', '/api/resource/Widget/SPELLED');
      if (kind === 'mariadb') {
        assert.equal(other.status, 200);
        assert.equal(other.body.data.name, 'Spelled', 'the stored name comes back');
      } else {
        assert.equal(other.status, 404);
      }
    });
  });
}
