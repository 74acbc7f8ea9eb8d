// frappe.desk.doctype.tag.tag.add_tag / remove_tag / add_tags / get_tags through the backend, as the desk sends
// them, on every database: `_user_tags` in Frappe's `,a,b` form, Tag and Tag Link records, refusals that change
// nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { createTimelineSite, excType, type Json, people, type TimelineSite } from './support.ts';

const tagApi = 'frappe.desk.doctype.tag.tag';

for (const kind of databases) {
  describe(`tags (${kind})`, () => {
    let t: TimelineSite;
    before(async () => {
      t = await createTimelineSite(kind);
    });
    after(() => t.close());

    it('add_tag keeps _user_tags, makes the Tag and a Tag Link, and leaves modified alone', async () => {
      const note = await t.note('Tag One');
      const [stored] = await t.rows('Field Note', { name: note });
      assert.equal(
        await t.ok(people.viewer, `${tagApi}.add_tag`, { tag: 'urgent', dt: 'Field Note', dn: note }),
        'urgent',
      );
      await t.ok(people.viewer, `${tagApi}.add_tag`, {
        tag: 'Blue Sky',
        dt: 'Field Note',
        dn: note,
        color: '#fff',
      });
      await t.ok(people.viewer, `${tagApi}.add_tag`, { tag: 'urgent', dt: 'Field Note', dn: note });
      const [doc] = await t.rows('Field Note', { name: note });
      assert.equal(doc._user_tags, ',urgent,Blue Sky');
      assert.equal(String(doc.modified), String(stored.modified));
      assert.deepEqual((await t.rows('Tag')).map((r: Json) => r.name).sort(), ['Blue Sky', 'urgent']);
      const links = await t.rows('Tag Link', { document_type: 'Field Note', document_name: note });
      assert.deepEqual(links.map((l: Json) => [l.tag, l.title]).sort(), [
        ['Blue Sky', 'Tag One'],
        ['urgent', 'Tag One'],
      ]);
      const event = await t.docinfo('Field Note', note, 'tags', 'add', (d) => d.tag === 'urgent');
      assert.equal(event.doc.reference_name, note);
    });

    it('remove_tag drops the tag whatever its case, and its Tag Link', async () => {
      const note = await t.note('Tag Two');
      await t.ok(people.editor, `${tagApi}.add_tag`, { tag: 'alpha', dt: 'Field Note', dn: note });
      await t.ok(people.editor, `${tagApi}.add_tag`, { tag: 'beta', dt: 'Field Note', dn: note });
      await t.ok(people.editor, `${tagApi}.remove_tag`, { tag: 'ALPHA', dt: 'Field Note', dn: note });
      assert.equal((await t.rows('Field Note', { name: note }))[0]._user_tags, ',beta');
      const links = await t.rows('Tag Link', { document_type: 'Field Note', document_name: note });
      assert.deepEqual(
        links.map((l: Json) => l.tag),
        ['beta'],
      );
      await t.docinfo('Field Note', note, 'tags', 'delete', (d) => d.tag === 'alpha');
      await t.ok(people.editor, `${tagApi}.remove_tag`, { tag: 'beta', dt: 'Field Note', dn: note });
      assert.equal((await t.rows('Field Note', { name: note }))[0]._user_tags, '');
    });

    it('add_tags tags several documents; get_tags finds tags by part of the name', async () => {
      const a = await t.note('Tags A');
      const b = await t.note('Tags B');
      await t.ok(people.editor, `${tagApi}.add_tags`, {
        tags: ['north', 'south'],
        dt: 'Field Note',
        docs: [a, b],
      });
      for (const note of [a, b])
        assert.equal((await t.rows('Field Note', { name: note }))[0]._user_tags, ',north,south');
      const found = await t.ok(
        people.viewer,
        `${tagApi}.get_tags`,
        { doctype: 'Field Note', txt: 'OUT' },
        'GET',
      );
      assert.deepEqual(found, ['south']);
    });

    it('refuses a document the user cannot read, and bad tag names: nothing changed', async () => {
      const note = await t.note('Tag Refused');
      const denied = await t.call(people.outsider, `${tagApi}.add_tag`, {
        tag: 'secret-tag',
        dt: 'Field Note',
        dn: note,
      });
      assert.equal(denied.statusCode, 403);
      assert.equal(excType(denied), 'PermissionError');
      const removal = await t.call(people.outsider, `${tagApi}.remove_tag`, {
        tag: 'x',
        dt: 'Field Note',
        dn: note,
      });
      assert.equal(removal.statusCode, 403);
      for (const tag of ['a,b', '   ', 'x'.repeat(141), 'line\nbreak']) {
        const bad = await t.call(people.editor, `${tagApi}.add_tag`, { tag, dt: 'Field Note', dn: note });
        assert.equal(bad.statusCode, 417, JSON.stringify(tag));
        assert.equal(excType(bad), 'ValidationError');
      }
      assert.equal((await t.rows('Field Note', { name: note }))[0]._user_tags, null);
      assert.deepEqual(await t.rows('Tag', { name: 'secret-tag' }), []);
      assert.deepEqual(await t.rows('Tag Link', { document_name: note }), []);
    });

    it("a deleted document's Tag Links go with it", async () => {
      const note = await t.note('Tag Deleted');
      await t.ok(people.editor, `${tagApi}.add_tag`, { tag: 'gone', dt: 'Field Note', dn: note });
      await t.ok('Administrator', 'frappe.client.delete', { doctype: 'Field Note', name: note });
      assert.deepEqual(await t.rows('Tag Link', { document_name: note }), []);
      assert.equal((await t.rows('Tag', { name: 'gone' })).length, 1, 'the Tag itself stays');
    });
  });
}
