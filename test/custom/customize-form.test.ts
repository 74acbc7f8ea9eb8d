// Customize Form on a standard DocType (ToDo) with Frappe v15's desk calls (`run_doc_method` with the form's
// copy): only what changed is stored (Property Setters, Custom Fields), order and naming follow, Frappe's
// restrictions hold, reset removes it all; a permlevel set on a custom field is enforced for other users.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { type BackendSite, createBackendSite, login } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { call, type Json, runCustomizeForm, serverMessage } from './support.ts';

const password = 'Desk-user-Pa55word';

for (const kind of databases) {
  describe(`${kind}: Customize Form`, () => {
    let site: BackendSite;
    let sid: string;
    const fetch = async (): Promise<Json> => {
      const reply = await runCustomizeForm(site.app, sid, 'fetch_to_customize', {
        doctype: 'Customize Form',
        name: 'Customize Form',
        doc_type: 'ToDo',
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body.docs[0];
    };
    const setters = async (): Promise<Json[]> =>
      (
        await call(
          site.app,
          sid,
          'GET',
          `/api/resource/Property Setter?fields=${encodeURIComponent('["field_name","property","value"]')}&order_by=name%20asc&limit_page_length=0`,
        )
      ).body.data;

    before(async () => {
      site = await createBackendSite(kind);
      sid = await login(site.app);
      await createUser(site.db, {
        email: 'desk@example.com',
        firstName: 'Desk',
        password,
        roles: ['Desk User'],
      });
    });
    after(() => site.close());

    it('loads ToDo into the form in Frappe shape', async () => {
      const form = await fetch();
      assert.equal(form.doctype, 'Customize Form');
      assert.equal(form.doc_type, 'ToDo');
      assert.equal(form.autoname, 'hash');
      const status = form.fields.find((f: Json) => f.fieldname === 'status');
      assert.equal(status.doctype, 'Customize Form Field');
      assert.equal(status.parentfield, 'fields');
      assert.equal(status.is_custom_field, 0);
      assert.equal(status.fieldtype, 'Select');
      assert.ok(status.name);
      assert.equal(form.fields.length, form.fields.map((f: Json) => f.fieldname).length);
    });

    it('stores only the changes: labels, list view, naming, a new field, an order', async () => {
      const form = await fetch();
      const byName = (name: string) => form.fields.find((f: Json) => f.fieldname === name);
      byName('sender').label = 'Sent By';
      byName('priority').in_list_view = 1;
      byName('status').options = 'Open\nClosed\nWaiting'; // Select options: refused for standard fields, as Frappe
      byName('description').reqd = 0; // mandatory standard fields stay mandatory, as Frappe
      form.autoname = 'format:TD-{####}';
      form.sort_field = 'date';
      // A new field after `priority`, and `date` moved to the top.
      const at = form.fields.indexOf(byName('priority'));
      form.fields.splice(at + 1, 0, {
        doctype: 'Customize Form Field',
        label: 'Site Visit',
        fieldtype: 'Check',
        is_custom_field: 1,
        permlevel: 1,
      });
      const date = byName('date');
      form.fields.splice(form.fields.indexOf(date), 1);
      form.fields.unshift(date);
      const reply = await runCustomizeForm(site.app, sid, 'save_customization', form);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));

      const stored = (await setters()).map((s) => `${s.field_name ?? ''}.${s.property}=${s.value}`);
      assert.deepEqual(stored.filter((s) => !s.startsWith('.field_order')).sort(), [
        '.autoname=format:TD-{####}',
        '.sort_field=date',
        'priority.in_list_view=1',
        'sender.label=Sent By',
      ]);
      const after = reply.body.docs[0];
      const names = after.fields.map((f: Json) => f.fieldname);
      assert.equal(names[0], 'date');
      assert.equal(names[names.indexOf('priority') + 1], 'custom_site_visit');
      const visit = after.fields.find((f: Json) => f.fieldname === 'custom_site_visit');
      assert.equal(visit.is_custom_field, 1);
      assert.equal(visit.permlevel, 1);

      const todo = await call(site.app, sid, 'POST', '/api/resource/ToDo', {
        description: 'visit',
        custom_site_visit: 1,
      });
      assert.equal(todo.status, 200, JSON.stringify(todo.body));
      assert.match(todo.body.data.name, /^TD-\d{4}$/);
      const meta = (await call(site.app, sid, 'GET', '/api/v2/doctype/ToDo/meta')).body.data;
      assert.equal(meta.sort_field, 'date');
      assert.equal(
        meta.fields.find((f: Json) => f.fieldname === 'status').options,
        'Open\nClosed\nCancelled',
      );

      // Saving the unchanged form again stores nothing new.
      const again = await runCustomizeForm(site.app, sid, 'save_customization', after);
      assert.equal(again.status, 200);
      assert.equal((await setters()).length, stored.length);
    });

    it('enforces the custom field permlevel through the permission rules', async () => {
      const desk = await login(site.app, 'desk@example.com', password);
      const made = await call(site.app, desk, 'POST', '/api/resource/ToDo', {
        description: 'mine',
        custom_site_visit: 1,
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assert.equal(made.body.data.custom_site_visit, undefined);
      const q = site.db.dialect.quote;
      const row = await site.db.one<{ v: number }>(
        `SELECT ${q('custom_site_visit')} AS ${q('v')} FROM ${q('tabToDo')} WHERE ${q('name')} = ?`,
        [made.body.data.name],
      );
      assert.equal(Number(row?.v), 0);
    });

    it('refuses a type change outside Frappe`s groups, a core DocType and a Single', async () => {
      const form = await fetch();
      form.fields.find((f: Json) => f.fieldname === 'sender').fieldtype = 'Int';
      const reply = await runCustomizeForm(site.app, sid, 'save_customization', form);
      assert.equal(reply.status, 417);
      assert.match(serverMessage(reply.body), /^Fieldtype cannot be changed from Data to Int in row \d+$/);
      const core = await runCustomizeForm(site.app, sid, 'fetch_to_customize', {
        doctype: 'Customize Form',
        doc_type: 'DocType',
      });
      assert.equal(core.status, 417);
      assert.equal(serverMessage(core.body), 'Core DocTypes cannot be customized.');
      const single = await runCustomizeForm(site.app, sid, 'fetch_to_customize', {
        doctype: 'Customize Form',
        doc_type: 'Installed Applications',
      });
      assert.equal(serverMessage(single.body), 'Single DocTypes cannot be customized.');
      const user = await login(site.app, 'desk@example.com', password);
      const refused = await runCustomizeForm(site.app, user, 'fetch_to_customize', {
        doctype: 'Customize Form',
        doc_type: 'ToDo',
      });
      assert.equal(refused.status, 403);
    });

    it('reset_to_defaults removes the customizations made here', async () => {
      const form = await fetch();
      const reply = await runCustomizeForm(site.app, sid, 'reset_to_defaults', form);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(await setters(), []);
      const fields = reply.body.docs[0].fields.map((f: Json) => f.fieldname);
      assert.ok(!fields.includes('custom_site_visit'));
      assert.equal(reply.body.docs[0].autoname, 'hash');
    });
  });
}
