// Comments carry what is said about documents: as in Frappe, only System Manager and Website Manager read the
// Comment DocType itself; a desk user cannot read comments on documents they may not see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, userPassword, users } from './support.ts';

const webManager = 'web@example.com';

for (const kind of databases) {
  describe(`${kind}: comments are not readable by every desk user`, () => {
    let t: ApiSite;
    let name: string;
    before(async () => {
      t = await createApiSite(kind);
      const role = await t.call('Administrator', 'POST', '/api/resource/Role', {
        role_name: 'Website Manager',
      });
      assert.equal(role.status, 200);
      await createUser(t.db, {
        email: webManager,
        firstName: 'Web',
        password: userPassword,
        roles: ['Website Manager'],
      });
      const widget = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Secret plan' });
      assert.equal(widget.status, 200);
      const comment = await t.call('Administrator', 'POST', '/api/resource/Comment', {
        comment_type: 'Comment',
        reference_doctype: 'Widget',
        reference_name: 'Secret plan',
        content: 'the launch date is the 3rd',
      });
      assert.equal(comment.status, 200, JSON.stringify(comment.body));
      name = comment.body.data.name;
    });
    after(() => t.close());

    const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

    it('refuses a desk user without rights on the document (and a reader of it) the Comment DocType', async () => {
      for (const user of [users.nobody, users.reader]) {
        const reads: Array<[string, string, unknown?]> = [
          ['GET', `/api/resource/Comment?fields=${q(['content', 'reference_name'])}`],
          ['GET', `/api/resource/Comment/${name}`],
          ['GET', '/api/v2/document/Comment'],
          ['POST', '/api/method/frappe.client.get_list', { doctype: 'Comment', fields: ['content'] }],
          [
            'POST',
            '/api/method/frappe.client.get_value',
            { doctype: 'Comment', fieldname: 'content', filters: { reference_doctype: 'Widget' } },
          ],
          ['POST', '/api/method/frappe.desk.reportview.get_count', { doctype: 'Comment' }],
        ];
        for (const [method, path, body] of reads) {
          const reply = await t.call(user, method, path, body);
          assert.equal(reply.status, 403, `${user} ${method} ${path}: ${JSON.stringify(reply.body)}`);
          assert.ok(!JSON.stringify(reply.body).includes('launch date'));
        }
      }
    });

    it('lets System Manager and Website Manager read comments, as Frappe does', async () => {
      for (const user of ['Administrator', webManager]) {
        const reply = await t.call(user, 'GET', `/api/resource/Comment?fields=${q(['content'])}`);
        assert.equal(reply.status, 200, `${user}: ${JSON.stringify(reply.body)}`);
        assert.deepEqual(
          (reply.body.data as Json[]).map((row) => row.content),
          ['the launch date is the 3rd'],
        );
      }
    });
  });
}
