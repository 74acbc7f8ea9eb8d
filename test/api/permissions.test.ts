// Every REST route and standard method, called by users without the right: 403 PermissionError, and the
// stored rows exactly as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveDoc } from '../../src/model/document/save.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

type Call = [method: string, path: string, body?: unknown];

const docPath = '/api/resource/Widget/Locked';
const v2Path = '/api/v2/document/Widget/Locked';

// What a user without any Widget right tries.
const forbidden: Call[] = [
  ['GET', '/api/resource/Widget'],
  ['POST', '/api/resource/Widget', { title: 'Intruder' }],
  ['GET', docPath],
  ['PUT', docPath, { qty: 666 }],
  ['DELETE', docPath],
  ['GET', `${docPath}?run_method=describe`],
  ['POST', `${docPath}?run_method=bump`, {}],
  ['GET', '/api/v1/resource/Widget'],
  ['GET', '/api/v2/document/Widget'],
  ['POST', '/api/v2/document/Widget', { title: 'Intruder' }],
  ['GET', v2Path],
  ['PATCH', v2Path, { qty: 666 }],
  ['PUT', v2Path, { qty: 666 }],
  ['DELETE', v2Path],
  ['GET', `${v2Path}/method/describe`],
  ['POST', `${v2Path}/method/bump`, {}],
  ['GET', '/api/v2/doctype/Widget/count'],
  [
    'POST',
    '/api/v2/method/run_doc_method',
    { method: 'bump', document: { doctype: 'Widget', name: 'Locked' } },
  ],
  ['POST', '/api/method/frappe.client.get_list', { doctype: 'Widget' }],
  ['POST', '/api/method/frappe.client.get_count', { doctype: 'Widget' }],
  ['POST', '/api/method/frappe.client.get', { doctype: 'Widget', name: 'Locked' }],
  ['POST', '/api/method/frappe.client.get_value', { doctype: 'Widget', fieldname: 'qty', filters: 'Locked' }],
  [
    'POST',
    '/api/method/frappe.client.set_value',
    { doctype: 'Widget', name: 'Locked', fieldname: 'qty', value: 666 },
  ],
  ['POST', '/api/method/frappe.client.insert', { doc: { doctype: 'Widget', title: 'Intruder' } }],
  ['POST', '/api/method/frappe.client.insert_many', { docs: [{ doctype: 'Widget', title: 'Intruder' }] }],
  [
    'POST',
    '/api/method/frappe.client.save',
    { doc: { doctype: 'Widget', name: 'Locked', title: 'Locked', qty: 666 } },
  ],
  [
    'POST',
    '/api/method/frappe.client.submit',
    { doc: { doctype: 'Widget', name: 'Locked', title: 'Locked' } },
  ],
  ['POST', '/api/method/frappe.client.cancel', { doctype: 'Widget', name: 'Locked' }],
  ['POST', '/api/method/frappe.client.delete', { doctype: 'Widget', name: 'Locked' }],
  [
    'POST',
    '/api/method/frappe.client.rename_doc',
    { doctype: 'Widget', old_name: 'Locked', new_name: 'Stolen' },
  ],
  ['POST', '/api/method/run_doc_method', { method: 'describe', dt: 'Widget', dn: 'Locked' }],
  ['POST', '/api/method/run_doc_method', { method: 'bump', docs: { doctype: 'Widget', name: 'Locked' } }],
  ['POST', '/api/method/frappe.desk.reportview.get_list', { doctype: 'Widget' }],
  ['POST', '/api/method/frappe.desk.reportview.get_count', { doctype: 'Widget' }],
  ['POST', '/api/method/frappe.desk.search.search_link', { doctype: 'Widget', txt: 'L' }],
  ['POST', '/api/method/frappe.desk.search.search_widget', { doctype: 'Widget', txt: 'L' }],
  ['POST', '/api/method/frappe.realtime.can_subscribe_doc', { doctype: 'Widget', docname: 'Locked' }],
  ['POST', '/api/method/frappe.realtime.can_subscribe_doctype', { doctype: 'Widget' }],
  ['POST', '/api/method/frappe.realtime.has_permission', { doctype: 'Widget', name: 'Locked' }],
];

// What a reader (read right only) tries: every write.
const readerWrites: Call[] = [
  ['POST', '/api/resource/Widget', { title: 'Intruder' }],
  ['PUT', docPath, { qty: 666 }],
  ['DELETE', docPath],
  ['POST', `${docPath}?run_method=bump`, {}],
  ['PATCH', v2Path, { qty: 666 }],
  ['DELETE', v2Path],
  ['POST', `${v2Path}/method/bump`, {}],
  [
    'POST',
    '/api/method/frappe.client.set_value',
    { doctype: 'Widget', name: 'Locked', fieldname: 'qty', value: 666 },
  ],
  ['POST', '/api/method/frappe.client.insert', { doc: { doctype: 'Widget', title: 'Intruder' } }],
  ['POST', '/api/method/frappe.client.delete', { doctype: 'Widget', name: 'Locked' }],
  [
    'POST',
    '/api/method/frappe.client.rename_doc',
    { doctype: 'Widget', old_name: 'Locked', new_name: 'Stolen' },
  ],
];

