// The compiled-SQL cache: equal shapes reuse one SQL string and only rebind values; anything that changes
// the SQL (a meta change, an operator, a NULL-sensitive value, a scope) compiles anew.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeMeta } from '../../../src/db/index.ts';
import {
  compileListQuery,
  QueryCache,
  type QueryDeps,
  runListQuery,
} from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, customerMeta, fixtureDeps, names, orderMeta } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: compiled query cache`, () => {
    let t: TestDatabase;
    let cache: QueryCache;
    let deps: QueryDeps;
    before(async () => {
      t = await createFixture(kind);
    });
    after(() => t.drop());

    const fresh = () => {
      cache = new QueryCache(10);
      deps = { ...fixtureDeps(t.db), cache };
    };

    it('reuses the SQL of an equal shape and binds the new values', async () => {
      fresh();
      const input = (status: string, limit: number, start = 0) => ({
        doctype: 'QT Order',
        fields: ['name', 'customer.customer_name'],
        filters: { status },
        order_by: 'name asc',
        limit,
        limit_start: start,
      });
      const first = await compileListQuery(input('Open', 5), deps);
      const second = await compileListQuery(input('Closed', 5, 1), deps);
      assert.equal(second.sql, first.sql);
      assert.deepEqual(first.params, ['Open', 0]);
      assert.deepEqual(second.params, ['Closed', 1]);
      assert.deepEqual([cache.hits, cache.misses, cache.size], [1, 1, 1]);
      assert.deepEqual(names((await runListQuery(t.db, input('Closed', 5), deps)).data), ['o2']);
      assert.deepEqual(names((await runListQuery(t.db, input('Open', 5), deps)).data), ['o1', 'o3', 'o5']);
      assert.deepEqual(names((await runListQuery(t.db, input('Open', 5, 1), deps)).data), ['o3', 'o5']);
    });

    it('writes the page length into the statement of the shared plan', async () => {
      fresh();
      const input = (limit: number) => ({
        doctype: 'QT Order',
        filters: { status: 'Open' },
        order_by: 'name asc',
        limit,
      });
      // The page length is part of the SQL, not a bound parameter (SQLite would re-plan the statement on every run).
      const two = await compileListQuery(input(2), deps);
      assert.match(two.sql, / LIMIT 2 OFFSET \?$/);
      assert.deepEqual(names((await runListQuery(t.db, input(2), deps)).data), ['o1', 'o3']);
      assert.deepEqual(names((await runListQuery(t.db, input(1), deps)).data), ['o1']);
      assert.deepEqual(
        names((await runListQuery(t.db, input(0), deps)).data),
        ['o1', 'o3', 'o5'],
        '0: no limit',
      );
      // Many page lengths still answer right, from one cached plan per shape (paged and unpaged).
      for (let n = 1; n <= 12; n++)
        assert.equal((await runListQuery(t.db, input(n), deps)).data.length, Math.min(n, 3));
      assert.equal(cache.size, 2);
    });

    it('compiles anew when the SQL would differ', async () => {
      fresh();
      await compileListQuery({ doctype: 'QT Order', filters: { title: 'Alpha' } }, deps);
      // '' compares NULL too, so it is another variant; another operator is another shape.
      await compileListQuery({ doctype: 'QT Order', filters: { title: '' } }, deps);
      await compileListQuery({ doctype: 'QT Order', filters: { title: ['!=', 'Alpha'] } }, deps);
      await compileListQuery({ doctype: 'QT Order', filters: { title: ['in', ['a', 'b']] } }, deps);
      await compileListQuery({ doctype: 'QT Order', filters: { title: ['in', ['a', 'b', 'c']] } }, deps);
      await compileListQuery({ doctype: 'QT Order', filters: { title: 'Alpha' }, limit: 0 }, deps);
      assert.equal(cache.misses, 6);
      await compileListQuery({ doctype: 'QT Order', filters: { title: 'Beta' } }, deps);
      assert.equal(cache.hits, 1);
    });

    it('follows meta changes and read scopes of joined Link targets', async () => {
      fresh();
      const input = { doctype: 'QT Order', fields: ['name', 'customer.city'], filters: { name: 'o2' } };
      const metas = new Map<string, DocTypeMeta>([
        ['QT Order', orderMeta],
        ['QT Customer', customerMeta],
      ]);
      let customerScope: { kind: 'all' } | { kind: 'owner'; user: string } = { kind: 'all' };
      const live: QueryDeps = {
        ...deps,
        getMeta: async (d) => metas.get(d),
        readScope: (d) => (d === 'QT Customer' ? customerScope : { kind: 'all' }),
      };
      assert.deepEqual((await runListQuery(t.db, input, live)).data, [{ name: 'o2', city: 'Paris' }]);
      customerScope = { kind: 'owner', user: 'a@x' };
      assert.deepEqual((await runListQuery(t.db, input, live)).data, [{ name: 'o2', city: null }]);
      customerScope = { kind: 'owner', user: 'b@x' };
      assert.deepEqual((await runListQuery(t.db, input, live)).data, [{ name: 'o2', city: 'Paris' }]);
      // The Link target loses its field: the cached SQL must not be reused.
      metas.set('QT Customer', {
        ...customerMeta,
        fields: customerMeta.fields.filter((f) => f.fieldname !== 'city'),
      });
      await assert.rejects(runListQuery(t.db, input, live), {
        message: 'Field not permitted in query: customer.city',
      });
    });

    it('never serves a plan compiled for other readable permlevels (listed DocType and Link target)', async () => {
      fresh();
      const secret = (meta: DocTypeMeta, field: string): DocTypeMeta => ({
        ...meta,
        fields: meta.fields.map((f) => (f.fieldname === field ? { ...f, permlevel: 1 } : f)),
      });
      const metas = new Map<string, DocTypeMeta>([
        ['QT Order', secret(orderMeta, 'amount')],
        ['QT Customer', secret(customerMeta, 'city')],
      ]);
      let levels: 'all' | ReadonlySet<number> = 'all';
      let customerLevels: 'all' | ReadonlySet<number> | undefined;
      const as: QueryDeps = {
        ...deps,
        getMeta: async (d) => metas.get(d) ?? (await deps.getMeta(d)),
        readableLevels: (d) => (d === 'QT Customer' ? (customerLevels ?? levels) : levels),
      };
      const input = {
        doctype: 'QT Order',
        fields: ['name', 'amount', 'customer.city'],
        filters: { name: 'o2' },
      };
      const row = async () => (await runListQuery(t.db, input, as)).data[0] as Record<string, unknown>;
      const star = async () =>
        Object.keys((await runListQuery(t.db, { ...input, fields: '*' }, as)).data[0] as object);
      for (const round of [1, 2]) {
        levels = 'all';
        assert.deepEqual(Object.keys(await row()), ['name', 'amount', 'city'], `round ${round}: all levels`);
        assert.ok((await star()).includes('amount'));
        levels = new Set([0]);
        assert.deepEqual(await row(), { name: 'o2' }, `round ${round}: level 0 only`);
        assert.ok(!(await star()).includes('amount'));
        await assert.rejects(runListQuery(t.db, { ...input, order_by: 'amount desc' }, as), {
          message: 'Field not permitted in query: amount desc',
        });
      }
      // Only the Link target's levels change: the listed DocType's key is the same, the join is re-checked.
      levels = 'all';
      await row();
      customerLevels = new Set([0]);
      assert.deepEqual(Object.keys(await row()), ['name', 'amount'], 'the target hides its field');
      customerLevels = 'all';
      assert.deepEqual(Object.keys(await row()), ['name', 'amount', 'city']);
      assert.ok(cache.hits > 0, 'equal permlevels still share plans');
    });

    it('evicts the least recently used shape beyond its limit', async () => {
      cache = new QueryCache(2);
      deps = { ...fixtureDeps(t.db), cache };
      for (const field of ['title', 'status', 'qty'])
        await compileListQuery({ doctype: 'QT Order', fields: [field] }, deps);
      assert.equal(cache.size, 2);
      await compileListQuery({ doctype: 'QT Order', fields: ['qty'] }, deps);
      assert.equal(cache.hits, 1);
      await compileListQuery({ doctype: 'QT Order', fields: ['title'] }, deps);
      assert.equal(cache.hits, 1, 'title was evicted');
    });

    it('compiles every time with cache: false', async () => {
      const nocache = { ...fixtureDeps(t.db), cache: false as const };
      const a = await compileListQuery({ doctype: 'QT Order', filters: { status: 'Open' } }, nocache);
      const b = await compileListQuery({ doctype: 'QT Order', filters: { status: 'Closed' } }, nocache);
      assert.equal(a.sql, b.sql);
      assert.deepEqual(b.params, ['Closed', 0]);
    });
  });
}
