// fields (columns, *, aggregates, Link and child-table fields, aliases), order_by, group_by, paging,
// as_dict, distinct, counts and debug output, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  compileListQuery,
  DataError,
  type ListQueryInput,
  runCountQuery,
  runListQuery,
} from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, fixtureDeps, orderMeta } from './support.ts';

const names2 = (rows: unknown[]) => (rows as Array<{ name: string }>).map((r) => r.name);

for (const kind of databases) {
  describe(`${kind}: list fields, sorting and paging`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createFixture(kind);
    });
    after(() => t.drop());

    const list = async (input: Omit<ListQueryInput, 'doctype'>, doctype = 'QT Order') =>
      (await runListQuery(t.db, { doctype, ...input }, fixtureDeps(t.db))).data as Record<string, unknown>[];
    const count = async (input: Omit<ListQueryInput, 'doctype'>) =>
      (await runCountQuery(t.db, { doctype: 'QT Order', ...input }, fixtureDeps(t.db))).count;

    it('defaults to fields ["name"], modified desc, 20 rows', async () => {
      assert.deepEqual(await list({}), [
        { name: 'o1' },
        { name: 'o2' },
        { name: 'o3' },
        { name: 'o4' },
        { name: 'o5' },
      ]);
      const compiled = await compileListQuery({ doctype: 'QT Order' }, fixtureDeps(t.db));
      assert.deepEqual(compiled.params, [0]);
      assert.match(compiled.sql, /ORDER BY .*modified.* DESC LIMIT 20 OFFSET \?$/);
    });

    it('sorts by the DocType`s sort field by default, falling back to modified desc when it is unknown', async () => {
      const sorted = async (sort_field: string, sort_order?: 'ASC' | 'DESC') => {
        const deps = fixtureDeps(t.db, {}, [
          { ...orderMeta, sort_field, ...(sort_order ? { sort_order } : {}) },
        ]);
        return names2((await runListQuery(t.db, { doctype: 'QT Order' }, deps)).data);
      };
      assert.deepEqual(await sorted('qty', 'ASC'), ['o2', 'o4', 'o1', 'o5', 'o3']);
      assert.deepEqual(await sorted('amount'), ['o3', 'o1', 'o5', 'o4', 'o2']);
      assert.deepEqual(await sorted('done desc, qty asc'), ['o4', 'o1', 'o2', 'o5', 'o3']);
      assert.deepEqual(await sorted('no_such_field'), ['o1', 'o2', 'o3', 'o4', 'o5']);
    });

    it('selects columns in the requested order with their values typed', async () => {
      const [row] = await list({
        fields: '["name","qty","amount","done","due","at","status"]',
        filters: { name: 'o1' },
      });
      assert.deepEqual(row, {
        name: 'o1',
        qty: 5,
        amount: 10.5,
        done: 1,
        due: '2024-05-10',
        at: '2024-05-15 10:00:00.000000',
        status: 'Open',
      });
      assert.deepEqual(Object.keys(row!), ['name', 'qty', 'amount', 'done', 'due', 'at', 'status']);
      const [quoted] = await list({
        fields: ['`name`', '`tabQT Order`.`qty`', 'tabQT Order.title'],
        filters: { name: 'o1' },
      });
      assert.deepEqual(quoted, { name: 'o1', qty: 5, title: 'Alpha' });
      const [csv] = await list({ fields: 'name, title', filters: { name: 'o1' } });
      assert.deepEqual(csv, { name: 'o1', title: 'Alpha' });
    });

    it('expands * to every column of the table', async () => {
      const [row] = await list({ fields: '*', filters: { name: 'o3' } });
      assert.deepEqual(Object.keys(row!), [
        'name',
        'creation',
        'modified',
        'modified_by',
        'owner',
        'docstatus',
        'idx',
        '_user_tags',
        '_comments',
        '_assign',
        '_liked_by',
        'title',
        'status',
        'customer',
        'qty',
        'amount',
        'done',
        'due',
        'at',
        'notes',
      ]);
      assert.equal(row!.title, 'Gamma 100%');
      assert.equal(row!.customer, null);
    });

    it('honours aliases, and returns arrays in field order with as_dict false', async () => {
      assert.deepEqual(await list({ fields: ['name as id', 'title AS `Label`'], filters: { name: 'o2' } }), [
        { id: 'o2', Label: 'beta' },
      ]);
      for (const as_dict of [false, 0, 'false', '0']) {
        const rows = await list({
          fields: ['name', 'qty'],
          filters: { name: ['in', ['o1', 'o2']] },
          order_by: 'name',
          as_dict,
        });
        assert.deepEqual(rows, [
          ['o1', 5],
          ['o2', 0],
        ]);
      }
      assert.deepEqual(
        await list({ fields: ['name', 'name as n'], filters: { name: 'o1' }, as_dict: false }),
        [['o1', 'o1']],
      );
    });

    it('keys rows by any alias: repeated, spaced, or naming an object property', async () => {
      // A later column with the same key wins, as in a Python dict.
      assert.deepEqual(await list({ fields: ['name', 'title as name'], filters: { name: 'o2' } }), [
        { name: 'beta' },
      ]);
      const odd = await list({
        fields: ['name as `my id`', 'title as __proto__', 'qty as constructor'],
        filters: { name: 'o1' },
      });
      assert.equal(odd.length, 1);
      const row = odd[0] as Record<string, unknown>;
      assert.deepEqual(Object.keys(row), ['my id', '__proto__', 'constructor']);
      assert.equal(row['my id'], 'o1');
      assert.equal(Object.getPrototypeOf(row), Object.prototype, 'the prototype is untouched');
      assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'Alpha');
      assert.equal(row.constructor, 5);
    });

    it('computes count/sum/avg/min/max, grouped, sorted by alias or aggregate', async () => {
      assert.deepEqual(await list({ fields: ['count(*)'] }), [{ 'count(*)': 5 }]);
      const [totals] = await list({
        fields: [
          'count(name) as n',
          'sum(qty) as total',
          'avg(amount) as mean',
          'min(due)',
          'max(at) as latest',
        ],
      });
      assert.equal(totals!.n, 5);
      assert.equal(totals!.total, 27);
      assert.ok(Math.abs((totals!.mean as number) - 22.748) < 1e-9, String(totals!.mean));
      assert.equal(totals!['min(due)'], '2024-04-30');
      assert.equal(totals!.latest, '2024-06-03 00:00:00.000000');
      const byStatus = await list({
        fields: ['status', 'count(name) as n'],
        group_by: 'status',
        order_by: 'n desc, status asc',
      });
      assert.deepEqual(byStatus, [
        { status: 'Open', n: 3 },
        { status: '', n: 1 },
        { status: 'Closed', n: 1 },
      ]);
      assert.deepEqual(
        await list({
          fields: ['status', 'sum(qty) as q'],
          group_by: '`tabQT Order`.`status`',
          order_by: 'sum(qty) desc',
          filters: { status: ['!=', ''] },
        }),
        [
          { status: 'Open', q: 24 },
          { status: 'Closed', q: 0 },
        ],
      );
      const grouped = await list({ fields: ['status'], group_by: 'status' });
      assert.deepEqual(
        grouped.map((r) => r.status),
        ['Open', 'Closed', ''],
        'default order: MAX(modified) desc',
      );
      assert.deepEqual(await list({ fields: ['count(distinct status) as s'] }), [{ s: 3 }]);
    });

    it('joins Link targets for link_field.target_field', async () => {
      const rows = await list({
        fields: ['name', 'customer.customer_name', 'customer.city as customer_city'],
        filters: { name: ['in', ['o1', 'o3', 'o5', 'o4']] },
        order_by: 'name asc',
      });
      assert.deepEqual(rows, [
        { name: 'o1', customer_name: 'Acme', customer_city: 'Berlin' },
        { name: 'o3', customer_name: null, customer_city: null },
        { name: 'o4', customer_name: 'Acme', customer_city: 'Berlin' },
        { name: 'o5', customer_name: null, customer_city: null },
      ]);
      assert.deepEqual(
        await list({
          fields: ['name'],
          filters: { status: 'Open' },
          order_by: 'customer.customer_name desc, name asc',
          limit: 1,
        }),
        [{ name: 'o1' }],
      );
    });

    it('selects child table fields in the `tabChild`.field and table_field.field forms', async () => {
      const rows = await list({
        fields: ['name', '`tabQT Order Item`.`item`', 'items.qty as item_qty'],
        filters: { name: 'o1' },
        order_by: '`tabQT Order Item`.idx asc',
      });
      assert.deepEqual(rows, [
        { name: 'o1', item: 'Widget', item_qty: 2 },
        { name: 'o1', item: 'Gadget', item_qty: 3 },
      ]);
      const sums = await list({
        fields: ['name', 'sum(`tabQT Order Item`.qty) as units'],
        group_by: 'name',
        order_by: 'name asc',
        filters: [['QT Order Item', 'qty', '>', 0]],
      });
      assert.deepEqual(sums, [
        { name: 'o1', units: 5 },
        { name: 'o2', units: 1 },
        { name: 'o4', units: 10 },
      ]);
    });

    it('sorts by order_by in every accepted form', async () => {
      const order = async (order_by: string) => (await list({ order_by })).map((r) => r.name);
      assert.deepEqual(await order('qty asc'), ['o2', 'o4', 'o1', 'o5', 'o3']);
      assert.deepEqual(await order('qty DESC'), ['o3', 'o5', 'o1', 'o4', 'o2']);
      assert.deepEqual(await order('`tabQT Order`.`qty` asc'), ['o2', 'o4', 'o1', 'o5', 'o3']);
      assert.deepEqual(await order('tabQT Order.amount desc'), ['o3', 'o1', 'o5', 'o4', 'o2']);
      assert.deepEqual(await order('done desc, qty asc'), ['o4', 'o1', 'o2', 'o5', 'o3']);
      assert.deepEqual(await order('name'), ['o1', 'o2', 'o3', 'o4', 'o5']);
    });

    it('pages with limit_start / limit_page_length and their aliases; page length wins; 0 is no limit', async () => {
      const page = async (input: Omit<ListQueryInput, 'doctype'>) =>
        (await list({ order_by: 'qty asc', ...input })).map((r) => r.name);
      assert.deepEqual(await page({ limit_page_length: 2, limit_start: 1 }), ['o4', 'o1']);
      assert.deepEqual(await page({ limit: '2', start: '3' }), ['o5', 'o3']);
      assert.deepEqual(await page({ page_length: 1 }), ['o2']);
      assert.deepEqual(await page({ limit_page_length: 3, limit: 1 }), ['o2', 'o4', 'o1']);
      assert.deepEqual(await page({ limit_page_length: 0, limit_start: 2 }), ['o2', 'o4', 'o1', 'o5', 'o3']);
      assert.deepEqual(await page({ limit_page_length: '0' }), ['o2', 'o4', 'o1', 'o5', 'o3']);
    });

    it('returns distinct rows when asked', async () => {
      const rows = await list({ fields: ['status'], distinct: true });
      assert.deepEqual(rows.map((r) => r.status).sort(), ['', 'Closed', 'Open']);
    });

    it('counts documents with the same filters, counting each document once across child rows', async () => {
      assert.equal(await count({}), 5);
      assert.equal(await count({ filters: { status: 'Open' } }), 3);
      assert.equal(await count({ filters: '[["QT Order Item","item","in",["Widget","Gadget"]]]' }), 2);
      assert.equal(
        await count({
          or_filters: [
            ['qty', '>', 10],
            ['done', '=', 1],
          ],
        }),
        3,
      );
      assert.equal(await count({ filters: { status: 'Nope' }, fields: ['secret'], order_by: 'ignored' }), 0);
    });

    it('returns SQL and parameters for _debug_messages with debug', async () => {
      const result = await runListQuery(
        t.db,
        { doctype: 'QT Order', filters: { status: 'Open' }, debug: 1, limit: 2 },
        fixtureDeps(t.db),
      );
      assert.equal(result.data.length, 2);
      assert.match(result.debug!.sql, /^SELECT .* FROM .*tabQT Order.* WHERE .*status.* = \?/);
      assert.deepEqual(result.debug!.params, ['Open', 0]);
      assert.match(result.debug!.sql, / LIMIT 2 OFFSET \?$/);
      assert.equal(typeof result.debug!.ms, 'number');
      const counted = await runCountQuery(t.db, { doctype: 'QT Order', debug: 'true' }, fixtureDeps(t.db));
      assert.equal(counted.count, 5);
      assert.match(counted.debug!.sql, /^SELECT COUNT\(\*\)/);
      assert.equal((await runListQuery(t.db, { doctype: 'QT Order' }, fixtureDeps(t.db))).debug, undefined);
    });

    it('refuses fields, sorting and grouping the meta does not hold', async () => {
      const cases: Array<Omit<ListQueryInput, 'doctype'>> = [
        { fields: ['secret'] },
        { fields: ['customer.secret'] },
        { fields: ['items.secret'] },
        { fields: ['title.x'] },
        { fields: ['`tabQT Customer`.city'] },
        { fields: ['sum(title)'] },
        { order_by: 'secret desc' },
        { order_by: '`tabQT Order Item`.qty asc' },
        { group_by: 'secret' },
        { filters: { secret: 1 } },
        { filters: [['QT Customer', 'city', '=', 'Paris']] },
      ];
      for (const input of cases) {
        await assert.rejects(list(input), (error: unknown) => {
          assert.ok(error instanceof DataError, `${JSON.stringify(input)}: ${String(error)}`);
          return true;
        });
      }
      await assert.rejects(list({ fields: ['secret'] }), { message: 'Field not permitted in query: secret' });
      await assert.rejects(list({ order_by: '`tabQT Order Item`.qty asc' }), {
        message: 'Please select atleast 1 column from QT Order Item to sort/group',
      });
    });
  });
}
