import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { schemaAdapter } from '../../src/db/index.ts';
import {
  DoesNotExistError,
  DuplicateEntryError,
  LinkExistsError,
  NameError,
  PermissionError,
  ValidationError,
} from '../../src/errors/index.ts';
import { deleteDoc, getDoc, insertDoc, saveDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: DocType as a document`, () => {
    let s: ModelSite;
    before(async () => {
      s = await openModelSite(kind);
    });
    after(() => s.close());

    test('inserting a DocType document creates its table, stores its meta, and its documents work', async () => {
      const name = uniqueName('Note');
      const created = await s.as('Administrator', (ctx) =>
        insertDoc(ctx, {
          doctype: 'DocType',
          name,
          module: 'Custom',
          fields: [
            { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
            { fieldname: 'body', fieldtype: 'Text Editor', label: 'Body' },
            { fieldname: 'rating', fieldtype: 'Int', label: 'Rating' },
          ],
        }),
      );
      assert.equal(created.name, name);
      assert.equal(created.custom, 1);
      // No rules given: System Manager gets the default rule.
      assert.deepEqual(
        (created.permissions as Array<Record<string, unknown>>).map((p) => [
          p.role,
          p.read,
          p.write,
          p.create,
        ]),
        [['System Manager', 1, 1, 1]],
      );
      const info = await schemaAdapter(kind).describe(s.db, `tab${name}`);
      assert.ok(info, 'table exists');
      assert.ok(info.columns.has('title') && info.columns.has('body') && info.columns.has('rating'));

      const note = await s.as('Administrator', (ctx) =>
        insertDoc(ctx, { doctype: name, title: 'Hello', rating: '4' }),
      );
      assert.equal(note.title, 'Hello');
      assert.equal(note.rating, 4);
      const read = await s.as('Administrator', (ctx) => getDoc(ctx, name, String(note.name)));
      assert.deepEqual(read, note);
      const meta = await s.as('Administrator', (ctx) => getDoc(ctx, 'DocType', name));
      assert.deepEqual(
        (meta.fields as Array<Record<string, unknown>>).map((f) => f.fieldname),
        ['title', 'body', 'rating'],
      );
    });

    test('changing a field syncs its column and keeps the data', async () => {
      const name = await s.defineDocType({
        name: uniqueName('Item'),
        fields: [
          { fieldname: 'code', fieldtype: 'Data', label: 'Code' },
          { fieldname: 'qty', fieldtype: 'Data', label: 'Qty' },
        ],
      });
      const item = await s.as('Administrator', (ctx) =>
        insertDoc(ctx, { doctype: name, code: 'A-1', qty: '12' }),
      );
      await s.as('Administrator', async (ctx) => {
        const dt = await getDoc(ctx, 'DocType', name);
        const fields = dt.fields as Array<Record<string, unknown>>;
        fields[1]!.fieldtype = 'Int';
        fields.push({ fieldname: 'price', fieldtype: 'Currency', label: 'Price' });
        await saveDoc(ctx, dt);
      });
      const info = await schemaAdapter(kind).describe(s.db, `tab${name}`);
      assert.ok(info?.columns.has('price'), 'the new column exists');
      assert.match(info!.columns.get('qty')!.type, /int/);
      const read = await s.as('Administrator', (ctx) => getDoc(ctx, name, String(item.name)));
      assert.equal(read.qty, 12);
      assert.equal(read.code, 'A-1');
      assert.equal(read.price, 0);
      // The new meta is used at once: a write of the new field works.
      const saved = await s.as('Administrator', (ctx) => saveDoc(ctx, { ...read, price: 9.5 }));
      assert.equal(saved.price, 9.5);
    });

    test('an invalid definition is refused with the right error', async () => {
      const attempt = (def: Record<string, unknown>) =>
        rejection(s.defineDocType({ name: uniqueName('Bad'), fields: [], ...def }));
      const cases: Array<[Record<string, unknown>, new (...args: never[]) => Error, RegExp]> = [
        [
          { fields: [{ fieldname: 'Title', fieldtype: 'Data' }] },
          ValidationError,
          /Fieldname Title is not valid/,
        ],
        [{ fields: [{ fieldname: '9lives', fieldtype: 'Data' }] }, ValidationError, /not valid/],
        [{ fields: [{ fieldname: 'owner', fieldtype: 'Data' }] }, ValidationError, /restricted/],
        [
          {
            fields: [
              { fieldname: 'a', fieldtype: 'Data' },
              { fieldname: 'a', fieldtype: 'Int' },
            ],
          },
          ValidationError,
          /appears multiple times/,
        ],
        [{ fields: [{ fieldname: 'a', fieldtype: 'Datum' }] }, ValidationError, /Fieldtype/],
        [
          { fields: [{ fieldname: 'a', fieldtype: 'Link', options: 'Nope' }] },
          ValidationError,
          /existing DocType/,
        ],
        [
          { fields: [{ fieldname: 'a', fieldtype: 'Table', options: 'User' }] },
          ValidationError,
          /child DocType/,
        ],
        [{ fields: [{ fieldname: 'a', fieldtype: 'Text', unique: 1 }] }, ValidationError, /cannot be unique/],
        [
          { fields: [{ fieldname: 'a', fieldtype: 'Data' }], autoname: 'field:b' },
          ValidationError,
          /autoname/,
        ],
        [{ fields: [], autoname: 'weird rule' }, ValidationError, /Invalid naming rule/],
        [{ name: '1st Thing' }, NameError, /should start with a letter/],
      ];
      for (const [def, type, message] of cases) {
        const error = await attempt(def);
        assert.ok(error instanceof type, `${JSON.stringify(def)} gave ${error.name}: ${error.message}`);
        assert.match(error.message, message);
      }
    });

    test('a DocType name must be free', async () => {
      const name = await s.defineDocType({ name: uniqueName('Once'), fields: [] });
      const error = await rejection(s.defineDocType({ name, fields: [] }));
      assert.ok(error instanceof DuplicateEntryError);
      assert.equal((error as unknown as DuplicateEntryError).status, 409);
    });

    test('standard DocTypes cannot be changed or deleted through documents', async () => {
      const change = await rejection(
        s.as('Administrator', async (ctx) =>
          saveDoc(ctx, { ...(await getDoc(ctx, 'DocType', 'ToDo')), description: 'x' }),
        ),
      );
      assert.ok(change instanceof ValidationError);
      const remove = await rejection(s.as('Administrator', (ctx) => deleteDoc(ctx, 'DocType', 'ToDo')));
      assert.ok(remove instanceof ValidationError);
    });

    test('only users allowed to create DocTypes can define one', async () => {
      const user = await s.user('designer@example.com', ['Blogger']);
      const error = await rejection(
        s.as(user, (ctx) =>
          insertDoc(ctx, { doctype: 'DocType', name: uniqueName('Mine'), module: 'Custom', fields: [] }),
        ),
      );
      assert.ok(error instanceof PermissionError);
    });

    test('child DocTypes hold rows of a parent and cannot be deleted while used', async () => {
      const line = await s.defineDocType({
        name: uniqueName('Line'),
        istable: 1,
        fields: [{ fieldname: 'item', fieldtype: 'Data', label: 'Item', reqd: 1 }],
      });
      const order = await s.defineDocType({
        name: uniqueName('Order'),
        fields: [{ fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: line }],
      });
      const childMeta = await s.as('Administrator', (ctx) => getDoc(ctx, 'DocType', line));
      assert.deepEqual(childMeta.permissions, []);
      const info = await schemaAdapter(kind).describe(s.db, `tab${line}`);
      assert.ok(info?.columns.has('parent') && info.columns.has('parentfield'));
      const doc = await s.as('Administrator', (ctx) =>
        insertDoc(ctx, { doctype: order, lines: [{ item: 'x' }] }),
      );
      assert.equal((doc.lines as unknown[]).length, 1);
      const error = await rejection(s.as('Administrator', (ctx) => deleteDoc(ctx, 'DocType', line)));
      assert.ok(error instanceof LinkExistsError);
      assert.match(error.message, new RegExp(order));
    });

    test('deleting a DocType with records is refused unless forced, then drops its table', async () => {
      const name = await s.defineDocType({
        name: uniqueName('Temp'),
        fields: [{ fieldname: 'v', fieldtype: 'Data', label: 'V' }],
      });
      await s.as('Administrator', (ctx) => insertDoc(ctx, { doctype: name, v: 'keep me' }));
      const refused = await rejection(s.as('Administrator', (ctx) => deleteDoc(ctx, 'DocType', name)));
      assert.ok(refused instanceof ValidationError);
      assert.match(refused.message, /has 1 record/);
      assert.ok(await schemaAdapter(kind).describe(s.db, `tab${name}`), 'table kept');

      await s.as('Administrator', (ctx) => deleteDoc(ctx, 'DocType', name, { force: true }));
      assert.equal(await schemaAdapter(kind).describe(s.db, `tab${name}`), undefined);
      const gone = await rejection(s.as('Administrator', (ctx) => getDoc(ctx, 'DocType', name)));
      assert.ok(gone instanceof DoesNotExistError);
      const noMeta = await rejection(
        s.as('Administrator', (ctx) => insertDoc(ctx, { doctype: name, v: 'x' })),
      );
      assert.match(noMeta.message, /not found/);
    });

    test('an empty custom DocType is deleted without force', async () => {
      const name = await s.defineDocType({ name: uniqueName('Empty'), fields: [] });
      await s.as('Administrator', (ctx) => deleteDoc(ctx, 'DocType', name));
      assert.equal(await schemaAdapter(kind).describe(s.db, `tab${name}`), undefined);
    });

    test('a submittable DocType gets an amended_from field', async () => {
      const name = await s.defineDocType({ name: uniqueName('Invoice'), is_submittable: 1, fields: [] });
      const dt = await s.as('Administrator', (ctx) => getDoc(ctx, 'DocType', name));
      const amended = (dt.fields as Array<Record<string, unknown>>).find(
        (f) => f.fieldname === 'amended_from',
      );
      assert.deepEqual([amended?.fieldtype, amended?.options, amended?.no_copy], ['Link', name, 1]);
      const perm = (dt.permissions as Array<Record<string, unknown>>)[0]!;
      assert.deepEqual([perm.submit, perm.cancel, perm.amend], [1, 1, 1]);
    });
  });
}
