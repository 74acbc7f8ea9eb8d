// fetch_from / fetch_if_empty on save (Frappe's `set_fetch_from_value`), the DocType check that refuses a
// path that cannot work, and `frappe.client.validate_link` as the desk calls it when a Link is picked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

const perms = [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }];
const source = {
  name: 'Fetch Source',
  module: 'Custom',
  autoname: 'field:code',
  fields: [
    { fieldname: 'code', fieldtype: 'Data', label: 'Code', reqd: 1, unique: 1 },
    { fieldname: 'label', fieldtype: 'Data', label: 'Label' },
    { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
    { fieldname: 'secret', fieldtype: 'Data', label: 'Secret', permlevel: 1 },
  ],
  permissions: [...perms, { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 }],
};
const row = {
  name: 'Fetch Row',
  module: 'Custom',
  istable: 1,
  fields: [
    { fieldname: 'src', fieldtype: 'Link', label: 'Source', options: 'Fetch Source' },
    {
      fieldname: 'src_label',
      fieldtype: 'Data',
      label: 'Source Label',
      fetch_from: 'src.label',
      read_only: 1,
    },
  ],
  permissions: [],
};
const target = {
  name: 'Fetch Target',
  module: 'Custom',
  fields: [
    { fieldname: 'src', fieldtype: 'Link', label: 'Source', options: 'Fetch Source' },
    {
      fieldname: 'src_label',
      fieldtype: 'Data',
      label: 'Source Label',
      fetch_from: 'src.label',
      read_only: 1,
    },
    { fieldname: 'src_qty', fieldtype: 'Int', label: 'Source Qty', fetch_from: 'src.qty' },
    { fieldname: 'note', fieldtype: 'Data', label: 'Note', fetch_from: 'src.label', fetch_if_empty: 1 },
    { fieldname: 'rows', fieldtype: 'Table', label: 'Rows', options: 'Fetch Row' },
  ],
  permissions: perms,
};

for (const kind of databases) {
  describe(`${kind}: fetch_from`, () => {
    let t: ApiSite;
    const admin = (method: string, path: string, body?: unknown) =>
      t.call('Administrator', method, path, body);
    before(async () => {
      t = await createApiSite(kind);
      for (const doctype of [source, row, target]) {
        const made = await admin('POST', '/api/resource/DocType', doctype);
        assert.equal(made.status, 200, JSON.stringify(made.body));
      }
      for (const [code, label, qty] of [
        ['A', 'Alpha', 1],
        ['B', 'Beta', 2],
      ] as const) {
        await admin('POST', '/api/resource/Fetch Source', { code, label, qty, secret: `s-${code}` });
      }
    });
    after(() => t.close());

    it('copies linked values on insert, into child rows too, and fills fetch_if_empty only when empty', async () => {
      const made = await admin('POST', '/api/resource/Fetch Target', {
        src: 'A',
        src_label: 'typed over',
        rows: [{ src: 'B' }, { src: 'A' }],
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const doc: Json = made.body.data;
      assert.deepEqual([doc.src_label, doc.src_qty, doc.note], ['Alpha', 1, 'Alpha']);
      assert.deepEqual(
        doc.rows.map((r: Json) => r.src_label),
        ['Beta', 'Alpha'],
      );
      const kept = await admin('POST', '/api/resource/Fetch Target', { src: 'A', note: 'mine' });
      assert.equal(kept.body.data.note, 'mine', 'fetch_if_empty keeps a value');
    });

    it('follows a changed link, keeps an edited value while the link stays, and clears with the link', async () => {
      const made = (await admin('POST', '/api/resource/Fetch Target', { src: 'A' })).body.data;
      const edited = await admin('PUT', `/api/resource/Fetch Target/${made.name}`, {
        src_qty: 40,
        src_label: 'forged',
        note: '',
      });
      assert.equal(edited.body.data.src_qty, 40, 'an editable fetched value stays while the link stays');
      assert.equal(edited.body.data.src_label, 'Alpha', 'a read-only one always follows the link');
      assert.equal(edited.body.data.note, 'Alpha', 'an emptied fetch_if_empty field is filled again');
      const moved = await admin('PUT', `/api/resource/Fetch Target/${made.name}`, { src: 'B' });
      assert.deepEqual(
        [moved.body.data.src_label, moved.body.data.src_qty, moved.body.data.note],
        ['Beta', 2, 'Alpha'],
      );
      const cleared = await admin('PUT', `/api/resource/Fetch Target/${made.name}`, { src: null });
      assert.equal(cleared.body.data.src_label, undefined);
      assert.equal(cleared.body.data.src_qty, 0, 'an Int is 0 when empty');
      assert.equal(cleared.body.data.note, 'Alpha', "a fetch_if_empty value is the user's");
    });

    it('reports a link to nothing as a link error, fetching nothing', async () => {
      const bad = await admin('POST', '/api/resource/Fetch Target', { src: 'Nope' });
      assert.equal(bad.status, 417);
      assert.equal(bad.body.exc_type, 'LinkValidationError');
    });

    it('refuses a DocType whose fetch_from cannot work, with the field named', async () => {
      const cases: Array<[string, RegExp]> = [
        ['nolink', /invalid Fetch From expression: it must be/],
        ['src.label.more', /invalid Fetch From expression: it must be/],
        ['missing.label', /missing is not a Link field/],
        ['plain.label', /plain is not a Link field/],
        ['src.nonexistent', /Fetch Source has no field nonexistent/],
        ['copy.x', /can't be self-referential/],
      ];
      for (const [path, message] of cases) {
        const made = await admin('POST', '/api/resource/DocType', {
          name: 'Fetch Broken',
          module: 'Custom',
          fields: [
            { fieldname: 'src', fieldtype: 'Link', label: 'Source', options: 'Fetch Source' },
            { fieldname: 'plain', fieldtype: 'Data', label: 'Plain' },
            { fieldname: 'copy', fieldtype: 'Data', label: 'Copy', fetch_from: path },
          ],
          permissions: perms,
        });
        assert.equal(made.status, 417, path);
        assert.equal(made.body.exc_type, 'ValidationError');
        assert.match(made.body.exception, message, path);
        assert.match(made.body.exception, /^[^:]+: Copy contains/, path);
      }
      const stored = await admin('GET', '/api/resource/DocType/Fetch Broken');
      assert.equal(stored.status, 404, 'nothing was created');
    });

    it('answers validate_link as Frappe v15: the name, the asked fields, null for a missing document', async () => {
      const url = '/api/method/frappe.client.validate_link';
      const plain = await admin('POST', url, { doctype: 'Fetch Source', docname: 'A' });
      assert.deepEqual(plain.body, { message: { name: 'A' } });
      const withFields = await admin('POST', url, {
        doctype: 'Fetch Source',
        docname: 'B',
        fields: JSON.stringify(['label', 'qty']),
      });
      assert.deepEqual(withFields.body, { message: { name: 'B', label: 'Beta', qty: 2 } });
      const missing = await admin('GET', `${url}?doctype=Fetch%20Source&docname=Z`);
      assert.deepEqual(missing.body, { message: { name: null } });
      const refused = await t.call(users.nobody, 'POST', url, { doctype: 'Fetch Source', docname: 'A' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.exc_type, 'PermissionError');
      // A reader gets level-0 values; a level-1 field is left out rather than leaked.
      const reader = await t.call(users.reader, 'POST', url, {
        doctype: 'Fetch Source',
        docname: 'A',
        fields: ['label', 'secret'],
      });
      assert.equal(reader.body.message.label, 'Alpha');
      assert.ok(!reader.body.message.secret);
    });

    it('answers get_time_zone to anyone', async () => {
      const zone = await t.call('Guest', 'GET', '/api/method/frappe.client.get_time_zone');
      assert.equal(zone.status, 200);
      assert.equal(typeof zone.body.message.time_zone, 'string');
      assert.ok(zone.body.message.time_zone.length > 0);
    });
  });
}
