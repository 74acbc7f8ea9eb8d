// frappe.desk.like.toggle_like through the backend, as the desk sends it, on every database: `_liked_by`, the
// Like comment and its docinfo_update, refusal on a document the user cannot read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { createTimelineSite, excType, people, type TimelineSite } from './support.ts';

const toggle = 'frappe.desk.like.toggle_like';

for (const kind of databases) {
  describe(`likes (${kind})`, () => {
    let t: TimelineSite;
    before(async () => {
      t = await createTimelineSite(kind);
    });
    after(() => t.close());

    it('a like adds the user to _liked_by and a Like comment; unliking takes both away', async () => {
      const note = await t.note('Like One');
      const [stored] = await t.rows('Field Note', { name: note });
      await t.ok(people.viewer, toggle, { doctype: 'Field Note', name: note, add: 'Yes' });
      await t.ok(people.editor, toggle, { doctype: 'Field Note', name: note, add: 'Yes' });
      await t.ok(people.viewer, toggle, { doctype: 'Field Note', name: note, add: 'Yes' });
      let [doc] = await t.rows('Field Note', { name: note });
      assert.deepEqual(JSON.parse(doc._liked_by), [people.viewer, people.editor]);
      assert.equal(String(doc.modified), String(stored.modified));
      const likes = await t.rows('Comment', { reference_name: note, comment_type: 'Like' });
      assert.deepEqual(
        likes.map((c) => [c.comment_email, c.content]),
        [
          [people.viewer, 'Liked'],
          [people.editor, 'Liked'],
        ],
      );
      const added = await t.docinfo('Field Note', note, 'like_logs', 'add');
      assert.equal(added.doc.comment_type, 'Like');

      await t.ok(people.viewer, toggle, { doctype: 'Field Note', name: note, add: 'No' });
      [doc] = await t.rows('Field Note', { name: note });
      assert.equal(doc._liked_by, `["${people.editor}"]`);
      const left = await t.rows('Comment', { reference_name: note, comment_type: 'Like' });
      assert.deepEqual(
        left.map((c) => c.comment_email),
        [people.editor],
      );
      await t.docinfo('Field Note', note, 'like_logs', 'delete', (d) => d.comment_email === people.viewer);
    });

    it('refuses a document the user cannot read: nothing changed', async () => {
      const note = await t.note('Like Refused');
      const response = await t.call(people.outsider, toggle, {
        doctype: 'Field Note',
        name: note,
        add: 'Yes',
      });
      assert.equal(response.statusCode, 403);
      assert.equal(excType(response), 'PermissionError');
      assert.equal((await t.rows('Field Note', { name: note }))[0]._liked_by, null);
      assert.deepEqual(await t.rows('Comment', { reference_name: note }), []);
      const missing = await t.call(people.editor, toggle, {
        doctype: 'Field Note',
        name: 'Nope',
        add: 'Yes',
      });
      assert.equal(missing.statusCode, 404);
    });
  });
}
