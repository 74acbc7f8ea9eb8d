// frappe.share.add / remove / set_permission as the desk sends them, on every database: the user shared with
// gets a Notification Log (type Share) when `notify` is set, open forms get docinfo_update (key `shared`), and
// the timeline Shared / Unshared comments; a user without share right changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { createTimelineSite, excType, people, type TimelineSite } from './support.ts';

for (const kind of databases) {
  describe(`shares (${kind})`, () => {
    let t: TimelineSite;
    before(async () => {
      t = await createTimelineSite(kind);
    });
    after(() => t.close());

    it('sharing with notify: a Share notification, a Shared comment and docinfo add/update/delete', async () => {
      const note = await t.note('Share One');
      const share = await t.ok(people.editor, 'frappe.share.add', {
        doctype: 'Field Note',
        name: note,
        user: people.assignee,
        read: 1,
        write: 0,
        share: 0,
        notify: 1,
      });
      const notes = await t.rows('Notification Log', { for_user: people.assignee, document_name: note });
      assert.equal(notes.length, 1);
      assert.equal(notes[0].type, 'Share');
      assert.equal(notes[0].from_user, people.editor);
      assert.match(
        notes[0].subject,
        /<strong>editor Tester<\/strong> shared a document <strong>Field Note<\/strong>/,
      );
      const comments = await t.rows('Comment', { reference_name: note, comment_type: 'Shared' });
      assert.match(comments[0]?.content, /editor Tester shared this document with assignee Tester/);
      const added = await t.docinfo('Field Note', note, 'shared', 'add');
      assert.equal(added.doc.name, share.name);
      assert.equal(added.doc.user, people.assignee);
      assert.equal(added.doc.read, 1);

      await t.ok(people.editor, 'frappe.share.set_permission', {
        doctype: 'Field Note',
        name: note,
        user: people.assignee,
        permission_to: 'write',
        value: 1,
      });
      const updated = await t.docinfo('Field Note', note, 'shared', 'update');
      assert.equal(updated.doc.write, 1);
      assert.equal(
        (await t.rows('Notification Log', { for_user: people.assignee })).length,
        1,
        'one notice only',
      );

      await t.ok(people.editor, 'frappe.share.remove', {
        doctype: 'Field Note',
        name: note,
        user: people.assignee,
      });
      const removed = await t.docinfo('Field Note', note, 'shared', 'delete');
      assert.equal(removed.doc.name, share.name);
      assert.equal((await t.rows('Comment', { reference_name: note, comment_type: 'Unshared' })).length, 1);
    });

    it('without notify, and sharing with oneself, nobody is notified', async () => {
      const note = await t.note('Share Quiet');
      await t.ok(people.editor, 'frappe.share.add', {
        doctype: 'Field Note',
        name: note,
        user: people.viewer,
        read: 1,
      });
      await t.ok(people.editor, 'frappe.share.add', {
        doctype: 'Field Note',
        name: note,
        user: people.editor,
        read: 1,
        notify: 1,
      });
      assert.deepEqual(await t.rows('Notification Log', { document_name: note }), []);
      await t.docinfo('Field Note', note, 'shared', 'add', (d) => d.user === people.viewer);
    });

    it('refuses a user without share right: nothing changed, nobody notified', async () => {
      const note = await t.note('Share Refused');
      for (const user of [people.viewer, people.outsider]) {
        const response = await t.call(user, 'frappe.share.add', {
          doctype: 'Field Note',
          name: note,
          user: people.assignee,
          read: 1,
          notify: 1,
        });
        assert.equal(response.statusCode, 403, user);
        assert.equal(excType(response), 'PermissionError');
      }
      assert.deepEqual(await t.rows('DocShare', { share_name: note }), []);
      assert.deepEqual(await t.rows('Notification Log', { document_name: note }), []);
      assert.deepEqual(await t.rows('Comment', { reference_name: note }), []);
    });
  });
}
