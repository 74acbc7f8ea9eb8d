// Frappe v15's desk request shapes through the real router: a session cookie and X-Frappe-CSRF-Token from the
// desk's boot, form-encoded bodies with nested arguments JSON-stringified (as request.js sends them), GET for
// the form's loads — for every desk wire method of issue 13's item 5, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { type ApiSite, createApiSite, type Json } from '../api/support.ts';
import { startRouter } from '../frontend/helpers.ts';
import { adminPassword, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

/** A desk call as request.js makes it: GET with a query string, or a form-encoded POST. */
interface DeskCall {
  method: string;
  type?: 'GET' | 'POST';
  args: Record<string, unknown>;
  check: (body: Json, status: number) => void;
}

// request.js: objects and arrays go JSON-stringified, everything else as its string.
function encode(args: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args))
    form.append(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  return form.toString();
}

for (const kind of databases) {
  describe(`${kind}: desk methods through the router`, () => {
    let t: ApiSite;
    let router: FrontendServer;
    let base: string;
    let cookie = '';
    let csrf = '';

    const call = async ({ method, type = 'POST', args }: DeskCall) => {
      const headers: Record<string, string> = {
        host: testSite,
        accept: 'application/json, text/javascript, */*; q=0.01',
        'x-frappe-cmd': method,
        'x-requested-with': 'XMLHttpRequest',
        cookie,
      };
      let url = `${base}/api/method/${method}`;
      let body: string | undefined;
      if (type === 'GET') url += `?${encode(args)}`;
      else {
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
        headers['x-frappe-csrf-token'] = csrf;
        body = encode(args);
      }
      const response = await fetch(url, { method: type, headers, body });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };

    before(async () => {
      t = await createApiSite(kind);
      // fetch cannot set Host: the router names the site, as frappe_docker does with FRAPPE_SITE_NAME_HEADER.
      router = await startRouter({
        SITES_PATH: t.bench.sitesPath,
        BACKEND: `127.0.0.1:${t.port}`,
        FRAPPE_SITE_NAME_HEADER: testSite,
      });
      base = `http://127.0.0.1:${router.port}`;
      const login = await fetch(`${base}/api/method/login`, {
        method: 'POST',
        headers: { host: testSite, 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: encode({ usr: 'Administrator', pwd: adminPassword }),
      });
      assert.equal(login.status, 200);
      cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const desk = await fetch(`${base}/app`, { headers: { host: testSite, cookie } });
      csrf = /"csrf_token":"([0-9a-f]+)"/.exec(await desk.text())?.[1] ?? '';
      assert.ok(csrf, 'the desk hands out a CSRF token');
      for (const title of ['R1', 'R2', 'R3'])
        assert.equal(
          (
            await call({
              method: 'frappe.client.insert',
              args: { doc: { doctype: 'Widget', title, qty: 1 } },
              check() {},
            })
          ).status,
          200,
        );
    });
    after(async () => {
      await router?.close(0);
      await t?.close();
    });

    it('refuses an unsafe desk call without the CSRF token', async () => {
      const saved = csrf;
      csrf = 'f'.repeat(56);
      const r = await call({
        method: 'frappe.desk.listview.set_list_settings',
        args: { doctype: 'Widget', values: {} },
        check() {},
      });
      csrf = saved;
      assert.equal(r.status, 400);
      assert.equal(r.body.exc_type, 'CSRFTokenError');
    });

    let saved: Json;
    const calls: DeskCall[] = [
      {
        method: 'frappe.desk.form.load.getdoctype',
        type: 'GET',
        args: { doctype: 'Widget', with_parent: 1, cached_timestamp: '' },
        check: (b) =>
          assert.deepEqual(
            b.docs.map((d: Json) => d.name),
            ['Widget', 'Widget Part'],
          ),
      },
      {
        method: 'frappe.desk.form.load.getdoc',
        type: 'GET',
        args: { doctype: 'Widget', name: 'R1' },
        check: (b) => {
          assert.equal(b.docs[0].name, 'R1');
          assert.ok(b.docinfo.permissions.write);
        },
      },
      {
        method: 'frappe.desk.form.load.get_docinfo',
        args: { doctype: 'Widget', name: 'R1' },
        check: (b) => assert.equal(b.docinfo.name, 'R1'),
      },
      {
        method: 'frappe.desk.form.save.savedocs',
        args: {
          doc: {
            doctype: 'Widget',
            name: 'new-widget-abc',
            __islocal: 1,
            __unsaved: 1,
            docstatus: 0,
            title: 'R4',
            qty: 2,
            parts: [
              {
                doctype: 'Widget Part',
                name: 'new-widget-part-x',
                __islocal: 1,
                parentfield: 'parts',
                parenttype: 'Widget',
                idx: 1,
                part: 'p',
              },
            ],
          },
          action: 'Save',
        },
        check: (b) => {
          saved = b.docs[0];
          assert.equal(saved.name, 'R4');
        },
      },
      {
        method: 'frappe.desk.form.save.savedocs',
        args: {
          get doc() {
            return saved;
          },
          action: 'Submit',
        },
        check: (b) => {
          assert.equal(b.docs[0].docstatus, 1);
        },
      },
      {
        method: 'frappe.client.is_document_amended',
        args: { doctype: 'Widget', docname: 'R4' },
        check: (b) => assert.equal(b.message, undefined),
      },
      {
        method: 'frappe.desk.form.save.cancel',
        args: { doctype: 'Widget', name: 'R4' },
        check: (b) => assert.equal(b.docs[0].docstatus, 2),
      },
      {
        method: 'frappe.desk.form.utils.get_next',
        args: { doctype: 'Widget', value: 'R1', prev: 0, filters: [], sort_order: 'asc', sort_field: 'name' },
        check: (b) => assert.equal(b.message, 'R2'),
      },
      {
        method: 'frappe.desk.form.linked_with.get_linked_doctypes',
        args: { doctype: 'Widget Part' },
        check: (b) => assert.deepEqual(b.message.Widget, { get_parent: true }),
      },
      {
        method: 'frappe.desk.form.linked_with.get_linked_docs',
        args: { doctype: 'Widget', name: 'R1', linkinfo: {} },
        check: (b) => assert.deepEqual(b.message, {}),
      },
      {
        method: 'frappe.model.rename_doc.update_document_title',
        args: {
          doctype: 'Widget',
          docname: 'R3',
          name: 'R3b',
          merge: 0,
          freeze: true,
          freeze_message: 'Updating related fields...',
        },
        check: (b) => assert.equal(b.message, 'R3b'),
      },
      {
        method: 'frappe.client.get_doc_permissions',
        args: { doctype: 'Widget', docname: 'R1' },
        check: (b) => assert.equal(b.message.permissions.read, 1),
      },
      {
        method: 'frappe.desk.listview.set_list_settings',
        args: { doctype: 'Widget', values: { disable_count: 1 } },
        check: (b, s) => assert.equal(s, 200, JSON.stringify(b)),
      },
      {
        method: 'frappe.desk.listview.get_list_settings',
        args: { doctype: 'Widget' },
        check: (b) => assert.equal(b.message.disable_count, 1),
      },
      {
        method: 'frappe.desk.listview.get_group_by_count',
        args: { doctype: 'Widget', current_filters: [], field: 'owner' },
        check: (b) => assert.equal(b.message[0].name, 'Administrator'),
      },
      {
        method: 'frappe.desk.listview.get_group_by_count',
        args: { doctype: 'Widget', current_filters: [], field: 'assigned_to' },
        check: (b) => assert.deepEqual(b.message, []),
      },
      {
        method: 'frappe.desk.reportview.get_sidebar_stats',
        args: { stats: ['_user_tags'], doctype: 'Widget', filters: [] },
        check: (b) => assert.ok(Array.isArray(b.message.stats._user_tags)),
      },
      {
        method: 'frappe.model.utils.user_settings.save',
        args: { doctype: 'Widget', user_settings: { List: { page_length: 100 } } },
        check: (b) => assert.deepEqual(b.message, { List: { page_length: 100 } }),
      },
      {
        method: 'frappe.model.utils.user_settings.get',
        args: { doctype: 'Widget' },
        check: (b) => assert.equal(JSON.parse(b.message).List.page_length, 100),
      },
      // The timeline branches' methods, as the desk's timeline and sidebar send them.
      {
        method: 'frappe.desk.form.utils.add_comment',
        args: {
          reference_doctype: 'Widget',
          reference_name: 'R1',
          content: '<div class="ql-editor read-mode"><p>looks good</p></div>',
          comment_email: 'Administrator',
          comment_by: 'Administrator',
        },
        check: (b) => assert.equal(b.message.comment_type, 'Comment'),
      },
      {
        method: 'frappe.desk.form.assign_to.add',
        args: {
          assign_to: ['Administrator'],
          doctype: 'Widget',
          name: 'R1',
          description: 'check it',
          assign_to_me: 0,
          bulk_assign: false,
          re_assign: false,
        },
        check: (b) => assert.ok(b.message.some((a: Json) => a.owner === 'Administrator')),
      },
      {
        method: 'frappe.desk.doctype.tag.tag.add_tag',
        args: { tag: 'urgent', dt: 'Widget', dn: 'R1' },
        check: (b, s) => assert.equal(s, 200, JSON.stringify(b)),
      },
      {
        method: 'frappe.desk.like.toggle_like',
        args: { doctype: 'Widget', name: 'R1', add: 'Yes' },
        check: (b, s) => assert.equal(s, 200, JSON.stringify(b)),
      },
      {
        method: 'frappe.client.attach_file',
        args: {
          filename: 'note.txt',
          filedata: Buffer.from('hi').toString('base64'),
          doctype: 'Widget',
          docname: 'R1',
          is_private: 1,
          decode_base64: 1,
        },
        check: (b) => assert.equal(b.message.attached_to_name, 'R1'),
      },
      {
        method: 'frappe.desk.form.load.get_docinfo',
        args: { doctype: 'Widget', name: 'R1' },
        check: (b) => {
          const info = b.docinfo;
          assert.equal(info.comments.length, 1);
          assert.deepEqual(
            info.assignments.map((a: Json) => a.owner),
            ['Administrator'],
          );
          assert.equal(info.tags, 'urgent');
          assert.equal(info.like_logs.length, 1);
          assert.deepEqual(
            info.attachments.map((a: Json) => a.file_name),
            ['note.txt'],
          );
        },
      },
      {
        method: 'frappe.desk.listview.get_group_by_count',
        args: { doctype: 'Widget', current_filters: [], field: 'assigned_to' },
        check: (b) => assert.deepEqual(b.message, [{ name: 'Administrator', count: 1 }]),
      },
      {
        method: 'frappe.desk.form.assign_to.remove',
        args: { doctype: 'Widget', name: 'R1', assign_to: 'Administrator' },
        check: (b, s) => assert.equal(s, 200, JSON.stringify(b)),
      },
      {
        method: 'frappe.desk.reportview.delete_items',
        args: { items: ['R2'], doctype: 'Widget' },
        check: (_b, s) => assert.equal(s, 200),
      },
    ];

    for (const c of calls)
      it(`${c.method}${c.method === 'frappe.desk.form.save.savedocs' ? ` (${String(c.args.action)})` : ''}`, async () => {
        const r = await call(c);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        c.check(r.body, r.status);
      });
  });
}
