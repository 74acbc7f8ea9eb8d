// What a second user's browser hears while someone comments: the mentioned user's socket gets `notification` in
// their user room (the bell reloads), and every socket subscribed to the document gets `docinfo_update` for the
// comment's add, edit and delete (`{doc, key: 'comments', action}`), through the real websocket service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCredentialResolver } from '../../src/auth/credentials.ts';
import { createUser } from '../../src/auth/users.ts';
import { publishRealtime } from '../../src/bus/index.ts';
import { createLogger } from '../../src/config/log.ts';
import { type RealtimeService, startRealtime } from '../../src/realtime/start-realtime.ts';
import { systemUsersOnly } from '../../src/realtime/system-users-only.ts';
import { client, connected, EventLog, roundTrip } from '../realtime/support.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;
const password = 'talk-Pa55word';
const alice = 'alice@example.com';
const bob = 'bob@example.com';

for (const kind of databases) {
  describe(`${kind}: comments and notifications, live`, () => {
    let t: BackendSite;
    let rt: RealtimeService;
    const sids = new Map<string, string>();
    before(async () => {
      t = await createBackendSite(kind);
      sids.set('Administrator', await login(t.app));
      for (const [email, firstName] of [
        [alice, 'Alice'],
        [bob, 'Bob'],
      ] as const) {
        await createUser(t.db, { email, firstName, password, roles: ['System Manager'] });
        sids.set(email, await login(t.app, email, password));
      }
      rt = await startRealtime({
        port: 0,
        host: '127.0.0.1',
        bench: t.bench,
        bus: t.bus,
        sessions: { resolve: createCredentialResolver({ databases: { get: () => t.db }, cache: t.cache }) },
        permissions: systemUsersOnly,
        logger: createLogger('realtime-test', 'silent'),
      });
      const memo = await call('Administrator', '/api/resource/DocType', {
        name: 'Memo',
        module: 'Custom',
        custom: 1,
        autoname: 'field:title',
        fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 }],
        permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
      });
      assert.equal(memo.statusCode, 200, memo.body);
      assert.equal((await call('Administrator', '/api/resource/Memo', { title: 'Plan' })).statusCode, 200);
    });
    after(async () => {
      await rt?.close();
      await t.close();
    });

    function call(user: string, url: string, payload: object) {
      return t.app.inject({
        method: 'POST',
        url,
        headers: { host, cookie: `sid=${sids.get(user)}` },
        payload,
      });
    }
    const socketOf = async (user: string) => {
      const socket = client(rt.port, host, { headers: { cookie: `sid=${sids.get(user)}` } });
      const log = new EventLog(socket);
      await connected(socket);
      return { socket, log };
    };
    // A marker sent to a user's room after everything else: once it arrives, anything sent before it has too.
    const settled = async (
      user: string,
      listener: { socket: Parameters<typeof roundTrip>[0]; log: EventLog },
    ) => {
      const from = listener.log.events.length;
      await publishRealtime(t.bus, { event: 'settled', message: {}, room: `user:${user}`, namespace: host });
      await listener.log.waitFor('settled', undefined, from);
    };

    it('the mentioned user hears `notification`; the document’s room hears each comment change once', async () => {
      const bobs = await socketOf(bob);
      const alices = await socketOf(alice);
      try {
        bobs.socket.emit('doc_subscribe', 'Memo', 'Plan');
        await roundTrip(bobs.socket, bobs.log);

        const added = await call(alice, '/api/method/frappe.desk.form.utils.add_comment', {
          reference_doctype: 'Memo',
          reference_name: 'Plan',
          content: `<p><span class="mention" data-id="${bob}" data-value="Bob">@Bob</span> look<script>x()</script></p>`,
          comment_email: alice,
          comment_by: 'Alice',
        });
        assert.equal(added.statusCode, 200, added.body);
        const comment = added.json().message;
        await bobs.log.waitFor('notification');
        await bobs.log.waitFor('docinfo_update', (m) => (m as { action?: string }).action === 'add');

        const edited = await call(alice, '/api/method/frappe.desk.form.utils.update_comment', {
          name: comment.name,
          content: '<p>never mind</p>',
        });
        assert.equal(edited.statusCode, 200, edited.body);
        await bobs.log.waitFor('docinfo_update', (m) => (m as { action?: string }).action === 'update');

        const deleted = await call(alice, '/api/method/frappe.client.delete', {
          doctype: 'Comment',
          name: comment.name,
        });
        assert.equal(deleted.statusCode, 200, deleted.body);
        await bobs.log.waitFor('docinfo_update', (m) => (m as { action?: string }).action === 'delete');

        await settled(bob, bobs);
        await settled(alice, alices);
        const updates = bobs.log.named('docinfo_update') as Array<{
          doc: Record<string, unknown>;
          key: string;
          action: string;
        }>;
        assert.deepEqual(
          updates.map((u) => [u.key, u.action, u.doc.name, u.doc.reference_doctype, u.doc.reference_name]),
          [
            ['comments', 'add', comment.name, 'Memo', 'Plan'],
            ['comments', 'update', comment.name, 'Memo', 'Plan'],
            ['comments', 'delete', comment.name, 'Memo', 'Plan'],
          ],
        );
        assert.equal(updates[0]!.doc.content, comment.content, 'the sanitized comment, as stored');
        assert.ok(!String(updates[0]!.doc.content).includes('script'));
        assert.equal(updates[1]!.doc.content, '<p>never mind</p>');
        assert.equal(bobs.log.named('notification').length, 1);
        assert.deepEqual(alices.log.named('notification'), [], 'the author is not notified');
        assert.deepEqual(
          alices.log.named('docinfo_update'),
          [],
          'nor told about a document it did not subscribe to',
        );

        const hide = await call(
          bob,
          '/api/method/frappe.desk.doctype.notification_log.notification_log.trigger_indicator_hide',
          {},
        );
        assert.equal(hide.statusCode, 200, hide.body);
        await bobs.log.waitFor('indicator_hide');
        await settled(alice, alices);
        assert.deepEqual(alices.log.named('indicator_hide'), [], 'only the user’s own room');
      } finally {
        bobs.socket.disconnect();
        alices.socket.disconnect();
      }
    });
  });
}
