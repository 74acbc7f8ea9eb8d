// The list view's and form toolbar's desk methods over HTTP: get_next, linked_with, is_document_amended,
// get_doc_permissions, update_document_title, delete_items, List View Settings, group-by counts and sidebar
// stats — each permission-checked and refusing hostile input with Frappe's envelope, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiSite, createApiSite, type Json, users } from '../api/support.ts';
import { databases } from '../support/services.ts';

const m = (name: string) => `/api/method/${name}`;
const orderDocType = {
  name: 'Widget Order',
  module: 'Custom',
  fields: [
    { fieldname: 'widget', fieldtype: 'Link', label: 'Widget', options: 'Widget', in_list_view: 1 },
    { fieldname: 'note', fieldtype: 'Data', label: 'Note', in_list_view: 1 },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
    { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
  ],
};

for (const kind of databases) {
  describe(`${kind}: desk list and toolbar methods`, () => {
    let t: ApiSite;
    const post = (user: string, method: string, body: Json) => t.call(user, 'POST', m(method), body);
    const get = (user: string, method: string, args: Record<string, string>) =>
      t.call(user, 'GET', `${m(method)}?${new URLSearchParams(args)}`);
    const widget = (doc: Json) =>
      post('Administrator', 'frappe.client.insert', { doc: { doctype: 'Widget', ...doc } });
    const names = async () =>
      (
        await t.call('Administrator', 'GET', '/api/resource/Widget?limit_page_length=0&order_by=name%20asc')
      ).body.data.map((r: Json) => r.name);

    before(async () => {
      t = await createApiSite(kind);
      assert.equal(
        (await t.call('Administrator', 'POST', '/api/resource/DocType', orderDocType)).status,
        200,
      );
      for (const [title, qty, status] of [
        ['A1', 1, 'Draft'],
        ['A2', 2, 'Active'],
        ['A3', 3, 'Active'],
      ] as const)
        assert.equal((await widget({ title, qty, status })).status, 200);
      await post('Administrator', 'frappe.client.insert', {
        doc: { doctype: 'Widget Order', widget: 'A2', note: 'first' },
      });
      await post('Administrator', 'frappe.client.insert', {
        doc: {
          doctype: 'ToDo',
          description: 'look',
          allocated_to: users.clerk,
          reference_type: 'Widget',
          reference_name: 'A2',
        },
      });
    });
    after(() => t?.close());

    it('get_next walks the list order both ways among readable documents', async () => {
      const next = (value: string, prev: string, extra: Record<string, string> = {}) =>
        get(users.reader, 'frappe.desk.form.utils.get_next', {
          doctype: 'Widget',
          value,
          prev,
          sort_field: 'qty',
          sort_order: 'asc',
          ...extra,
        });
      assert.equal((await next('A1', '0')).body.message, 'A2');
      assert.equal((await next('A2', '1')).body.message, 'A1');
      const end = await next('A3', '0');
      assert.equal(end.body.message, undefined);
      assert.equal(JSON.parse(JSON.parse(end.body._server_messages)[0]).message, 'No further records');
      const filtered = await next('A1', '0', {
        filters: JSON.stringify([['Widget', 'status', '=', 'Draft']]),
      });
      assert.equal(filtered.body.message, undefined);
      const hostile = await next('A1', '0', { sort_field: 'qty; drop table x' });
      assert.equal(hostile.status, 417);
      assert.equal(hostile.body.exc_type, 'ValidationError');
      const nobody = await get(users.nobody, 'frappe.desk.form.utils.get_next', {
        doctype: 'Widget',
        value: 'A1',
        prev: '0',
      });
      assert.equal(nobody.status, 403);
    });

    it('linked_with lists the linking DocTypes and the readable documents that link', async () => {
      const types = await get(users.reader, 'frappe.desk.form.linked_with.get_linked_doctypes', {
        doctype: 'Widget',
      });
      assert.equal(types.status, 200, JSON.stringify(types.body));
      assert.deepEqual(types.body.message['Widget Order'], { fieldname: ['widget'] });
      assert.equal(types.body.message.ToDo, undefined);
      const docs = await post(users.reader, 'frappe.desk.form.linked_with.get_linked_docs', {
        doctype: 'Widget',
        name: 'A2',
        linkinfo: JSON.stringify(types.body.message),
      });
      assert.equal(docs.status, 200, JSON.stringify(docs.body));
      const [row] = docs.body.message['Widget Order'];
      assert.equal(row.widget, 'A2');
      assert.equal(row.note, 'first');
      assert.equal(row.docstatus, 0);
      const none = await post(users.reader, 'frappe.desk.form.linked_with.get_linked_docs', {
        doctype: 'Widget',
        name: 'A1',
        linkinfo: JSON.stringify(types.body.message),
      });
      assert.deepEqual(none.body.message, {});
      // The clerk cannot read Widget Order: it is left out, not an error.
      const clerk = await post(users.clerk, 'frappe.desk.form.linked_with.get_linked_docs', {
        doctype: 'Widget',
        name: 'A2',
        linkinfo: JSON.stringify(types.body.message),
      });
      assert.equal(clerk.status, 200);
      assert.deepEqual(clerk.body.message, {});
      const nobody = await post(users.nobody, 'frappe.desk.form.linked_with.get_linked_docs', {
        doctype: 'Widget',
        name: 'A2',
        linkinfo: JSON.stringify(types.body.message),
      });
      assert.equal(nobody.status, 403);
      const hostile = await post(users.reader, 'frappe.desk.form.linked_with.get_linked_docs', {
        doctype: 'Widget',
        name: 'A2',
        linkinfo: JSON.stringify({ 'Widget Order': { fieldname: ['widget) or (1=1'], add_fields: ['x`y'] } }),
      });
      assert.equal(hostile.status, 200);
      assert.deepEqual(hostile.body.message, {});
    });

    it('is_document_amended and get_doc_permissions', async () => {
      const amended = await get(users.reader, 'frappe.client.is_document_amended', {
        doctype: 'Widget',
        docname: 'A1',
      });
      assert.equal(amended.status, 200);
      assert.equal(amended.body.message, undefined);
      const nobody = await get(users.nobody, 'frappe.client.is_document_amended', {
        doctype: 'Widget',
        docname: 'A1',
      });
      assert.equal(nobody.body.message, false);
      const perms = await get(users.clerk, 'frappe.client.get_doc_permissions', {
        doctype: 'Widget',
        docname: 'A1',
      });
      assert.equal(perms.body.message.permissions.write, 1);
      assert.equal(perms.body.message.permissions.submit, 0);
      const reader = await get(users.reader, 'frappe.client.get_doc_permissions', {
        doctype: 'Widget',
        docname: 'A1',
      });
      assert.equal(reader.body.message.permissions.read, 1);
      assert.equal(reader.body.message.permissions.write, 0);
      assert.equal(
        (await get(users.reader, 'frappe.client.get_doc_permissions', { doctype: 'Widget', docname: 'Nope' }))
          .status,
        404,
      );
    });

    it('update_document_title renames with write permission only', async () => {
      const refused = await post(users.reader, 'frappe.model.rename_doc.update_document_title', {
        doctype: 'Widget',
        docname: 'A3',
        name: 'A3-renamed',
      });
      assert.equal(refused.status, 403);
      const renamed = await post(users.clerk, 'frappe.model.rename_doc.update_document_title', {
        doctype: 'Widget',
        docname: 'A3',
        name: 'A3-renamed',
        title: 'A3-renamed',
      });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.equal(renamed.body.message, 'A3-renamed');
      assert.ok((await names()).includes('A3-renamed'));
      assert.ok(!(await names()).includes('A3'));
    });

    it('delete_items deletes what the user may and reports the rest', async () => {
      for (const title of ['D1', 'D2']) await widget({ title });
      const refused = await post(users.reader, 'frappe.desk.reportview.delete_items', {
        items: JSON.stringify(['D1']),
        doctype: 'Widget',
      });
      assert.equal(refused.status, 200);
      assert.ok((await names()).includes('D1'));
      // D1 goes; A2 is linked from a Widget Order and stays.
      const done = await post(users.clerk, 'frappe.desk.reportview.delete_items', {
        items: JSON.stringify(['D1', 'A2']),
        doctype: 'Widget',
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const left = await names();
      assert.ok(!left.includes('D1'));
      assert.ok(left.includes('A2'));
      const hostile = await post(users.clerk, 'frappe.desk.reportview.delete_items', {
        items: '{"a":1}',
        doctype: 'Widget',
      });
      assert.equal(hostile.status, 417);
      assert.ok(left.includes('D2'));
    });

    it('List View Settings: System Manager sets, every desk user reads', async () => {
      const none = await get(users.reader, 'frappe.desk.listview.get_list_settings', { doctype: 'Widget' });
      assert.equal(none.status, 200);
      assert.equal(none.body.message, undefined);
      const refused = await post(users.clerk, 'frappe.desk.listview.set_list_settings', {
        doctype: 'Widget',
        values: JSON.stringify({ disable_count: 1 }),
      });
      assert.equal(refused.status, 403);
      const set = await post('Administrator', 'frappe.desk.listview.set_list_settings', {
        doctype: 'Widget',
        values: JSON.stringify({
          disable_count: 1,
          fields: [{ fieldname: 'qty' }],
          name: 'Other',
          owner: 'x',
        }),
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const got = await get(users.reader, 'frappe.desk.listview.get_list_settings', { doctype: 'Widget' });
      assert.equal(got.body.message.name, 'Widget');
      assert.equal(got.body.message.disable_count, 1);
      assert.deepEqual(JSON.parse(got.body.message.fields), [{ fieldname: 'qty' }]);
      await post('Administrator', 'frappe.desk.listview.set_list_settings', {
        doctype: 'Widget',
        values: '{"disable_count":0}',
      });
      assert.equal(
        (await get(users.reader, 'frappe.desk.listview.get_list_settings', { doctype: 'Widget' })).body
          .message.disable_count,
        0,
      );
    });

    it('get_group_by_count counts by field, owner and assignee over the filtered documents', async () => {
      const by = (field: string, filters: Json = []) =>
        get(users.reader, 'frappe.desk.listview.get_group_by_count', {
          doctype: 'Widget',
          current_filters: JSON.stringify(filters),
          field,
        });
      const status = await by('status');
      assert.equal(status.status, 200, JSON.stringify(status.body));
      const counts = Object.fromEntries(status.body.message.map((r: Json) => [r.name, r.count]));
      assert.equal(counts.Active, 2);
      const owner = await by('owner');
      assert.equal(owner.body.message[0].name, 'Administrator');
      const assigned = await by('assigned_to');
      assert.deepEqual(assigned.body.message, [{ name: users.clerk, count: 1 }]);
      assert.deepEqual((await by('assigned_to', [['Widget', 'status', '=', 'Draft']])).body.message, []);
      assert.equal((await by('qty) from x; --')).status, 417);
      const nobody = await get(users.nobody, 'frappe.desk.listview.get_group_by_count', {
        doctype: 'Widget',
        current_filters: '[]',
        field: 'status',
      });
      assert.equal(nobody.status, 403);
    });

    it('get_sidebar_stats counts per value, tags split, unknown columns left out', async () => {
      await t.db.run(
        `update ${t.db.dialect.quote('tabWidget')} set _user_tags = ',red,blue' where name = 'A1'`,
      );
      const r = await get(users.reader, 'frappe.desk.reportview.get_sidebar_stats', {
        doctype: 'Widget',
        stats: JSON.stringify(['_user_tags', 'status', 'no_such']),
        filters: '[]',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const { stats } = r.body.message;
      assert.deepEqual(Object.fromEntries(stats._user_tags), {
        red: 1,
        blue: 1,
        'No Tags': Object.fromEntries(stats._user_tags)['No Tags'],
      });
      assert.ok(stats._user_tags.some((e: Json) => e[0] === 'No Tags'));
      assert.ok(stats.status.some((e: Json) => e[0] === 'Active'));
      assert.equal(stats.no_such, undefined);
      const nobody = await get(users.nobody, 'frappe.desk.reportview.get_sidebar_stats', {
        doctype: 'Widget',
        stats: '["status"]',
      });
      assert.deepEqual(nobody.status, 403);
    });
  });
}
