// Notifications as Frappe's bell reads them: a comment's @mentions make Mention logs for the mentioned users who
// may read the document (never the author), each user lists and marks only their own logs
// (`frappe.desk.doctype.notification_log.notification_log.*`), and refusals change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiSite, createApiSite, type Json, users } from '../api/support.ts';
import { databases } from '../support/services.ts';

const methods = '/api/method/frappe.desk.doctype.notification_log.notification_log';
// How Frappe's desk editor writes a mention.
const mention = (user: string, name: string) =>
  `<span class="mention" data-index="0" data-denotation-char="@" data-id="${user}" data-value="${name}">` +
  `<span contenteditable="false"><span class="ql-mention-denotation-char">@</span>${name}</span></span>`;

for (const kind of databases) {
  describe(`${kind}: mentions and the notification log`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
      const made = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Gear & Co' });
      assert.equal(made.status, 200, JSON.stringify(made.body));
    });
    after(() => t.close());

    const logs = async () => {
      const q = t.db.dialect.quote;
      return t.db.all<Record<string, unknown>>(
        `select * from ${q('tabNotification Log')} order by ${q('creation')}, ${q('name')}`,
      );
    };
    const comment = (user: string, content: string) =>
      t.call(user, 'POST', '/api/method/frappe.desk.form.utils.add_comment', {
        reference_doctype: 'Widget',
        reference_name: 'Gear & Co',
        content,
        comment_email: user,
        comment_by: user,
      });

    it('notifies the mentioned users who can read the document, never the author or outsiders', async () => {
      const reply = await comment(
        users.clerk,
        `<p>${mention(users.reader, 'Reader')} ${mention(users.nobody, 'Nobody')} ${mention(users.clerk, 'Me')} ` +
          `${mention('ghost@example.com', 'Ghost')} please check ${mention(users.reader, 'Reader')}</p>`,
      );
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const made = await logs();
      assert.equal(made.length, 1, JSON.stringify(made));
      const [log] = made;
      assert.equal(log!.for_user, users.reader);
      assert.equal(log!.from_user, users.clerk);
      assert.equal(log!.type, 'Mention');
      assert.equal(log!.document_type, 'Widget');
      assert.equal(log!.document_name, 'Gear & Co');
      assert.equal(Number(log!.read), 0);
      assert.equal(
        log!.subject,
        '<strong>Clerk</strong> mentioned you in a comment in <strong>Widget</strong> ' +
          '<b class="subject-title">Gear &amp; Co</b>',
      );
      assert.equal(log!.email_content, reply.body.message.content);
    });

    it('lists a user’s own logs for the bell, with who sent them, and nobody else’s', async () => {
      const mine = await t.call(users.reader, 'GET', `${methods}.get_notification_logs?limit=5`);
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      const { notification_logs, user_info } = mine.body.message;
      assert.equal(notification_logs.length, 1);
      assert.equal(notification_logs[0].for_user, users.reader);
      assert.equal(notification_logs[0].type, 'Mention');
      assert.deepEqual(Object.keys(user_info), [users.clerk]);
      assert.equal(user_info[users.clerk].fullname, 'Clerk');
      assert.equal(user_info[users.clerk].name, users.clerk);
      for (const user of [users.nobody, users.clerk]) {
        const theirs = await t.call(user, 'POST', `${methods}.get_notification_logs`, {});
        assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
        assert.deepEqual(theirs.body.message, { notification_logs: [], user_info: {} });
      }
      const name = notification_logs[0].name;
      const other = await t.call(users.clerk, 'GET', `/api/resource/Notification Log/${name}`);
      assert.equal(other.status, 403, JSON.stringify(other.body));
      assert.equal(other.body.exc_type, 'PermissionError');
      const listed = await t.call(users.clerk, 'GET', '/api/resource/Notification Log?fields=["name"]');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.data, []);
      assert.equal(
        (await t.call(users.reader, 'GET', `/api/resource/Notification Log/${name}`)).status,
        200,
        'the recipient reads it',
      );
    });

    it('marks a log read for its recipient only, keeping modified; another user is refused, nothing changed', async () => {
      const [log] = await logs();
      const refused = await t.call(users.clerk, 'POST', `${methods}.mark_as_read`, { docname: log!.name });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.exc_type, 'PermissionError');
      assert.equal(Number((await logs())[0]!.read), 0);
      const edit = await t.call(users.clerk, 'PUT', `/api/resource/Notification Log/${log!.name}`, {
        read: 1,
      });
      assert.equal(edit.status, 403, JSON.stringify(edit.body));
      assert.equal(Number((await logs())[0]!.read), 0);
      const missing = await t.call(users.reader, 'POST', `${methods}.mark_as_read`, {
        docname: 'no-such-log',
      });
      assert.equal(missing.status, 200, 'an unknown name changes nothing, as Frappe');
      const noArg = await t.call(users.reader, 'POST', `${methods}.mark_as_read`, {});
      assert.equal(noArg.status, 417, JSON.stringify(noArg.body));
      const done = await t.call(users.reader, 'POST', `${methods}.mark_as_read`, { docname: log!.name });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const [after] = await logs();
      assert.equal(Number(after!.read), 1);
      assert.equal(String(after!.modified), String(log!.modified), 'modified kept');
    });

    it('marks all of the user’s unread logs read, and only theirs', async () => {
      for (let i = 0; i < 2; i += 1)
        await comment(users.clerk, `<p>${mention(users.reader, 'Reader')} #${i}</p>`);
      await comment(users.reader, `<p>${mention(users.clerk, 'Clerk')} back to you</p>`);
      const unread = async (user: string) =>
        (await logs()).filter((l) => l.for_user === user && Number(l.read) === 0).length;
      assert.equal(await unread(users.reader), 2);
      assert.equal(await unread(users.clerk), 1);
      const done = await t.call(users.reader, 'POST', `${methods}.mark_all_as_read`, {});
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(await unread(users.reader), 0);
      assert.equal(await unread(users.clerk), 1, 'another user’s logs are untouched');
      const bell = await t.call(users.clerk, 'GET', `${methods}.get_notification_logs`);
      const [latest] = bell.body.message.notification_logs as Json[];
      assert.equal(latest.from_user, users.reader);
      assert.equal(bell.body.message.user_info[users.reader].fullname, 'Reader');
    });

    it('needs a login for every bell method', async () => {
      for (const method of ['get_notification_logs', 'mark_all_as_read', 'trigger_indicator_hide']) {
        const reply = await t.call('Guest', 'POST', `${methods}.${method}`, {});
        assert.equal(reply.status, 403, `${method}: ${JSON.stringify(reply.body)}`);
      }
    });
  });
}
