// The requests frappe-ui's list and document resources send (`frappeRequest`: POST, JSON body, site
// header), and the replies they read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: frappe-ui resources`, () => {
    let t: ApiSite;
    const post = (method: string, body: unknown) =>
      t.call('Administrator', 'POST', `/api/method/${method}`, body);
    before(async () => {
      t = await createApiSite(kind);
      for (let i = 1; i <= 25; i++) {
        const created = await post('frappe.client.insert', {
          doc: {
            doctype: 'Widget',
            title: `W${String(i).padStart(2, '0')}`,
            qty: i,
            status: i % 2 ? 'Active' : 'Draft',
          },
        });
        assert.equal(created.status, 200);
      }
    });
    after(() => t.close());

    it('pages a list resource with fields, filters, order_by, start and page_length', async () => {
      const shape = {
        doctype: 'Widget',
        fields: ['name', 'qty', 'status'],
        filters: { status: 'Active' },
        order_by: 'qty desc',
        page_length: 5,
      };
      const first = await post('frappe.client.get_list', { ...shape, start: 0 });
      assert.equal(first.status, 200);
      assert.deepEqual(
        first.body.message.map((r: { qty: number }) => r.qty),
        [25, 23, 21, 19, 17],
      );
      assert.deepEqual(Object.keys(first.body.message[0]), ['name', 'qty', 'status']);
      const next = await post('frappe.client.get_list', { ...shape, start: 5 });
      assert.deepEqual(
        next.body.message.map((r: { qty: number }) => r.qty),
        [15, 13, 11, 9, 7],
      );
      const legacy = await post('frappe.client.get_list', {
        doctype: 'Widget',
        fields: ['name'],
        filters: [['qty', '<=', 3]],
        order_by: 'name asc',
        limit_start: 1,
        limit_page_length: 10,
      });
      assert.deepEqual(legacy.body.message, [{ name: 'W02' }, { name: 'W03' }]);
    });

    it('counts through frappe.desk.reportview.get_count and frappe.client.get_count', async () => {
      const active = await post('frappe.desk.reportview.get_count', {
        doctype: 'Widget',
        filters: { status: 'Active' },
      });
      assert.deepEqual(active.body, { message: 13 });
      const all = await post('frappe.client.get_count', { doctype: 'Widget' });
      assert.deepEqual(all.body, { message: 25 });
      const listed = await post('frappe.desk.reportview.get_list', {
        doctype: 'Widget',
        fields: ['name'],
        filters: [['qty', '>', 23]],
        order_by: 'qty asc',
      });
      assert.deepEqual(listed.body.message, [{ name: 'W24' }, { name: 'W25' }]);
    });

    it('loads, changes and deletes a document resource', async () => {
      const doc = await post('frappe.client.get', { doctype: 'Widget', name: 'W07' });
      assert.equal(doc.status, 200);
      assert.equal(doc.body.message.qty, 7);
      assert.equal(doc.body.message.doctype, 'Widget');

      const byFilters = await post('frappe.client.get', { doctype: 'Widget', filters: { qty: 8 } });
      assert.equal(byFilters.body.message.name, 'W08');

      const changed = await post('frappe.client.set_value', {
        doctype: 'Widget',
        name: 'W07',
        fieldname: { qty: 70, notes: 'from frappe-ui' },
      });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.message.qty, 70);
      assert.equal(changed.body.message.notes, 'from frappe-ui');
      const [row] = (await t.widgets()).filter((r) => r.name === 'W07');
      assert.equal(Number(row!.qty), 70);

      const deleted = await post('frappe.client.delete', { doctype: 'Widget', name: 'W07' });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, {}, 'a method returning nothing replies without message');
      assert.equal(
        (await t.widgets()).some((r) => r.name === 'W07'),
        false,
      );
    });

    it('searches links for autocomplete', async () => {
      const found = await post('frappe.desk.search.search_link', {
        doctype: 'Widget',
        txt: 'W1',
        page_length: 3,
      });
      assert.equal(found.status, 200);
      assert.equal(found.body.message.length, 3);
      for (const item of found.body.message) assert.match(item.value, /^W1\d$/);
      const notes = await post('frappe.desk.search.search_widget', { doctype: 'Widget', txt: 'W25' });
      assert.deepEqual(
        notes.body.message.map((r: unknown[]) => r[0]),
        ['W25'],
      );
    });

    it('inserts many and bulk-updates, reporting failures without a traceback', async () => {
      const inserted = await post('frappe.client.insert_many', {
        docs: [
          { doctype: 'Widget', title: 'Many 1' },
          { doctype: 'Widget', title: 'Many 2' },
        ],
      });
      assert.deepEqual(inserted.body, { message: ['Many 1', 'Many 2'] });
      const updated = await post('frappe.client.bulk_update', {
        docs: JSON.stringify([
          { doctype: 'Widget', docname: 'Many 1', qty: 100 },
          { doctype: 'Widget', docname: 'Nope', qty: 1 },
        ]),
      });
      assert.equal(updated.body.message.failed_docs.length, 1);
      assert.match(updated.body.message.failed_docs[0].exc, /DoesNotExistError/);
      assert.doesNotMatch(updated.body.message.failed_docs[0].exc, /\n\s+at /);
      const [row] = (await t.widgets()).filter((r) => r.name === 'Many 1');
      assert.equal(Number(row!.qty), 100);
    });
  });
}
