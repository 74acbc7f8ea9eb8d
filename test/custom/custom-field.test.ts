// Custom Fields and Property Setters on a standard DocType (ToDo), through the REST API on every database: the
// field reaches the meta (in order), the table, REST reads and lists; clashes and setters on missing fields are
// refused with nothing changed; a deleted Custom Field leaves its column and data; migrate keeps them all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { schemaAdapter } from '../../src/db/schema/index.ts';
import { migrateSite } from '../../src/site/migrate-site.ts';
import { type BackendSite, createBackendSite, login } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { call, type Json, serverMessage } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: Custom Field and Property Setter`, () => {
    let site: BackendSite;
    let sid: string;
    const columns = async () => (await schemaAdapter(kind).describe(site.db, 'tabToDo'))!.columns;
    const meta = async (): Promise<Json> =>
      (await call(site.app, sid, 'GET', '/api/v2/doctype/ToDo/meta')).body.data;

    before(async () => {
      site = await createBackendSite(kind);
      sid = await login(site.app);
    });
    after(() => site.close());

    it('adds a field to ToDo: meta, column, REST and lists see it', async () => {
      const made = await call(site.app, sid, 'POST', '/api/resource/Custom Field', {
        dt: 'ToDo',
        label: 'Customer Phone',
        fieldtype: 'Data',
        insert_after: 'status',
        in_list_view: 1,
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assert.equal(made.body.data.name, 'ToDo-custom_customer_phone');
      assert.equal(made.body.data.fieldname, 'custom_customer_phone');
      assert.ok((await columns()).has('custom_customer_phone'));

      const fields: Json[] = (await meta()).fields;
      const names = fields.map((f) => f.fieldname);
      assert.equal(names[names.indexOf('status') + 1], 'custom_customer_phone');
      const field = fields.find((f) => f.fieldname === 'custom_customer_phone');
      assert.equal(field.is_custom_field, 1);
      assert.deepEqual(
        fields.map((f) => f.idx),
        fields.map((_f, i) => i + 1),
      );

      const todo = await call(site.app, sid, 'POST', '/api/resource/ToDo', {
        description: 'call back',
        custom_customer_phone: '+41 44 555 01 01',
      });
      assert.equal(todo.status, 200, JSON.stringify(todo.body));
      const read = await call(site.app, sid, 'GET', `/api/resource/ToDo/${todo.body.data.name}`);
      assert.equal(read.body.data.custom_customer_phone, '+41 44 555 01 01');
      const list = await call(
        site.app,
        sid,
        'GET',
        `/api/resource/ToDo?fields=${encodeURIComponent('["name","custom_customer_phone"]')}&filters=${encodeURIComponent('[["custom_customer_phone","like","%555%"]]')}`,
      );
      assert.deepEqual(list.body.data, [
        { name: todo.body.data.name, custom_customer_phone: '+41 44 555 01 01' },
      ]);
    });

    it('refuses a fieldname of an existing or standard field, changing nothing', async () => {
      for (const fieldname of ['status', 'owner']) {
        const reply = await call(site.app, sid, 'POST', '/api/resource/Custom Field', {
          dt: 'ToDo',
          fieldname,
          label: 'Clash',
          fieldtype: 'Data',
        });
        assert.equal(reply.status, 417);
        assert.equal(reply.body.exc_type, 'ValidationError');
        assert.equal(
          serverMessage(reply.body),
          `A field with the name <strong>${fieldname}</strong> already exists in ToDo`,
        );
      }
      const count = await call(site.app, sid, 'GET', '/api/v2/doctype/Custom Field/count');
      assert.equal(count.body.data, 1);
    });

    it('applies Property Setters and refuses one on a missing field', async () => {
      const setter = await call(site.app, sid, 'POST', '/api/resource/Property Setter', {
        doctype_or_field: 'DocField',
        doc_type: 'ToDo',
        field_name: 'date',
        property: 'reqd',
        property_type: 'Check',
        value: '1',
      });
      assert.equal(setter.status, 200, JSON.stringify(setter.body));
      assert.equal(setter.body.data.name, 'ToDo-date-reqd');
      const date = (await meta()).fields.find((f: Json) => f.fieldname === 'date');
      assert.equal(date.reqd, 1);
      const missing = await call(site.app, sid, 'POST', '/api/resource/ToDo', { description: 'no date' });
      assert.equal(missing.status, 417);
      assert.equal(missing.body.exc_type, 'MandatoryError');

      const bad = await call(site.app, sid, 'POST', '/api/resource/Property Setter', {
        doctype_or_field: 'DocField',
        doc_type: 'ToDo',
        field_name: 'no_such_field',
        property: 'hidden',
        property_type: 'Check',
        value: '1',
      });
      assert.equal(bad.status, 417);
      assert.equal(serverMessage(bad.body), 'Field <strong>no_such_field</strong> does not exist in ToDo');
      const structural = await call(site.app, sid, 'POST', '/api/resource/Property Setter', {
        doctype_or_field: 'DocType',
        doc_type: 'ToDo',
        property: 'issingle',
        property_type: 'Check',
        value: '1',
      });
      assert.equal(structural.status, 417);
      const setters = await call(site.app, sid, 'GET', '/api/v2/doctype/Property Setter/count');
      assert.equal(setters.body.data, 1);

      const removed = await call(site.app, sid, 'DELETE', '/api/resource/Property Setter/ToDo-date-reqd');
      assert.equal(removed.status, 202);
      assert.equal((await meta()).fields.find((f: Json) => f.fieldname === 'date').reqd, undefined);
    });

    it('retypes the column within a field group and refuses other type changes', async () => {
      const changed = await call(
        site.app,
        sid,
        'PUT',
        '/api/resource/Custom Field/ToDo-custom_customer_phone',
        {
          fieldtype: 'Small Text',
        },
      );
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const type = (await columns()).get('custom_customer_phone')!.type.toLowerCase();
      assert.match(type, /text/);
      const refused = await call(
        site.app,
        sid,
        'PUT',
        '/api/resource/Custom Field/ToDo-custom_customer_phone',
        {
          fieldtype: 'Int',
        },
      );
      assert.equal(refused.status, 417);
      assert.equal(serverMessage(refused.body), 'Fieldtype cannot be changed from Small Text to Int');
    });

    it('keeps customizations through migrate', async () => {
      await migrateSite(site.db);
      assert.match((await columns()).get('custom_customer_phone')!.type.toLowerCase(), /text/);
      assert.ok((await meta()).fields.some((f: Json) => f.fieldname === 'custom_customer_phone'));
    });

    it('deleting a Custom Field keeps its column and data', async () => {
      const removed = await call(
        site.app,
        sid,
        'DELETE',
        '/api/resource/Custom Field/ToDo-custom_customer_phone',
      );
      assert.equal(removed.status, 202, JSON.stringify(removed.body));
      assert.ok(!(await meta()).fields.some((f: Json) => f.fieldname === 'custom_customer_phone'));
      assert.ok((await columns()).has('custom_customer_phone'));
      const q = site.db.dialect.quote;
      const rows = await site.db.all(
        `SELECT ${q('custom_customer_phone')} AS v FROM ${q('tabToDo')} WHERE ${q('custom_customer_phone')} IS NOT NULL`,
      );
      assert.equal(rows.length, 1);
    });
  });
}
