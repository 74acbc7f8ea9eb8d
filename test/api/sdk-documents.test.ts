// frappe-js-sdk, unchanged, driving documents through a listening backend: the REST API as a real client
// uses it, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrappeApp } from 'frappe-js-sdk';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

type SdkError = { httpStatus: number; exc_type: string; message: string };

for (const kind of databases) {
  describe(`${kind}: frappe-js-sdk documents`, () => {
    let t: ApiSite;
    let admin: FrappeApp;
    before(async () => {
      t = await createApiSite(kind);
      admin = await t.sdkAs('Administrator');
    });
    after(() => t.close());

    it('logs in and sees its user', async () => {
      assert.equal(await admin.auth().getLoggedInUser(), 'Administrator');
    });

    it('creates a DocType through the API, then documents of it', async () => {
      const dt = (await admin.db().getDoc('DocType', 'Widget')) as Record<string, unknown>;
      assert.equal(dt.name, 'Widget');
      assert.deepEqual(
        (dt.fields as Array<{ fieldname: string }>).map((f) => f.fieldname),
        ['title', 'qty', 'price', 'status', 'notes', 'code', 'parts', 'amended_from'],
      );
      const doc: Record<string, Json> = await admin.db().createDoc('Widget', {
        title: 'Sprocket',
        qty: 5,
        parts: [{ part: 'tooth', count: 12 }],
      });
      assert.equal(doc.name, 'Sprocket');
      assert.equal(doc.doctype, 'Widget');
      assert.equal(doc.qty, 5);
      assert.equal(doc.status, 'Draft', 'the Select default applies');
      assert.equal(doc.docstatus, 0);
      assert.match(String(doc.modified), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      assert.equal(doc.parts.length, 1);
      assert.equal(doc.parts[0].part, 'tooth');
      assert.equal(doc.parts[0].doctype, 'Widget Part');
      assert.equal('notes' in doc, false, 'nulls are omitted');
      const rows = await t.widgets();
      assert.deepEqual(
        rows.map((r) => [r.name, Number(r.qty)]),
        [['Sprocket', 5]],
      );
    });

    it('updates a child row by its own name, through its parent', async () => {
      const sprocket = await admin.db().getDoc('Widget', 'Sprocket');
      const rowName = sprocket.parts[0].name as string;
      const put = await t.call('Administrator', 'PUT', `/api/resource/Widget%20Part/${rowName}`, {
        count: 13,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.data.name, rowName);
      assert.equal(put.body.data.count, 13);
      const set = await admin.db().setValue('Widget Part', rowName, 'count', 14);
      assert.equal(set.message.name, 'Sprocket', 'set_value on a row answers with the parent');
      const q = t.db.dialect.quote;
      const rows = await t.db.all(`select ${q('count')} from ${q('tabWidget Part')} where ${q('name')} = ?`, [
        rowName,
      ]);
      assert.deepEqual(
        rows.map((r) => Number(r.count)),
        [14],
      );
    });

    it('reads a document whose name holds a slash and other URL characters', async () => {
      const name = 'A/B 50% #1?';
      await admin.db().createDoc('Widget', { title: name, qty: 1 });
      const doc = await admin.db().getDoc('Widget', name);
      assert.equal(doc.name, name);
      assert.equal(doc.qty, 1);
    });

    it('lists with fields, filters, order and paging, as the SDK sends them', async () => {
      for (const [title, qty] of [
        ['Gear', 10],
        ['Cog', 20],
        ['Bolt', 30],
      ] as const)
        await admin.db().createDoc('Widget', { title, qty, status: qty > 15 ? 'Active' : 'Draft' });
      const page1 = await admin.db().getDocList('Widget', {
        fields: ['name', 'qty'],
        filters: [['qty', '>=', 10]],
        orderBy: { field: 'qty', order: 'desc' },
        limit: 2,
      });
      assert.deepEqual(page1, [
        { name: 'Bolt', qty: 30 },
        { name: 'Cog', qty: 20 },
      ]);
      const page2 = await admin.db().getDocList('Widget', {
        fields: ['name'],
        filters: [['qty', '>=', 10]],
        orderBy: { field: 'qty', order: 'desc' },
        limit: 2,
        limit_start: 2,
      });
      assert.deepEqual(page2, [{ name: 'Gear' }]);
      const asLists = await admin.db().getDocList('Widget', {
        fields: ['name', 'status'],
        filters: [['status', '=', 'Active']],
        orderBy: { field: 'name', order: 'asc' },
        asDict: false,
      });
      assert.deepEqual(asLists, [
        ['Bolt', 'Active'],
        ['Cog', 'Active'],
      ]);
      const ors = await admin.db().getDocList('Widget', {
        fields: ['name'],
        orFilters: [
          ['name', '=', 'Gear'],
          ['name', 'like', 'Bo%'],
        ],
        orderBy: { field: 'name', order: 'asc' },
      });
      assert.deepEqual(ors, [{ name: 'Bolt' }, { name: 'Gear' }]);
    });

    it('counts, with and without filters', async () => {
      const all = await admin.db().getCount('Widget');
      assert.equal(all, (await t.widgets()).length);
      assert.equal(await admin.db().getCount('Widget', [['status', '=', 'Active']]), 2);
    });

    it('updates partially and returns the whole document', async () => {
      const doc: Record<string, Json> = await admin.db().updateDoc('Widget', 'Gear', { notes: 'greased' });
      assert.equal(doc.notes, 'greased');
      assert.equal(doc.qty, 10, 'fields not sent keep their values');
      const [row] = (await t.widgets()).filter((r) => r.name === 'Gear');
      assert.equal(row!.notes, 'greased');
    });

    it('refuses a write carrying a stale modified with 417 TimestampMismatchError, changing nothing', async () => {
      const fresh = await admin.db().getDoc('Widget', 'Gear');
      await admin.db().updateDoc('Widget', 'Gear', { qty: 11 });
      await assert.rejects(
        admin.db().updateDoc('Widget', 'Gear', { qty: 99, modified: fresh.modified }),
        (error: SdkError) => {
          assert.equal(error.httpStatus, 417);
          assert.equal(error.exc_type, 'TimestampMismatchError');
          return true;
        },
      );
      const [row] = (await t.widgets()).filter((r) => r.name === 'Gear');
      assert.equal(Number(row!.qty), 11);
    });

    it('gets and sets values', async () => {
      const value = await admin.db().getValue('Widget', ['qty', 'status'], [['name', '=', 'Cog']]);
      assert.deepEqual(value, { message: { qty: 20, status: 'Active' } });
      const set = await admin.db().setValue('Widget', 'Cog', 'qty', 21);
      assert.equal(set.message.qty, 21);
      const many = await admin.db().setValue('Widget', 'Cog', { qty: 22, notes: 'two at once' });
      assert.equal(many.message.qty, 22);
      assert.equal(many.message.notes, 'two at once');
      const [row] = (await t.widgets()).filter((r) => r.name === 'Cog');
      assert.equal(Number(row!.qty), 22);
    });

    it('submits, cancels and refuses to delete a submitted document', async () => {
      const doc = await admin.db().getDoc('Widget', 'Bolt');
      const submitted = await admin.db().submit(doc);
      assert.equal(submitted.docstatus, 1);
      await assert.rejects(admin.db().deleteDoc('Widget', 'Bolt'), (error: SdkError) => {
        assert.equal(error.httpStatus, 417);
        return true;
      });
      const cancelled = await admin.db().cancel('Widget', 'Bolt');
      assert.equal(cancelled.message.docstatus, 2);
      const [row] = (await t.widgets()).filter((r) => r.name === 'Bolt');
      assert.equal(Number(row!.docstatus), 2);
    });

    it('renames a document', async () => {
      await admin.db().createDoc('Widget', { title: 'Old Name' });
      const renamed = await admin.db().renameDoc('Widget', 'Old Name', 'New Name');
      assert.equal(renamed.message, 'New Name');
      assert.deepEqual(
        (await t.widgets()).filter((r) => String(r.name).endsWith('Name')).map((r) => r.name),
        ['New Name'],
      );
    });

    it('deletes with 202 {"data":"ok"} and then answers 404', async () => {
      await admin.db().createDoc('Widget', { title: 'Doomed' });
      const deleted = await admin.db().deleteDoc('Widget', 'Doomed');
      assert.deepEqual(deleted, { data: 'ok' });
      const raw = await t.call('Administrator', 'DELETE', '/api/resource/Widget/Gear');
      assert.equal(raw.status, 202);
      assert.deepEqual(raw.body, { data: 'ok' });
      await assert.rejects(admin.db().getDoc('Widget', 'Doomed'), (error: SdkError) => {
        assert.equal(error.httpStatus, 404);
        assert.equal(error.exc_type, 'DoesNotExistError');
        return true;
      });
      assert.equal(
        (await t.widgets()).some((r) => r.name === 'Doomed' || r.name === 'Gear'),
        false,
      );
    });

    it("works with token authentication, as the key owner with the key owner's rights", async () => {
      const sdk = t.sdkWithToken(t.clerkKeys);
      assert.equal(await sdk.auth().getLoggedInUser(), users.clerk);
      const doc = await sdk.db().createDoc('Widget', { title: 'Clerk Widget', qty: 2 });
      assert.equal(doc.owner, users.clerk);
      const listed = await sdk
        .db()
        .getDocList('Widget', { fields: ['name'], filters: [['name', '=', 'Clerk Widget']] });
      assert.deepEqual(listed, [{ name: 'Clerk Widget' }]);
      await assert.rejects(sdk.db().submit(doc), (error: SdkError) => {
        assert.equal(error.httpStatus, 403, 'the clerk has no submit right');
        return true;
      });
      const wrong = t.sdkWithToken({ apiKey: t.clerkKeys.apiKey, apiSecret: 'nope' });
      await assert.rejects(wrong.db().getDocList('Widget'), (error: SdkError) => error.httpStatus === 401);
    });
  });
}
