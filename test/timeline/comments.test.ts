// The form's comments as Frappe's desk makes them: `frappe.desk.form.utils.add_comment` / `update_comment`, and
// `frappe.client.delete` on Comment; `_comments` kept on the document (without touching its `modified`),
// `_comment_count` in the list view's `reportview.get`, content sanitized, and each refusal in Frappe's envelope
// with nothing changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiSite, createApiSite, type Json, users } from '../api/support.ts';
import { databases } from '../support/services.ts';

const addComment = '/api/method/frappe.desk.form.utils.add_comment';
const updateComment = '/api/method/frappe.desk.form.utils.update_comment';

for (const kind of databases) {
  describe(`${kind}: comments on a document`, () => {
    let t: ApiSite;
    let widget: Record<string, unknown>;
    before(async () => {
      t = await createApiSite(kind);
      const made = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Gear' });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      widget = made.body.data;
    });
    after(() => t.close());

    const stored = async () => (await t.widgets()).find((w) => w.name === 'Gear')!;
    const kept = async () => JSON.parse(String((await stored())._comments ?? '[]'));
    const comments = async () => {
      const q = t.db.dialect.quote;
      return t.db.all<Record<string, unknown>>(
        `select * from ${q('tabComment')} where ${q('reference_name')} = ? order by ${q('creation')}`,
        ['Gear'],
      );
    };
    // The desk's request (frappe.call in form_timeline.js): the document, the content, the author's email and name.
    const comment = (user: string, content: string, name = 'Gear') =>
      t.call(user, 'POST', addComment, {
        reference_doctype: 'Widget',
        reference_name: name,
        content,
        comment_email: user,
        comment_by: 'Someone Else',
      });

    it('adds a comment as Frappe answers it, kept in the document’s _comments without changing modified', async () => {
      const reply = await comment(users.clerk, '<p>Ship it on <b>Monday</b></p>');
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const doc = reply.body.message;
      assert.equal(doc.doctype, 'Comment');
      assert.equal(doc.comment_type, 'Comment');
      assert.equal(doc.reference_doctype, 'Widget');
      assert.equal(doc.reference_name, 'Gear');
      assert.equal(doc.owner, users.clerk);
      assert.equal(doc.comment_email, users.clerk, 'the author is the session user');
      assert.equal(doc.comment_by, 'Clerk', 'and their name, whatever the request said');
      assert.equal(doc.content, '<p>Ship it on <b>Monday</b></p>');
      assert.deepEqual(await kept(), [{ comment: doc.content, by: users.clerk, name: doc.name }]);
      assert.equal(
        new Date(String((await stored()).modified)).getTime(),
        new Date(String(widget.modified).replace(' ', 'T')).getTime(),
        'the document’s modified is untouched',
      );
    });

    it('renders script inert: tags, handlers and javascript: URLs removed before anything is stored', async () => {
      const reply = await comment(
        users.clerk,
        '<p onclick="steal()">hi<script>steal()</script><img src=x onerror="steal()">' +
          '<a href="jav&#x09;ascript:steal()">x</a><a href="https://example.com/a">ok</a></p>',
      );
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const content = reply.body.message.content;
      assert.equal(
        content,
        '<p>hi<img><a rel="noopener noreferrer">x</a><a href="https://example.com/a" rel="noopener noreferrer">ok</a></p>',
      );
      const [row] = (await comments()).filter((c) => c.name === reply.body.message.name);
      assert.equal(row!.content, content, 'stored as answered');
      assert.ok(!JSON.stringify(await kept()).includes('steal'), '_comments holds no script either');
      // Saved straight through /api/resource (a System Manager may), the same controller cleans it.
      const direct = await t.call('Administrator', 'POST', '/api/resource/Comment', {
        comment_type: 'Comment',
        reference_doctype: 'Widget',
        reference_name: 'Gear',
        content: '<svg onload="steal()"><script>steal()</script></svg>fine',
      });
      assert.equal(direct.status, 200, JSON.stringify(direct.body));
      assert.equal(direct.body.data.content, 'fine');
      assert.equal(
        (await t.call('Administrator', 'DELETE', `/api/resource/Comment/${direct.body.data.name}`)).status,
        202,
      );
    });

    it('refuses a user who cannot read the document, and a missing document or argument, changing nothing', async () => {
      const before = { comments: (await comments()).length, kept: await kept() };
      const refused = await comment(users.nobody, 'let me in');
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.exc_type, 'PermissionError');
      const missing = await comment(users.clerk, 'where?', 'No Such Widget');
      assert.equal(missing.status, 404, JSON.stringify(missing.body));
      assert.equal(missing.body.exc_type, 'DoesNotExistError');
      const unknownType = await t.call(users.clerk, 'POST', addComment, {
        reference_doctype: 'No Such Type',
        reference_name: 'Gear',
        content: 'x',
        comment_email: users.clerk,
        comment_by: 'Clerk',
      });
      assert.ok([404, 417].includes(unknownType.status), JSON.stringify(unknownType.body));
      const noContent = await t.call(users.clerk, 'POST', addComment, {
        reference_doctype: 'Widget',
        reference_name: 'Gear',
        comment_email: users.clerk,
        comment_by: 'Clerk',
      });
      assert.equal(noContent.status, 417, JSON.stringify(noContent.body));
      assert.match(noContent.body.exc_type, /TypeError$/);
      const asGet = await t.call(
        users.clerk,
        'GET',
        `${addComment}?reference_doctype=Widget&reference_name=Gear`,
      );
      assert.notEqual(asGet.status, 200, 'add_comment takes POST or PUT only, as Frappe');
      assert.equal((await comments()).length, before.comments);
      assert.deepEqual(await kept(), before.kept);
    });

    it('lets the author edit a comment (_comments follows) and refuses anyone else', async () => {
      const added = (await comment(users.clerk, '<p>first draft</p>')).body.message;
      const refused = await t.call(users.reader, 'POST', updateComment, {
        name: added.name,
        content: 'mine now',
      });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.exc_type, 'PermissionError');
      assert.match(JSON.stringify(refused.body._server_messages), /Comment can only be edited by the owner/);
      const edited = await t.call(users.clerk, 'POST', updateComment, {
        name: added.name,
        content: '<p>final <i>word</i><script>x()</script></p>',
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.message, undefined, 'Frappe answers nothing (None)');
      const [row] = (await comments()).filter((c) => c.name === added.name);
      assert.equal(row!.content, '<p>final <i>word</i></p>');
      const entry = (await kept()).find((c: Json) => c.name === added.name);
      assert.equal(entry.comment, '<p>final <i>word</i></p>');
      const missing = await t.call(users.clerk, 'POST', updateComment, { name: 'nope', content: 'x' });
      assert.equal(missing.status, 404, JSON.stringify(missing.body));
    });

    it('keeps a preview of long comments (97 characters and "...") and the last 100 of them', async () => {
      const long = `<p>${'é'.repeat(150)}</p>`;
      const added = (await comment(users.clerk, long)).body.message;
      const entry = (await kept()).find((c: Json) => c.name === added.name);
      assert.equal(entry.comment, `${long.slice(0, 97)}...`);
      assert.equal(Array.from(entry.comment as string).length, 100);
    });

    it('deletes as the desk does (frappe.client.delete): the author may, another user may not', async () => {
      const added = (await comment(users.clerk, 'delete me')).body.message;
      const del = (user: string) =>
        t.call(user, 'POST', '/api/method/frappe.client.delete', { doctype: 'Comment', name: added.name });
      for (const user of [users.reader, users.nobody]) {
        const refused = await del(user);
        assert.equal(refused.status, 403, `${user}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.exc_type, 'PermissionError');
      }
      assert.ok(
        (await kept()).some((c: Json) => c.name === added.name),
        'still there',
      );
      const done = await del(users.clerk);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await comments()).filter((c) => c.name === added.name).length, 0);
      assert.ok(!(await kept()).some((c: Json) => c.name === added.name), 'gone from _comments');
      // Administrator deletes anyone's.
      const other = (await comment(users.clerk, 'admin removes this')).body.message;
      const byAdmin = await t.call('Administrator', 'POST', '/api/method/frappe.client.delete', {
        doctype: 'Comment',
        name: other.name,
      });
      assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
      assert.ok(!(await kept()).some((c: Json) => c.name === other.name));
    });

    it('answers _comment_count in reportview.get when the list view asks (with_comment_count)', async () => {
      const made = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Quiet' });
      assert.equal(made.status, 200);
      const ask = (extra: Record<string, unknown>) =>
        t.call(users.reader, 'POST', '/api/method/frappe.desk.reportview.get', {
          doctype: 'Widget',
          fields: ['`tabWidget`.`name`', '`tabWidget`.`_comments`'],
          order_by: '`tabWidget`.`name` asc',
          ...extra,
        });
      const reply = await ask({ with_comment_count: 1 });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const { keys, values } = reply.body.message;
      assert.deepEqual(keys, ['name', '_comments', '_comment_count']);
      const counts = Object.fromEntries(values.map((v: Json[]) => [v[0], v[2]]));
      assert.deepEqual(counts, { Gear: (await kept()).length, Quiet: 0 });
      assert.ok(counts.Gear >= 4);
      const plain = await ask({});
      assert.deepEqual(plain.body.message.keys, ['name', '_comments']);
      const asList = await t.call(users.reader, 'POST', '/api/method/frappe.desk.reportview.get_list', {
        doctype: 'Widget',
        fields: ['name', '_comments'],
        filters: { name: 'Gear' },
        with_comment_count: true,
      });
      assert.equal(asList.body.message[0]._comment_count, counts.Gear);
    });
  });
}
