// Document sharing through the REST API (`frappe.share.*`): a share opens one document to a user without
// role rights, in reads, writes, lists and counts, and nothing else; only holders of `share` may share, never
// more than they hold; unsharing and deleting the document take the access away.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: document sharing`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
      for (const title of ['Alpha', 'Beta', 'Gamma']) {
        const created = await t.call('Administrator', 'POST', '/api/resource/Widget', { title, qty: 1 });
        assert.equal(created.status, 200);
      }
    });
    after(() => t.close());

    const method = (user: string, name: string, body: Json) =>
      t.call(user, 'POST', `/api/method/${name}`, body);
    const share = (user: string, body: Json) =>
      method(user, 'frappe.share.add', { doctype: 'Widget', ...body });
    const shares = async () => {
      const q = t.db.dialect.quote;
      const rows = await t.db.all<Json>(
        `select ${q('user')}, ${q('share_doctype')}, ${q('share_name')}, ${q('read')}, ${q('write')}, ${q('share')}, ${q('everyone')} from ${q('tabDocShare')} order by ${q('share_name')}, ${q('user')}`,
      );
      return rows.map((r: Json) => ({
        ...r,
        read: Number(r.read),
        write: Number(r.write),
        share: Number(r.share),
        everyone: Number(r.everyone),
      }));
    };
    const listed = async (user: string) => {
      const response = await t.call(
        user,
        'GET',
        '/api/resource/Widget?limit_page_length=0&order_by=name%20asc',
      );
      return response.status === 200 ? response.body.data.map((r: Json) => r.name) : response.status;
    };
    const counted = async (user: string) => {
      const v1 = await method(user, 'frappe.client.get_count', { doctype: 'Widget' });
      const v2 = await t.call(user, 'GET', '/api/v2/doctype/Widget/count');
      assert.equal(v2.body.data, v1.body.message, 'v1 and v2 counts agree');
      return v1.body.message;
    };

    it('opens a shared document to a user without role rights, and nothing else', async () => {
      assert.equal((await t.call(users.nobody, 'GET', '/api/resource/Widget/Alpha')).status, 403);
      assert.equal(await listed(users.nobody), 403, 'no read and nothing shared: the list is refused');

      const added = await share(users.reader, { name: 'Alpha', user: users.nobody });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(added.body.message.doctype, 'DocShare');
      assert.equal(added.body.message.user, users.nobody);
      assert.equal(added.body.message.read, 1);
      assert.equal(added.body.message.write, 0);

      const read = await t.call(users.nobody, 'GET', '/api/resource/Widget/Alpha');
      assert.equal(read.status, 200);
      assert.equal(read.body.data.title, 'Alpha');
      assert.equal((await t.call(users.nobody, 'GET', '/api/resource/Widget/Beta')).status, 403);
      assert.deepEqual(await listed(users.nobody), ['Alpha']);
      assert.equal(await counted(users.nobody), 1);
      const v2 = await t.call(users.nobody, 'GET', '/api/v2/document/Widget?fields=["name"]');
      assert.deepEqual(v2.body.data, [{ name: 'Alpha' }]);
      const report = await method(users.nobody, 'frappe.desk.reportview.get_list', { doctype: 'Widget' });
      assert.deepEqual(
        report.body.message.map((r: Json) => r.name),
        ['Alpha'],
      );
      const subscribe = await method(users.nobody, 'frappe.realtime.can_subscribe_doc', {
        doctype: 'Widget',
        docname: 'Alpha',
      });
      assert.deepEqual(subscribe.body, { message: true });
    });

    it('grants write only when shared for writing, and never delete', async () => {
      const before_ = await t.widgets();
      assert.equal((await t.call(users.nobody, 'PUT', '/api/resource/Widget/Alpha', { qty: 7 })).status, 403);
      // The reader may share, but not a right the reader lacks: refused, and nothing changes.
      const refused = await share(users.reader, { name: 'Alpha', user: users.nobody, write: 1 });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.exc_type, 'PermissionError');
      assert.deepEqual(
        (await shares()).map((s) => [s.share_name, s.user, s.write]),
        [['Alpha', users.nobody, 0]],
      );
      assert.deepEqual(await t.widgets(), before_);

      const upgraded = await share(users.clerk, { name: 'Alpha', user: users.nobody, write: 1 });
      assert.equal(upgraded.status, 200);
      assert.equal((await shares()).length, 1, 'the share of the same user is updated, not doubled');
      const written = await t.call(users.nobody, 'PUT', '/api/resource/Widget/Alpha', { qty: 7 });
      assert.equal(written.status, 200, JSON.stringify(written.body));
      assert.equal(written.body.data.qty, 7);
      const deleted = await t.call(users.nobody, 'DELETE', '/api/resource/Widget/Alpha');
      assert.equal(deleted.status, 403, 'a share never grants delete');
      const created = await t.call(users.nobody, 'POST', '/api/resource/Widget', { title: 'Mine' });
      assert.equal(created.status, 403, 'nor create');
      assert.equal((await t.widgets()).length, 3);
    });

    it('refuses sharing to a user without the share right, changing nothing', async () => {
      const before_ = await shares();
      const attempt = await share(users.nobody, { name: 'Alpha', user: users.reader });
      assert.equal(attempt.status, 403);
      assert.equal(attempt.body.exc_type, 'PermissionError');
      const onOther = await share(users.nobody, { name: 'Beta', user: users.nobody });
      assert.equal(onOther.status, 403);
      const guest = await share('Guest', { name: 'Alpha', user: 'Guest' });
      assert.equal(guest.status, 403);
      const remove = await method(users.nobody, 'frappe.share.remove', {
        doctype: 'Widget',
        name: 'Alpha',
        user: users.nobody,
      });
      assert.equal(remove.status, 403);
      assert.deepEqual(await shares(), before_);
    });

    it('lists the shares of a document to those who may read it', async () => {
      const listedShares = await method(users.reader, 'frappe.share.get_users', {
        doctype: 'Widget',
        name: 'Alpha',
      });
      assert.equal(listedShares.status, 200);
      assert.deepEqual(
        listedShares.body.message.map((s: Json) => [s.user, s.read, s.write, s.submit, s.share, s.everyone]),
        [[users.nobody, 1, 1, 0, 0, 0]],
      );
      assert.ok(listedShares.body.message[0].name && listedShares.body.message[0].creation);
      const hidden = await method(users.nobody, 'frappe.share.get_users', {
        doctype: 'Widget',
        name: 'Beta',
      });
      assert.deepEqual(hidden.body, { message: [] }, 'nothing about a document the user may not read');
    });

    it('revokes access when unshared', async () => {
      const removed = await method(users.reader, 'frappe.share.remove', {
        doctype: 'Widget',
        name: 'Alpha',
        user: users.nobody,
      });
      assert.equal(removed.status, 200);
      assert.deepEqual(await shares(), []);
      assert.equal((await t.call(users.nobody, 'GET', '/api/resource/Widget/Alpha')).status, 403);
      assert.equal(await listed(users.nobody), 403);
    });

    it('sets and clears single rights with set_permission', async () => {
      const set = (body: Json) =>
        method(users.clerk, 'frappe.share.set_permission', {
          doctype: 'Widget',
          name: 'Gamma',
          user: users.nobody,
          ...body,
        });
      const granted = await set({ permission_to: 'write', value: 1 });
      assert.equal(granted.status, 200);
      assert.equal(granted.body.message.read, 1, 'write implies read');
      assert.equal(granted.body.message.write, 1);
      assert.equal((await t.call(users.nobody, 'PUT', '/api/resource/Widget/Gamma', { qty: 3 })).status, 200);
      const lowered = await set({ permission_to: 'write', value: 0 });
      assert.equal(lowered.body.message.write, 0);
      assert.equal((await t.call(users.nobody, 'PUT', '/api/resource/Widget/Gamma', { qty: 4 })).status, 403);
      assert.equal((await t.call(users.nobody, 'GET', '/api/resource/Widget/Gamma')).status, 200);
      const cleared = await set({ permission_to: 'read', value: 0 });
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.message, undefined, 'no right left: the share is gone');
      assert.deepEqual(await shares(), []);
      const bogus = await set({ permission_to: 'delete', value: 1 });
      assert.equal(bogus.status, 417);
      assert.deepEqual(await shares(), []);
    });

    it('shares with everyone, except Guest', async () => {
      const shared = await share(users.clerk, { name: 'Beta', everyone: 1 });
      assert.equal(shared.status, 200);
      assert.equal(shared.body.message.everyone, 1);
      assert.equal(shared.body.message.user, undefined, 'a share with everyone names no user');
      assert.equal((await t.call(users.nobody, 'GET', '/api/resource/Widget/Beta')).status, 200);
      assert.deepEqual(await listed(users.nobody), ['Beta']);
      assert.equal((await t.call('Guest', 'GET', '/api/resource/Widget/Beta')).status, 403);
      assert.equal(await listed('Guest'), 403);
      const again = await share(users.clerk, { name: 'Beta', everyone: 1, write: 1 });
      assert.equal(again.status, 200);
      assert.equal((await shares()).length, 1, 'one share with everyone per document');
    });

    it('deletes the shares of a deleted document', async () => {
      await share(users.clerk, { name: 'Gamma', user: users.nobody });
      assert.equal((await shares()).length, 2);
      const deleted = await t.call('Administrator', 'DELETE', '/api/resource/Widget/Beta');
      assert.equal(deleted.status, 202);
      assert.deepEqual(
        (await shares()).map((s) => s.share_name),
        ['Gamma'],
      );
      assert.deepEqual(await listed(users.nobody), ['Gamma']);
    });

    it('answers hostile input with Frappe errors and changes nothing', async () => {
      const before_ = await shares();
      const cases: Array<[Json, number, string]> = [
        [{ name: 'Alpha', user: 'ghost@example.com' }, 417, 'LinkValidationError'],
        [{ doctype: 'No Such Type', name: 'Alpha', user: users.nobody }, 404, 'DoesNotExistError'],
        [{ user: users.nobody }, 417, 'TypeError'],
        [{ name: 'Missing', user: users.nobody }, 404, 'DoesNotExistError'],
        [{ doctype: 'Widget Part', name: 'x', user: users.nobody }, 417, 'ValidationError'],
        [{ name: 'Alpha', user: users.nobody, submit: 1 }, 403, 'PermissionError'],
      ];
      for (const [body, status, excType] of cases) {
        const response = await share(users.clerk, body);
        assert.equal(response.status, status, JSON.stringify([body, response.body]));
        assert.equal(response.body.exc_type, excType, JSON.stringify(body));
        assert.ok(response.body._server_messages, 'the Frappe envelope');
      }
      const viaGet = await t.call(
        users.clerk,
        'GET',
        `/api/method/frappe.share.add?doctype=Widget&name=Alpha&user=${encodeURIComponent(users.nobody)}`,
      );
      assert.equal(viaGet.status, 403, 'a write over GET is refused');
      assert.deepEqual(await shares(), before_);
    });
  });
}
