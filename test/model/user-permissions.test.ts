// User Permissions in the document engine: a document they forbid keeps only its owner's `if_owner` rights;
// the read scope says what a list may show; the refusal says why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PermissionError } from '../../src/errors/index.ts';
import { getDoc, insertDoc, readScope, saveDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

const rights = { read: 1, write: 1, create: 1, delete: 0, share: 0 };

for (const kind of databases) {
  describe(`${kind}: User Permissions in the document engine`, () => {
    let s: ModelSite;
    let office: string;
    let memo: string;
    let author: string;
    let editor: string;
    before(async () => {
      s = await openModelSite(kind);
      author = await s.user('author@example.com', ['Memo Author']);
      editor = await s.user('editor@example.com', ['Memo Editor']);
      office = await s.defineDocType({
        name: uniqueName('Office'),
        autoname: 'prompt',
        fields: [{ fieldname: 'city', fieldtype: 'Data', label: 'City' }],
        permissions: [{ role: 'Memo Editor', ...rights }],
      });
      memo = await s.defineDocType({
        name: uniqueName('Memo'),
        fields: [{ fieldname: 'office', fieldtype: 'Link', label: 'Office', options: office }],
        permissions: [
          { role: 'Memo Author', ...rights, if_owner: 1 },
          { role: 'Memo Editor', ...rights },
        ],
      });
      for (const name of ['Paris', 'Oslo'])
        await s.as('Administrator', (ctx) => insertDoc(ctx, { doctype: office, name }));
      for (const user of [author, editor])
        await s.as('Administrator', (ctx) =>
          insertDoc(ctx, { doctype: 'User Permission', user, allow: office, for_value: 'Paris' }),
        );
    });
    after(() => s.close());

    test('the owner keeps their if_owner rights on a document the rows forbid; others lose all', async () => {
      const written = await s.as('Administrator', async (ctx) => {
        const doc = await insertDoc(ctx, { doctype: memo, office: 'Oslo' });
        await ctx.db.run(
          `UPDATE ${ctx.db.dialect.quote(`tab${memo}`)} SET ${ctx.db.dialect.quote('owner')} = ?`,
          [author],
        );
        return String(doc.name);
      });
      assert.equal((await s.as(author, (ctx) => getDoc(ctx, memo, written))).office, 'Oslo');
      const refused = await rejection(s.as(editor, (ctx) => getDoc(ctx, memo, written)));
      assert.ok(refused instanceof PermissionError);
      assert.equal(
        refused.message,
        `You are not allowed to access this ${memo} record because it is linked to ${office} 'Oslo' in field Office`,
      );
      const moved = await rejection(
        s.as(editor, async (ctx) =>
          saveDoc(ctx, { ...(await insertDoc(ctx, { doctype: memo, office: 'Paris' })), office: 'Oslo' }),
        ),
      );
      assert.ok(moved instanceof PermissionError, 'a save to a forbidden value is refused');
    });

    test('the read scope limits the Link and the restricted DocType itself; owner-only users keep the owner scope', async () => {
      assert.deepEqual(await s.as(editor, (ctx) => readScope(ctx, memo)), {
        kind: 'restricted',
        links: [{ fieldname: 'office', values: ['Paris'] }],
        shared: { user: editor, everyone: true },
      });
      assert.deepEqual(await s.as(editor, (ctx) => readScope(ctx, office)), {
        kind: 'restricted',
        links: [{ fieldname: 'name', values: ['Paris'] }],
        shared: { user: editor, everyone: true },
      });
      assert.equal((await s.as(author, (ctx) => readScope(ctx, memo))).kind, 'owner');
      assert.deepEqual(await s.as('Administrator', (ctx) => readScope(ctx, memo)), { kind: 'all' });
    });
  });
}
