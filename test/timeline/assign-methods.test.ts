// frappe.desk.form.assign_to.add / remove / close / get / add_multiple through the backend, as the desk sends
// them, on every database: the ToDo, `_assign`, the timeline comments, the assignee's notification, the
// docinfo_update events, and refusals that change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { createTimelineSite, excType, type Json, people, type TimelineSite } from './support.ts';

const add = 'frappe.desk.form.assign_to.add';

for (const kind of databases) {
  describe(`assignments (${kind})`, () => {
    let t: TimelineSite;
    before(async () => {
      t = await createTimelineSite(kind);
    });
    after(() => t.close());

    it('assigns a reader: an open ToDo, _assign, an Assigned comment, a notification and docinfo events', async () => {
      const note = await t.note('Assign One');
      const reply = await t.ok(people.editor, add, {
        assign_to: [people.viewer],
        doctype: 'Field Note',
        name: note,
        description: 'Check <b>this</b>',
        priority: 'High',
        date: '2030-01-02',
      });
      const todos = await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note });
      assert.equal(todos.length, 1);
      const todo = todos[0];
      assert.equal(todo.allocated_to, people.viewer);
      assert.equal(todo.assigned_by, people.editor);
      assert.equal(todo.status, 'Open');
      assert.equal(todo.priority, 'High');
      assert.equal(String(todo.date).slice(0, 10), '2030-01-02');
      assert.equal(todo.description, 'Check &lt;b&gt;this&lt;/b&gt;');
      assert.deepEqual(reply, [{ owner: people.viewer, name: todo.name }]);

      const [doc] = await t.rows('Field Note', { name: note });
      assert.equal(doc._assign, `["${people.viewer}"]`);
      assert.equal(doc.assigned_to, people.viewer);
      // Frappe's set_value of the DocType's own `assigned_to` field moves `modified` (`_assign` alone does not).
      assert.notEqual(String(doc.modified), '');

      const comments = await t.rows('Comment', { reference_doctype: 'Field Note', reference_name: note });
      assert.deepEqual(
        comments.map((c: Json) => [c.comment_type, c.comment_email]),
        [['Assigned', people.editor]],
      );
      assert.match(comments[0].content, /editor Tester assigned viewer Tester: Check &lt;b&gt;/);

      const notes = await t.rows('Notification Log', { for_user: people.viewer });
      assert.equal(notes.length, 1);
      assert.equal(notes[0].type, 'Assignment');
      assert.equal(notes[0].from_user, people.editor);
      assert.equal(notes[0].document_type, 'Field Note');
      assert.equal(notes[0].document_name, note);
      assert.match(
        notes[0].subject,
        /<strong>editor Tester<\/strong> assigned a new task <strong>Field Note<\/strong>/,
      );

      const assignment = await t.docinfo('Field Note', note, 'assignments', 'add');
      assert.equal(assignment.doc.name, todo.name);
      assert.equal(assignment.doc.owner, people.viewer);
      assert.equal(assignment.doc.reference_doctype, 'Field Note');
      assert.equal(assignment.doc.reference_name, note);
      const log = await t.docinfo('Field Note', note, 'assignment_logs', 'add');
      assert.equal(log.doc.comment_type, 'Assigned');
    });

    it('skips a user already assigned, and assigns several at once in order', async () => {
      const note = await t.note('Assign Two');
      await t.ok(people.editor, add, { assign_to: [people.viewer], doctype: 'Field Note', name: note });
      const reply = await t.ok(people.editor, add, {
        assign_to: [people.viewer, people.editor],
        doctype: 'Field Note',
        name: note,
      });
      const todos = await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note });
      assert.equal(todos.length, 2);
      assert.deepEqual(new Set(reply.map((a: Json) => a.owner)), new Set([people.viewer, people.editor]));
      const [doc] = await t.rows('Field Note', { name: note });
      assert.deepEqual(new Set(JSON.parse(doc._assign)), new Set([people.viewer, people.editor]));
      // The editor assigned themselves: no notification about their own action.
      assert.equal((await t.rows('Notification Log', { for_user: people.editor })).length, 0);
    });

    it('shares the document (read) with an assignee who cannot read it', async () => {
      const note = await t.note('Assign Share');
      await t.ok(people.editor, add, { assign_to: [people.assignee], doctype: 'Field Note', name: note });
      const shares = await t.rows('DocShare', { share_doctype: 'Field Note', share_name: note });
      assert.equal(shares.length, 1);
      assert.equal(shares[0].user, people.assignee);
      assert.equal(Number(shares[0].read), 1);
      assert.equal(Number(shares[0].write), 0);
      const read = await t.call(
        people.assignee,
        'frappe.client.get',
        { doctype: 'Field Note', name: note },
        'GET',
      );
      assert.equal(read.statusCode, 200, 'the assignee can now open it');
    });

    it('refuses an assignee who cannot read it when the assigner may not share: nothing changed', async () => {
      const note = await t.note('Assign Refused');
      const response = await t.call(people.viewer, add, {
        assign_to: [people.assignee],
        doctype: 'Field Note',
        name: note,
      });
      assert.equal(response.statusCode, 403);
      assert.equal(excType(response), 'PermissionError');
      assert.deepEqual(await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note }), []);
      assert.deepEqual(await t.rows('DocShare', { share_doctype: 'Field Note', share_name: note }), []);
      assert.equal((await t.rows('Field Note', { name: note }))[0]._assign, null);
    });

    it('refuses a user who cannot read the document, and a document that does not exist', async () => {
      const note = await t.note('Assign Outsider');
      for (const method of [add, 'frappe.desk.form.assign_to.get', 'frappe.desk.form.assign_to.remove']) {
        const response = await t.call(people.outsider, method, {
          assign_to: method === add ? [people.editor] : people.editor,
          doctype: 'Field Note',
          name: note,
        });
        assert.equal(response.statusCode, 403, method);
        assert.equal(excType(response), 'PermissionError');
        assert.ok((response.json() as Json)._server_messages, 'Frappe envelope');
      }
      assert.deepEqual(await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note }), []);
      const missing = await t.call(people.editor, add, {
        assign_to: [people.viewer],
        doctype: 'Field Note',
        name: 'No Such Note',
      });
      assert.equal(missing.statusCode, 404);
      const hostile = await t.call(people.editor, add, {
        assign_to: '{"a":1}',
        doctype: 'Field Note',
        name: note,
      });
      assert.equal(hostile.statusCode, 417);
      const nobody = await t.call(people.editor, add, {
        assign_to: ['ghost@example.com'],
        doctype: 'Field Note',
        name: note,
      });
      assert.equal(nobody.statusCode, 417);
      assert.deepEqual(await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note }), []);
    });

    it('removes an assignment: Cancelled, _assign emptied, a comment, a notification and a delete event', async () => {
      const note = await t.note('Assign Remove');
      await t.ok(people.editor, add, { assign_to: [people.viewer], doctype: 'Field Note', name: note });
      const reply = await t.ok(people.editor, 'frappe.desk.form.assign_to.remove', {
        doctype: 'Field Note',
        name: note,
        assign_to: people.viewer,
      });
      assert.deepEqual(reply, []);
      const [todo] = await t.rows('ToDo', { reference_type: 'Field Note', reference_name: note });
      assert.equal(todo.status, 'Cancelled');
      const [doc] = await t.rows('Field Note', { name: note });
      assert.equal(doc._assign, '[]');
      assert.equal(doc.assigned_to, null);
      const comments = await t.rows('Comment', { reference_doctype: 'Field Note', reference_name: note });
      assert.deepEqual(
        comments.map((c: Json) => c.comment_type),
        ['Assigned', 'Assignment Completed'],
      );
      assert.match(comments[1].content, /Assignment of viewer Tester removed by editor Tester/);
      const notes = await t.rows('Notification Log', { for_user: people.viewer, document_name: note });
      assert.equal(notes.length, 2);
      assert.ok(notes.some((n: Json) => /has been removed by/.test(n.subject)));
      const update = await t.docinfo('Field Note', note, 'assignments', 'delete');
      assert.equal(update.doc.name, todo.name);
    });

    it('close: only the assignee completes their assignment', async () => {
      const note = await t.note('Assign Close');
      await t.ok(people.editor, add, { assign_to: [people.viewer], doctype: 'Field Note', name: note });
      const wrong = await t.call(people.editor, 'frappe.desk.form.assign_to.close', {
        doctype: 'Field Note',
        name: note,
        assign_to: people.viewer,
      });
      assert.equal(wrong.statusCode, 417);
      assert.equal((await t.rows('ToDo', { reference_name: note }))[0].status, 'Open');
      await t.ok(people.viewer, 'frappe.desk.form.assign_to.close', {
        doctype: 'Field Note',
        name: note,
        assign_to: people.viewer,
      });
      assert.equal((await t.rows('ToDo', { reference_name: note }))[0].status, 'Closed');
      const comments = await t.rows('Comment', {
        reference_name: note,
        comment_type: 'Assignment Completed',
      });
      assert.match(comments[0].content, /viewer Tester removed their assignment\./);
      assert.equal((await t.rows('Field Note', { name: note }))[0]._assign, '[]');
    });

    it('add_multiple assigns each listed document; get lists open assignments', async () => {
      const a = await t.note('Multi A');
      const b = await t.note('Multi B');
      await t.ok(people.editor, 'frappe.desk.form.assign_to.add_multiple', {
        doctype: 'Field Note',
        name: [a, b],
        assign_to: [people.viewer],
      });
      for (const note of [a, b]) {
        const got = await t.ok(
          people.viewer,
          'frappe.desk.form.assign_to.get',
          { doctype: 'Field Note', name: note },
          'GET',
        );
        assert.deepEqual(
          got.map((row: Json) => row.owner),
          [people.viewer],
        );
      }
    });
  });
}
