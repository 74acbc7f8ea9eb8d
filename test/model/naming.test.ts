import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MandatoryError, NameError, ValidationError } from '../../src/errors/index.ts';
import { createDocContext, insertDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, site, uniqueName } from './support.ts';

const year = String(new Date().getFullYear());

for (const kind of databases) {
  describe(`${kind}: naming`, () => {
    let s: ModelSite;
    before(async () => {
      s = await openModelSite(kind);
    });
    after(() => s.close());

    const define = (
      autoname: string,
      fields: unknown[] = [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
    ) => s.defineDocType({ name: uniqueName('Named'), autoname, fields });
    const insert = (doc: Record<string, unknown> & { doctype: string }) =>
      s.as('Administrator', (ctx) => insertDoc(ctx, doc));

    test('hash: 10 lowercase characters, a client-supplied name ignored', async () => {
      const dt = await define('hash');
      const a = await insert({ doctype: dt, name: 'chosen', title: 'a' });
      assert.match(String(a.name), /^[0-9a-f]{10}$/);
      const b = await insert({ doctype: dt, title: 'b' });
      assert.notEqual(a.name, b.name);
      const none = await define('');
      assert.match(String((await insert({ doctype: none })).name), /^[0-9a-f]{10}$/);
    });

    test('field:<f> names by the field, trimmed; an empty field is a MandatoryError', async () => {
      const dt = await define('field:title');
      const doc = await insert({ doctype: dt, name: 'ignored', title: '  Alpha  ' });
      assert.equal(doc.name, 'Alpha');
      const error = await rejection(insert({ doctype: dt, title: '' }));
      assert.ok(error instanceof MandatoryError);
      assert.match(error.message, /Title is required/);
    });

    test('PREFIX-.##### series count per prefix, with date parts', async () => {
      const dt = await define('NOTE-.#####');
      assert.equal((await insert({ doctype: dt })).name, 'NOTE-00001');
      assert.equal((await insert({ doctype: dt })).name, 'NOTE-00002');
      const dated = await define('D-.YYYY.-.###');
      assert.equal((await insert({ doctype: dated })).name, `D-${year}-001`);
    });

    test('naming_series: uses the naming_series field, or its first option', async () => {
      const dt = await define('naming_series:', [
        { fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options: 'SER-.####\nALT-.####' },
      ]);
      assert.equal((await insert({ doctype: dt })).name, 'SER-0001');
      assert.equal((await insert({ doctype: dt, naming_series: 'ALT-.####' })).name, 'ALT-0001');
      assert.equal((await insert({ doctype: dt })).name, 'SER-0002');
    });

    test('prompt takes __newname or name, and requires one', async () => {
      const dt = await define('prompt');
      assert.equal((await insert({ doctype: dt, __newname: 'First' })).name, 'First');
      assert.equal((await insert({ doctype: dt, name: ' Second ' })).name, 'Second');
      const missing = await rejection(insert({ doctype: dt }));
      assert.ok(missing instanceof ValidationError);
      const bad = await rejection(insert({ doctype: dt, name: 'a<b>' }));
      assert.ok(bad instanceof NameError);
      assert.equal((bad as unknown as NameError).status, 409);
    });

    test('format:PREFIX-{field}-{###} counts per resolved prefix', async () => {
      const dt = await define('format:INV-{title}-{###}');
      assert.equal((await insert({ doctype: dt, title: 'acme' })).name, 'INV-acme-001');
      assert.equal((await insert({ doctype: dt, title: 'acme' })).name, 'INV-acme-002');
      assert.equal((await insert({ doctype: dt, title: 'beta' })).name, 'INV-beta-001');
      const dated = await define('format:LOG-{YYYY}-{####}');
      assert.equal((await insert({ doctype: dated })).name, `LOG-${year}-0001`);
    });

    test('autoincrement gives 1, 2, ... (as numbers on the wire)', async () => {
      const dt = await define('autoincrement');
      const first = await insert({ doctype: dt, name: 'x' });
      const second = await insert({ doctype: dt });
      assert.deepEqual([first.name, second.name], [1, 2]);
    });

    test('a rolled-back insert does not name anything', async () => {
      const dt = await define('R-.##');
      await assert.rejects(
        s.as('Administrator', async (ctx) => {
          await insertDoc(ctx, { doctype: dt });
          throw new Error('rollback');
        }),
        /rollback/,
      );
      assert.equal((await insert({ doctype: dt })).name, 'R-01');
    });

    test('a naming series under concurrent inserts gives distinct names', async () => {
      const dt = await define('CC-.#####');
      // PostgreSQL and MariaDB: separate handles (connections) race for the counter. SQLite: one handle, whose
      // transactions its mutex serialises (more handles in one process would block each other's event loop).
      const handles = kind === 'sqlite' ? [s.db] : [s.db, s.test.reopen(), s.test.reopen(), s.test.reopen()];
      const names = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          handles[i % handles.length]!.transaction((tx) =>
            insertDoc(
              createDocContext({
                site,
                db: tx,
                user: 'Administrator',
                metas: s.metas,
                controllers: s.controllers,
              }),
              { doctype: dt, title: String(i) },
            ),
          ).then((d) => String(d.name)),
        ),
      );
      assert.equal(new Set(names).size, 24);
      assert.deepEqual(
        [...names].sort(),
        Array.from({ length: 24 }, (_, i) => `CC-${String(i + 1).padStart(5, '0')}`),
      );
    });
  });
}
