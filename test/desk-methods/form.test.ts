// frappe.desk.form.load / save over HTTP: getdoc (docs + docinfo), get_docinfo, getdoctype (child metas,
// user_settings), savedocs (Save / Submit / Update / Cancel, stale modified), save.cancel — permission-checked,
// hostile input refused with Frappe's envelope, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiSite, createApiSite, type Json, users } from '../api/support.ts';
import { databases } from '../support/services.ts';

const m = (name: string) => `/api/method/${name}`;

for (const kind of databases) {
  describe(`${kind}: desk form methods`, () => {
    let t: ApiSite;
    const post = (user: string, method: string, body: Json) => t.call(user, 'POST', m(method), body);
    const stored = async (name: string) =>
      (await t.call('Administrator', 'GET', `/api/resource/Widget/${encodeURIComponent(name)}`)).body.data;

    before(async () => {
      t = await createApiSite(kind);
      const made = await post('Administrator', 'frappe.client.insert', {
        doc: { doctype: 'Widget', title: 'Alpha', qty: 1, parts: [{ part: 'bolt', count: 2 }] },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      await t.db.run(
        `insert into ${t.db.dialect.quote('tabComment')} (name, creation, modified, owner, modified_by, docstatus, idx, comment_type, reference_doctype, reference_name, content) values ('c1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'Administrator', 'Administrator', 0, 0, 'Comment', 'Widget', 'Alpha', 'hello'), ('c2', '2026-01-01 00:00:01', '2026-01-01 00:00:01', 'Administrator', 'Administrator', 0, 0, 'Like', 'Widget', 'Alpha', 'Liked')`,
      );
    });
    after(() => t?.close());

    it('getdoc answers docs and docinfo in Frappe shape', async () => {
      const r = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoc')}?doctype=Widget&name=Alpha`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.message, undefined);
      const [doc] = r.body.docs;
      assert.equal(doc.name, 'Alpha');
      assert.equal(doc.parts[0].part, 'bolt');
      assert.deepEqual(doc.__onload, {});
      const info = r.body.docinfo;
      for (const key of [
        'attachments',
        'attachment_logs',
        'communications',
        'automated_messages',
        'comments',
        'versions',
        'assignments',
        'assignment_logs',
        'shared',
        'share_logs',
        'info_logs',
        'like_logs',
        'workflow_logs',
        'views',
        'energy_point_logs',
        'additional_timeline_content',
        'milestones',
      ])
        assert.ok(Array.isArray(info[key]), key);
      assert.equal(info.doctype, 'Widget');
      assert.equal(info.name, 'Alpha');
      assert.deepEqual(
        info.comments.map((c: Json) => c.content),
        ['hello'],
      );
      assert.deepEqual(
        info.like_logs.map((c: Json) => c.name),
        ['c2'],
      );
      assert.equal(info.permissions.read, 1);
      assert.equal(info.permissions.write, 0);
      assert.equal(info.tags, '');
      assert.equal(info.is_document_followed, null);
      assert.equal(info.user_info.Administrator.name, 'Administrator');
    });

    it('getdoc: a missing document answers [], an unreadable one 403', async () => {
      const missing = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoc')}?doctype=Widget&name=Nope`,
      );
      assert.equal(missing.status, 200);
      assert.deepEqual(missing.body.message, []);
      const refused = await t.call(
        users.nobody,
        'GET',
        `${m('frappe.desk.form.load.getdoc')}?doctype=Widget&name=Alpha`,
      );
      assert.equal(refused.status, 403);
      assert.equal(refused.body.exc_type, 'PermissionError');
      const info = await t.call(
        users.nobody,
        'GET',
        `${m('frappe.desk.form.load.get_docinfo')}?doctype=Widget&name=Alpha`,
      );
      assert.equal(info.status, 403);
      assert.equal(info.body.docinfo, undefined);
    });

    it('get_docinfo answers docinfo alone', async () => {
      const r = await t.call(
        users.clerk,
        'GET',
        `${m('frappe.desk.form.load.get_docinfo')}?doctype=Widget&name=Alpha`,
      );
      assert.equal(r.status, 200);
      assert.equal(r.body.docs, undefined);
      assert.equal(r.body.docinfo.permissions.write, 1);
    });

    it('getdoctype answers the meta with its child metas and the user settings', async () => {
      const r = await t.call(users.reader, 'GET', `${m('frappe.desk.form.load.getdoctype')}?doctype=Widget`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.docs.map((d: Json) => d.name),
        ['Widget', 'Widget Part'],
      );
      assert.equal(r.body.docs[0].doctype, 'DocType');
      assert.ok(r.body.docs[0].fields.some((f: Json) => f.fieldname === 'qty'));
      assert.equal(r.body.user_settings, '{}');
      const cached = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoctype')}?doctype=Widget&cached_timestamp=${encodeURIComponent(r.body.docs[0].modified)}`,
      );
      assert.equal(cached.body.message, 'use_cache');
      assert.equal(cached.body.docs, undefined);
      const parent = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoctype')}?doctype=Widget Part&with_parent=1`,
      );
      assert.equal(parent.body.parent_dt, 'Widget');
      const unknown = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoctype')}?doctype=No Such`,
      );
      assert.equal(unknown.status, 404);
    });

    it('user settings merge per user and DocType, survive the cache, and reach getdoctype', async () => {
      const save = (user: string, settings: Json) =>
        post(user, 'frappe.model.utils.user_settings.save', {
          doctype: 'Widget',
          user_settings: JSON.stringify(settings),
        });
      const first = await save(users.reader, { List: { page_length: 50 }, last_view: 'List' });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body.message, { List: { page_length: 50 }, last_view: 'List' });
      await save(users.reader, { Report: { fields: ['name'] } });
      const got = await t.call(
        users.reader,
        'GET',
        `${m('frappe.model.utils.user_settings.get')}?doctype=Widget`,
      );
      assert.deepEqual(JSON.parse(got.body.message), {
        List: { page_length: 50 },
        last_view: 'List',
        Report: { fields: ['name'] },
      });
      assert.equal(await t.cache.del(`${t.site}|app|user_settings::Widget::${users.reader}`), 1);
      const meta = await t.call(
        users.reader,
        'GET',
        `${m('frappe.desk.form.load.getdoctype')}?doctype=Widget`,
      );
      assert.equal(JSON.parse(meta.body.user_settings).last_view, 'List');
      const other = await t.call(
        users.clerk,
        'GET',
        `${m('frappe.model.utils.user_settings.get')}?doctype=Widget`,
      );
      assert.equal(other.body.message, '{}');
      const bad = await save(users.reader, ['not', 'an', 'object']);
      assert.equal(bad.status, 417);
      assert.equal(bad.body.exc_type, 'ValidationError');
    });

    it('savedocs saves a new document, then submits, updates and cancels it', async () => {
      const saved = await post(users.clerk, 'frappe.desk.form.save.savedocs', {
        doc: JSON.stringify({
          doctype: 'Widget',
          name: 'new-widget-1',
          __islocal: 1,
          __unsaved: 1,
          title: 'Beta',
          qty: 3,
          parts: [{ doctype: 'Widget Part', name: 'new-widget-part-1', __islocal: 1, part: 'nut' }],
        }),
        action: 'Save',
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const [doc] = saved.body.docs;
      assert.equal(doc.name, 'Beta');
      assert.equal(doc.localname, 'new-widget-1');
      assert.equal(doc.docstatus, 0);
      assert.notEqual(doc.parts[0].name, 'new-widget-part-1');
      assert.ok(saved.body.docinfo);
      const toast = JSON.parse(JSON.parse(saved.body._server_messages)[0]);
      assert.deepEqual(toast, { message: 'Saved', indicator: 'green', alert: 1 });

      // The clerk may not submit.
      const refused = await post(users.clerk, 'frappe.desk.form.save.savedocs', {
        doc: JSON.stringify(doc),
        action: 'Submit',
      });
      assert.equal(refused.status, 403);
      assert.equal((await stored('Beta')).docstatus, 0);

      const submitted = await post('Administrator', 'frappe.desk.form.save.savedocs', {
        doc: JSON.stringify({ ...doc, qty: 4 }),
        action: 'Submit',
      });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      assert.equal(submitted.body.docs[0].docstatus, 1);
      assert.equal((await stored('Beta')).qty, 4);

      // A stale modified is refused.
      const stale = await post('Administrator', 'frappe.desk.form.save.savedocs', {
        doc: JSON.stringify({ ...submitted.body.docs[0], modified: doc.modified }),
        action: 'Update',
      });
      assert.equal(stale.status, 417);
      assert.equal(stale.body.exc_type, 'TimestampMismatchError');

      const cancelled = await post('Administrator', 'frappe.desk.form.save.cancel', {
        doctype: 'Widget',
        name: 'Beta',
      });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.docs[0].docstatus, 2);
      assert.equal(JSON.parse(JSON.parse(cancelled.body._server_messages)[0]).message, 'Cancelled');
    });

    it('savedocs refuses hostile input with nothing changed', async () => {
      const before = await stored('Alpha');
      for (const body of [
        { doc: '{not json', action: 'Save' },
        { doc: JSON.stringify({ ...before, qty: 99 }), action: 'Drop' },
        { doc: JSON.stringify({ name: 'Alpha', qty: 99 }), action: 'Save' },
        { doc: JSON.stringify([1, 2]), action: 'Save' },
      ]) {
        const r = await post('Administrator', 'frappe.desk.form.save.savedocs', body);
        assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${JSON.stringify(body)}`);
        assert.equal(typeof r.body.exc_type, 'string');
      }
      const reader = await post(users.reader, 'frappe.desk.form.save.savedocs', {
        doc: JSON.stringify({ ...before, qty: 99 }),
        action: 'Save',
      });
      assert.equal(reader.status, 403);
      assert.equal((await stored('Alpha')).qty, 1);
    });
  });
}
