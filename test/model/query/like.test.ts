// `like` / `not like` through the query engine are case-insensitive for all of Unicode on every database
// (docs/wire.md §6), with Frappe's wildcards and backslash escapes. Only cases the three databases agree on:
// MariaDB's *_ci collations also ignore accents, so no row differs from a pattern by an accent alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syncTable } from '../../../src/db/index.ts';
import type { DocTypeMeta } from '../../../src/db/meta.ts';
import { runCountQuery, runListQuery } from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { createTestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { fixtureDeps, insert, names } from './support.ts';

const placeMeta: DocTypeMeta = {
  name: 'QT Place',
  module: 'Test',
  fields: [{ fieldname: 'title', fieldtype: 'Data' }],
  permissions: [],
};

const places: Record<string, string | null> = {
  p1: 'École Normale',
  p2: 'ÜBER uns',
  p3: 'Ωmega point',
  p4: 'Жук',
  p5: 'ЖУКИ',
  p6: "O'Brien's pub",
  p7: '100% pure',
  p8: 'snake_case',
  p9: 'plain',
  p10: null,
};

for (const kind of databases) {
  describe(`${kind}: like beyond ASCII`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
      await syncTable(t.db, placeMeta);
      for (const [name, title] of Object.entries(places)) await insert(t.db, placeMeta.name, { name, title });
    });
    after(() => t.drop());

    const deps = () => fixtureDeps(t.db, {}, [placeMeta]);
    const where = async (operator: string, pattern: string) =>
      names(
        (
          await runListQuery(
            t.db,
            { doctype: placeMeta.name, filters: [['title', operator, pattern]], limit_page_length: 0 },
            deps(),
          )
        ).data,
      );

    it('folds the case of accented Latin, Greek and Cyrillic letters', async () => {
      assert.deepEqual(await where('like', '%école%'), ['p1']);
      assert.deepEqual(await where('like', 'ÉCOLE NORMALE'), ['p1']);
      assert.deepEqual(await where('like', 'über%'), ['p2']);
      assert.deepEqual(await where('like', '%ΩMEGA%'), ['p3']);
      assert.deepEqual(await where('like', 'ωmega%'), ['p3']);
      assert.deepEqual(await where('like', 'жук%'), ['p4', 'p5']);
      assert.deepEqual(await where('like', 'ЖУК'), ['p4']);
    });

    it('not like is the complement, NULLs included (compared as empty text)', async () => {
      assert.deepEqual(await where('not like', '%ÉCOLE%'), [
        'p10',
        'p2',
        'p3',
        'p4',
        'p5',
        'p6',
        'p7',
        'p8',
        'p9',
      ]);
      assert.deepEqual(await where('not like', 'жук%'), ['p1', 'p10', 'p2', 'p3', 'p6', 'p7', 'p8', 'p9']);
    });

    it('_ is one character and % any run, whatever the script', async () => {
      assert.deepEqual(await where('like', 'ж_к'), ['p4']);
      assert.deepEqual(await where('like', 'ж_к_'), ['p5']);
      assert.deepEqual(await where('like', 'Ω_ega%'), ['p3']);
      assert.deepEqual(await where('like', '%e%a%'), ['p1', 'p3', 'p8']);
    });

    it('a backslash makes % and _ literal', async () => {
      assert.deepEqual(await where('like', '%\\%%'), ['p7']);
      assert.deepEqual(await where('like', '%\\_%'), ['p8']);
      assert.deepEqual(await where('not like', '%\\_%').then((r) => r.includes('p8')), false);
    });

    it('a quote in the value is data', async () => {
      assert.deepEqual(await where('like', "o'brien%"), ['p6']);
      assert.deepEqual(await where('like', "%'S PUB"), ['p6']);
    });

    it('counts with like agree with lists', async () => {
      const { count } = await runCountQuery(
        t.db,
        { doctype: placeMeta.name, filters: [['title', 'like', '%ЖУК%']] },
        deps(),
      );
      assert.equal(count, 2);
    });
  });
}
