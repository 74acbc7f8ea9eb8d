// Read scopes beyond owner-only, as the query engine renders them: User Permission limits on Link fields and
// names, documents shared through DocShare (alone, or widening owner and Link limits), on the listed table,
// on the parent of a child table and on joined Link targets; counts agree; cached plans rebind the values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import docShare from '../../../src/core/doctypes/docshare.json' with { type: 'json' };
import type { DocTypeMeta } from '../../../src/db/index.ts';
import { syncTable } from '../../../src/db/index.ts';
import {
  type ListQueryInput,
  QueryCache,
  type ReadScope,
  runCountQuery,
  runListQuery,
} from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, fixtureDeps, insert, names } from './support.ts';

const a = { user: 'a@x', everyone: false };
const aAndEveryone = { user: 'a@x', everyone: true };

for (const kind of databases) {
  describe(`${kind}: shared and restricted read scopes`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createFixture(kind);
      await syncTable(t.db, docShare as unknown as DocTypeMeta);
      const share = (name: string, user: string | null, read: number, everyone = 0) =>
        insert(t.db, 'DocShare', {
          name: `s-${name}-${user ?? 'all'}`,
          share_doctype: 'QT Order',
          share_name: name,
          user,
          read,
          everyone,
        });
      await share('o2', 'a@x', 1);
      await share('o4', null, 1, 1);
      await share('o5', 'b@x', 0); // no read: does not count
      await insert(t.db, 'DocShare', {
        name: 's-other',
        share_doctype: 'QT Customer',
        share_name: 'o1',
        user: 'b@x',
        read: 1,
      });
    });
    after(() => t.drop());

    const list = async (input: Partial<ListQueryInput>, scopes: Record<string, ReadScope>) => {
      const deps = fixtureDeps(t.db, scopes);
      const full = { doctype: 'QT Order', ...input };
      const rows = (await runListQuery(t.db, full, deps)).data as Array<Record<string, unknown>>;
      const { count } = await runCountQuery(t.db, { doctype: full.doctype, parent: full.parent }, deps);
      if (!input.filters && !input.fields) assert.equal(count, rows.length, 'the count agrees with the list');
      return rows;
    };
    const orders = async (scope: ReadScope) => names(await list({}, { 'QT Order': scope }));

    it('lists only shared documents when no role grants read', async () => {
      assert.deepEqual(await orders({ kind: 'shared', shared: a }), ['o2']);
      assert.deepEqual(await orders({ kind: 'shared', shared: aAndEveryone }), ['o2', 'o4']);
      assert.deepEqual(await orders({ kind: 'shared', shared: { user: 'b@x', everyone: false } }), []);
    });

    it('widens an owner scope with the documents shared with the user', async () => {
      assert.deepEqual(await orders({ kind: 'owner', user: 'a@x' }), ['o1', 'o3', 'o5']);
      assert.deepEqual(await orders({ kind: 'owner', user: 'a@x', shared: a }), ['o1', 'o2', 'o3', 'o5']);
      assert.deepEqual(
        await orders({ kind: 'owner', user: 'b@x', shared: { user: 'b@x', everyone: true } }),
        ['o2', 'o4'],
      );
    });

    it('keeps documents whose restricted Links are allowed or empty, and restricted names', async () => {
      const byCustomer = (values: string[], shared?: typeof a): ReadScope => ({
        kind: 'restricted',
        links: [{ fieldname: 'customer', values }],
        shared,
      });
      assert.deepEqual(await orders(byCustomer(['c1'])), ['o1', 'o3', 'o4']);
      assert.deepEqual(await orders(byCustomer(['c1', 'c2'])), ['o1', 'o2', 'o3', 'o4']);
      assert.deepEqual(await orders(byCustomer(['c9'], a)), ['o2', 'o3', 'o5'], 'or shared');
      assert.deepEqual(
        await orders({
          kind: 'restricted',
          links: [
            { fieldname: 'customer', values: ['c1', 'c9'] },
            { fieldname: 'name', values: ['o1', 'o5'] },
          ],
        }),
        ['o1', 'o5'],
        'every limit holds',
      );
    });

    it('limits child rows through their parent, and joined Link targets', async () => {
      const items = await list(
        { doctype: 'QT Order Item', parent: 'QT Order' },
        { 'QT Order': { kind: 'restricted', links: [{ fieldname: 'customer', values: ['c9'] }], shared: a } },
      );
      assert.deepEqual(names(items), ['i3'], 'rows of o2 (shared); o3 and o5 have none');
      const joined = await list(
        {
          fields: ['name', 'customer.customer_name'],
          filters: { name: ['in', ['o1', 'o2']] },
          order_by: 'name',
        },
        { 'QT Customer': { kind: 'restricted', links: [{ fieldname: 'name', values: ['c2'] }] } },
      );
      assert.deepEqual(joined, [
        { name: 'o1', customer_name: null },
        { name: 'o2', customer_name: 'Globex' },
      ]);
    });

    it('ANDs an app condition (permission_query_conditions) on the listed table, the parent and joined targets', async () => {
      const q = t.db.dialect.quote;
      const onOrder = (sql: string) => ({ sql, table: 'tabQT Order' });
      // An OR list: were it not parenthesised, the owner limit would not hold for o2.
      const notO2orO5 = onOrder(
        `${q('tabQT Order')}.${q('name')} = 'o1' OR ${q('tabQT Order')}.${q('name')} = 'o3'`,
      );
      assert.deepEqual(await orders({ kind: 'all', condition: notO2orO5 }), ['o1', 'o3']);
      assert.deepEqual(await orders({ kind: 'owner', user: 'b@x', condition: notO2orO5 }), []);
      assert.deepEqual(await orders({ kind: 'owner', user: 'a@x', condition: notO2orO5 }), ['o1', 'o3']);
      const items = await list(
        { doctype: 'QT Order Item', parent: 'QT Order' },
        { 'QT Order': { kind: 'all', condition: onOrder(`${q('tabQT Order')}.${q('name')} = 'o2'`) } },
      );
      assert.deepEqual(names(items), ['i3']);
      const joined = await list(
        {
          fields: ['name', 'customer.customer_name'],
          filters: { name: ['in', ['o1', 'o2']] },
          order_by: 'name',
        },
        {
          'QT Customer': {
            kind: 'all',
            condition: { sql: `${q('tabQT Customer')}.${q('name')} = 'c2'`, table: 'tabQT Customer' },
          },
        },
      );
      assert.deepEqual(joined, [
        { name: 'o1', customer_name: null },
        { name: 'o2', customer_name: 'Globex' },
      ]);
    });

    it('keeps plans of different conditions apart in the plan cache', async () => {
      const cache = new QueryCache(10);
      const q = t.db.dialect.quote;
      const run = async (scope: ReadScope) =>
        names(
          (
            await runListQuery(
              t.db,
              { doctype: 'QT Order' },
              { ...fixtureDeps(t.db, { 'QT Order': scope }), cache },
            )
          ).data,
        );
      const only = (name: string): ReadScope => ({
        kind: 'all',
        condition: { sql: `${q('tabQT Order')}.${q('name')} = '${name}'`, table: 'tabQT Order' },
      });
      assert.deepEqual(await run(only('o1')), ['o1']);
      assert.deepEqual(await run(only('o2')), ['o2']);
      assert.deepEqual(await run({ kind: 'all' }), ['o1', 'o2', 'o3', 'o4', 'o5']);
      assert.deepEqual(await run(only('o1')), ['o1']);
      assert.equal(cache.hits, 1, 'only the same condition reuses its SQL');
    });

    it('rebinds a cached plan with the values of the scope it is run with', async () => {
      const cache = new QueryCache(10);
      const run = async (scope: ReadScope) =>
        names(
          (
            await runListQuery(
              t.db,
              { doctype: 'QT Order' },
              { ...fixtureDeps(t.db, { 'QT Order': scope }), cache },
            )
          ).data,
        );
      const limit = (values: string[]): ReadScope => ({
        kind: 'restricted',
        links: [{ fieldname: 'customer', values }],
      });
      assert.deepEqual(await run(limit(['c1'])), ['o1', 'o3', 'o4']);
      assert.deepEqual(await run(limit(['c2'])), ['o2', 'o3']);
      assert.equal(cache.hits, 1, 'the same shape reuses its SQL');
      assert.deepEqual(await run(limit(['c2', 'c9'])), ['o2', 'o3', 'o5']);
      assert.deepEqual(await run({ kind: 'owner', user: 'b@x', shared: a }), ['o2', 'o4']);
      assert.deepEqual(await run({ kind: 'owner', user: 'b@x' }), ['o2', 'o4']);
    });
  });
}
