// An app's virtual DocType (is_virtual: 1) through the API the desk uses: its controller class stores the
// records; lists, counts, reads, inserts, updates and deletes go through the same routes and the same document
// engine (lifecycle, validation, permissions) as any DocType.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Document } from '../../src/apps/document.ts';
import { registerVirtualDocType, type VirtualListArgs } from '../../src/apps/register-virtual-doctype.ts';
import { ValidationError } from '../../src/errors/index.ts';
import type { Doc } from '../../src/model/index.ts';
import { type ApiSite, createApiSite, users } from '../api/support.ts';
import { databases } from '../support/services.ts';

const doctype = 'Weather Reading';
const path = `/api/resource/${encodeURIComponent(doctype)}`;

for (const kind of databases) {
  describe(`${kind}: an app's virtual DocType through the API`, () => {
    let t: ApiSite;
    // The controller's own store: what a user relies on is that the API reads and writes exactly this.
    const store = new Map<string, Doc>();
    const events: string[] = [];

    class WeatherReading extends Document {
      static get_list(args: VirtualListArgs): Doc[] {
        const filters = typeof args.filters === 'string' ? JSON.parse(args.filters) : (args.filters ?? {});
        const station = Array.isArray(filters) ? undefined : filters.station;
        return [...store.values()]
          .filter((r) => station === undefined || r.station === station)
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      }
      static get_count(args: VirtualListArgs): number {
        return WeatherReading.get_list(args).length;
      }
      load_from_db(): Doc | undefined {
        const record = store.get(String(this.name));
        return record && structuredClone(record);
      }
      db_insert() {
        store.set(String(this.name), { ...this.asDict() });
      }
      db_update() {
        store.set(String(this.name), { ...this.asDict() });
      }
      delete() {
        store.delete(String(this.name));
      }
      override validate() {
        events.push(`validate ${String(this.name)}`);
        if (Number(this.temperature) < -90) throw new ValidationError('Colder than anywhere on Earth');
      }
      override on_trash() {
        events.push(`on_trash ${String(this.name)}`);
      }
      static override whitelisted = ['fahrenheit'];
      fahrenheit() {
        return (Number(this.temperature) * 9) / 5 + 32;
      }
    }

    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/DocType', {
        name: doctype,
        module: 'Custom',
        is_virtual: 1,
        autoname: 'field:station',
        fields: [
          { fieldname: 'station', fieldtype: 'Data', label: 'Station', reqd: 1 },
          { fieldname: 'temperature', fieldtype: 'Float', label: 'Temperature' },
        ],
        permissions: [
          { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
          { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
        ],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      registerVirtualDocType(t.app.model.virtualDocTypes, t.app.model.controllers, doctype, WeatherReading);
    });
    after(() => t.close());

    it('inserts through the lifecycle into the controller, and reads it back', async () => {
      const created = await t.call('Administrator', 'POST', path, { station: 'Oslo', temperature: 4.5 });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body.data.name, 'Oslo');
      assert.equal(store.get('Oslo')?.temperature, 4.5);
      assert.ok(events.includes('validate Oslo'));
      const read = await t.call('Administrator', 'GET', `${path}/Oslo`);
      assert.equal(read.status, 200);
      assert.equal(read.body.data.temperature, 4.5);
      const v2 = await t.call('Administrator', 'GET', `/api/v2/document/${encodeURIComponent(doctype)}/Oslo`);
      assert.equal(v2.body.data.station, 'Oslo');
    });

    it('lists and counts through the controller, as the list view asks', async () => {
      await t.call('Administrator', 'POST', path, { station: 'Bergen', temperature: 7 });
      const list = await t.call('Administrator', 'GET', `${path}?fields=${encodeURIComponent('["name"]')}`);
      assert.deepEqual(
        list.body.data.map((r: Doc) => r.name),
        ['Bergen', 'Oslo'],
      );
      const count = await t.call('Administrator', 'POST', '/api/method/frappe.client.get_count', {
        doctype,
        filters: { station: 'Bergen' },
      });
      assert.equal(count.body.message, 1);
      const reportview = await t.call(
        'Administrator',
        'POST',
        '/api/method/frappe.desk.reportview.get_count',
        {
          doctype,
        },
      );
      assert.equal(reportview.status, 200, JSON.stringify(reportview.body));
      assert.equal(reportview.body.message, 2);
    });

    it('updates through validation; a refused change leaves the record as it was', async () => {
      const changed = await t.call('Administrator', 'PUT', `${path}/Oslo`, { temperature: 5 });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(store.get('Oslo')?.temperature, 5);
      const refused = await t.call('Administrator', 'PUT', `${path}/Oslo`, { temperature: -100 });
      assert.equal(refused.status, 417);
      assert.equal(refused.body.exc_type, 'ValidationError');
      assert.equal(store.get('Oslo')?.temperature, 5);
    });

    it('runs whitelisted document methods on the loaded record', async () => {
      const reply = await t.call('Administrator', 'POST', '/api/method/run_doc_method', {
        dt: doctype,
        dn: 'Oslo',
        method: 'fahrenheit',
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.message, 41);
    });

    it('applies the DocType permissions: readers read, but may not write; others may not list', async () => {
      const list = await t.call(users.reader, 'GET', path);
      assert.equal(list.status, 200);
      const read = await t.call(users.reader, 'GET', `${path}/Oslo`);
      assert.equal(read.status, 200);
      const insert = await t.call(users.reader, 'POST', path, { station: 'Tromsø', temperature: 1 });
      assert.equal(insert.status, 403);
      assert.equal(store.has('Tromsø'), false);
      const nobody = await t.call(users.nobody, 'GET', path);
      assert.equal(nobody.status, 403);
      const remove = await t.call(users.reader, 'DELETE', `${path}/Oslo`);
      assert.equal(remove.status, 403);
      assert.ok(store.has('Oslo'));
    });

    it('deletes through on_trash into the controller; a missing record is 404', async () => {
      const removed = await t.call('Administrator', 'DELETE', `${path}/Bergen`);
      assert.equal(removed.status, 202, JSON.stringify(removed.body));
      assert.equal(store.has('Bergen'), false);
      assert.ok(events.includes('on_trash Bergen'));
      const missing = await t.call('Administrator', 'GET', `${path}/Bergen`);
      assert.equal(missing.status, 404);
    });
  });
}