for (const kind of databases) {
  describe(`${kind}: permissions on every route`, () => {
    let t: ApiSite;
    let before_: Array<Record<string, unknown>>;
    before(async () => {
      t = await createApiSite(kind);
      t.app.model.controllers
        .whitelist('Widget', 'describe', (doc) => `${doc.name} has ${doc.qty}`)
        .whitelist('Widget', 'bump', (doc, { ctx }) => saveDoc(ctx, { ...doc, qty: Number(doc.qty) + 1 }));
      const created = await t.call('Administrator', 'POST', '/api/resource/Widget', {
        title: 'Locked',
        qty: 1,
      });
      assert.equal(created.status, 200);
      before_ = await t.widgets();
    });
    after(() => t.close());

    const expectForbidden = async (user: string, [method, path, body]: Call) => {
      const response = await t.call(user, method, path, body);
      assert.equal(response.status, 403, `${user} ${method} ${path}: ${JSON.stringify(response.body)}`);
      const type = path.startsWith('/api/v2/') ? response.body.errors?.[0]?.type : response.body.exc_type;
      assert.equal(type, 'PermissionError', `${method} ${path}`);
      assert.deepEqual(await t.widgets(), before_, `${method} ${path} changed nothing`);
    };

    it('refuses a user without Widget rights on every route and method', async () => {
      for (const call of forbidden) await expectForbidden(users.nobody, call);
    });

    it('refuses Guest the same way', async () => {
      for (const call of forbidden) await expectForbidden('Guest', call);
    });

    it('lets a reader read but refuses every write', async () => {
      const read = await t.call(users.reader, 'GET', docPath);
      assert.equal(read.status, 200);
      assert.equal(read.body.data.qty, 1);
      const described = await t.call(users.reader, 'GET', `${docPath}?run_method=describe`);
      assert.deepEqual(described.body, { data: 'Locked has 1' });
      for (const [method, body] of [
        ['frappe.realtime.can_subscribe_doc', { doctype: 'Widget', docname: 'Locked' }],
        ['frappe.realtime.can_subscribe_doctype', { doctype: 'Widget' }],
        ['frappe.realtime.has_permission', { doctype: 'Widget', name: 'Locked' }],
      ] as const) {
        const allowed = await t.call(users.reader, 'POST', `/api/method/${method}`, body);
        assert.deepEqual(allowed.body, { message: true }, method);
      }
      for (const call of readerWrites) await expectForbidden(users.reader, call);
    });

    it('answers has_permission with a boolean rather than an error', async () => {
      const asked = await t.call(users.nobody, 'POST', '/api/method/frappe.client.has_permission', {
        doctype: 'Widget',
        docname: 'Locked',
        perm_type: 'write',
      });
      assert.deepEqual(asked.body, { message: { has_permission: false } });
      const reader = await t.call(users.reader, 'POST', '/api/method/frappe.client.has_permission', {
        doctype: 'Widget',
        docname: 'Locked',
      });
      assert.deepEqual(reader.body, { message: { has_permission: true } });
    });

    it('refuses writes through GET, as Frappe does for frappe.client writes', async () => {
      const viaGet = await t.call(
        'Administrator',
        'GET',
        '/api/method/frappe.client.set_value?doctype=Widget&name=Locked&fieldname=qty&value=5',
      );
      assert.equal(viaGet.status, 403);
      assert.deepEqual(await t.widgets(), before_);
    });

    it('runs permitted document methods: read on GET, write on POST', async () => {
      const bumped = await t.call(users.clerk, 'POST', `${docPath}?run_method=bump`, {});
      assert.equal(bumped.status, 200);
      assert.equal(bumped.body.data.qty, 2);
      const v2 = await t.call(users.clerk, 'POST', `${v2Path}/method/bump`, {});
      assert.equal(v2.status, 200);
      assert.equal(v2.body.docs[0].qty, 3, 'v2 sends the document after the method');
      const [row] = await t.widgets();
      assert.equal(Number(row!.qty), 3);
      const unknown = await t.call(users.clerk, 'GET', `${docPath}?run_method=__proto__`);
      assert.equal(unknown.status, 404);
      before_ = await t.widgets();
    });
  });
}
