// Every operator and filter form of docs/wire.md §6, on every database, asserted on the rows returned.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataError, type ListQueryInput, runListQuery } from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, fixtureDeps, names } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: list filters`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createFixture(kind);
    });
    after(() => t.drop());

    const list = async (input: Omit<ListQueryInput, 'doctype'>, doctype = 'QT Order') =>
      names((await runListQuery(t.db, { doctype, ...input }, fixtureDeps(t.db))).data);
    const where = (filters: unknown) => list({ filters });

    it('compares with = and != as Frappe does: NULL and empty text are equal, != keeps NULLs', async () => {
      assert.deepEqual(await where([['status', '=', 'Open']]), ['o1', 'o3', 'o5']);
      assert.deepEqual(await where({ customer: null }), ['o3']);
      assert.deepEqual(await where({ title: null }), ['o4']);
      assert.deepEqual(await where([['title', '=', '']]), ['o4']);
      assert.deepEqual(await where([['status', '!=', 'Open']]), ['o2', 'o4']);
      assert.deepEqual(await where([['title', '!=', 'Alpha']]), ['o2', 'o3', 'o4', 'o5']);
      assert.deepEqual(await where([['customer', '!=', '']]), ['o1', 'o2', 'o4', 'o5']);
      assert.deepEqual(await where([['name', '=', 'o2']]), ['o2']);
    });

    it('compares numbers, dates and datetimes with > < >= <=', async () => {
      assert.deepEqual(await where([['qty', '>', 5]]), ['o3', 'o5']);
      assert.deepEqual(await where([['qty', '<', '3']]), ['o2']);
      assert.deepEqual(await where([['qty', '>=', 5]]), ['o1', 'o3', 'o5']);
      assert.deepEqual(await where([['amount', '<=', 1]]), ['o2', 'o4']);
      assert.deepEqual(await where([['amount', '>', '10.25']]), ['o1', 'o3']);
      // A NULL date compares as 0001-01-01 for < (Frappe's ifnull), never for >.
      assert.deepEqual(await where([['due', '<', '2024-05-10']]), ['o3', 'o4']);
      assert.deepEqual(await where([['due', '>', '2024-05-10']]), ['o2', 'o5']);
      assert.deepEqual(await where([['at', '>=', '2024-05-15']]), ['o1', 'o2', 'o5']);
      assert.deepEqual(await where([['at', '<', '2024-05-15 10:00:00']]), ['o3', 'o4']);
      assert.deepEqual(await where([['modified', '>', '2024-05-01 00:00:03']]), ['o1', 'o2']);
    });

    it('coerces Check, Int and Float values as Frappe does', async () => {
      assert.deepEqual(await where({ done: true }), ['o1', 'o4']);
      assert.deepEqual(await where({ done: '1' }), ['o1', 'o4']);
      assert.deepEqual(await where({ done: 'false' }), ['o2', 'o3', 'o5']);
      assert.deepEqual(await where({ done: 0 }), ['o2', 'o3', 'o5']);
      assert.deepEqual(await where({ qty: '1,2' }), ['o3']);
      assert.deepEqual(await where({ qty: 'not a number' }), ['o2']);
      assert.deepEqual(await where([['done', '=', 0.5]]), []);
      assert.deepEqual(await where([['done', '<', 0.5]]), ['o2', 'o3', 'o5']);
    });

    it('matches like / not like case-insensitively, with \\ escaping % and _', async () => {
      assert.deepEqual(await where([['title', 'like', '%alpha%']]), ['o1', 'o5']);
      assert.deepEqual(await where([['title', 'LIKE', 'ALP%']]), ['o1', 'o5']);
      assert.deepEqual(await where([['title', 'like', '%100\\%']]), ['o3']);
      assert.deepEqual(await where([['title', 'like', '%0\\%%']]), ['o3']);
      assert.deepEqual(await where([['title', 'not like', '%alpha%']]), ['o2', 'o3', 'o4']);
      assert.deepEqual(await where([['qty', 'like', '1%']]), ['o3']);
      assert.deepEqual(await where([['due', 'like', '2024-05%']]), ['o1', 'o2']);
    });

    it('matches like case-insensitively beyond ASCII on every database', async () => {
      const customers = (pattern: string) =>
        list({ filters: [['customer_name', 'like', pattern]] }, 'QT Customer');
      assert.deepEqual(await customers('%ACME%'), ['c1']);
      assert.deepEqual(await customers('%werk%'), ['c3']);
      assert.deepEqual(await customers('%ölwerk%'), ['c3']);
    });

    it('filters with in / not in from lists and comma-separated strings, empty lists as Frappe', async () => {
      assert.deepEqual(await where([['status', 'in', ['Open', 'Closed']]]), ['o1', 'o2', 'o3', 'o5']);
      assert.deepEqual(await where([['status', 'in', 'Closed, Open']]), ['o1', 'o2', 'o3', 'o5']);
      assert.deepEqual(await where([['status', 'not in', ['Open']]]), ['o2', 'o4']);
      assert.deepEqual(await where([['customer', 'not in', 'c1']]), ['o2', 'o3', 'o5']);
      // An empty list is `in ('')`: it matches NULL and empty values, and nothing on a NOT NULL column.
      assert.deepEqual(await where([['status', 'in', []]]), ['o4']);
      assert.deepEqual(await where([['customer', 'in', []]]), ['o3']);
      assert.deepEqual(await where([['name', 'in', []]]), []);
      assert.deepEqual(await where([['status', 'not in', []]]), ['o1', 'o2', 'o3', 'o5']);
      assert.deepEqual(await where([['qty', 'in', [0, 12]]]), ['o2', 'o3']);
      assert.deepEqual(await where([['qty', 'in', '5,7']]), ['o1', 'o5']);
      assert.deepEqual(await where([['due', 'in', ['2024-05-10', '2024-06-03']]]), ['o1', 'o5']);
    });

    it('tests is set / is not set on text, numbers and dates', async () => {
      assert.deepEqual(await where([['customer', 'is', 'set']]), ['o1', 'o2', 'o4', 'o5']);
      assert.deepEqual(await where([['customer', 'is', 'not set']]), ['o3']);
      assert.deepEqual(await where([['status', 'is', 'not set']]), ['o4']);
      assert.deepEqual(await where([['title', 'IS', 'Not Set']]), ['o4']);
      assert.deepEqual(await where([['due', 'is', 'set']]), ['o1', 'o2', 'o4', 'o5']);
      assert.deepEqual(await where([['at', 'is', 'not set']]), ['o3']);
      assert.deepEqual(await where([['done', 'is', 'set']]), ['o1', 'o4']);
    });

    it('filters between bounds; date-only bounds widen to the whole day on datetimes', async () => {
      assert.deepEqual(await where([['due', 'between', ['2024-05-01', '2024-05-15']]]), ['o1', 'o2']);
      assert.deepEqual(await where([['at', 'between', ['2024-05-15', '2024-05-15']]]), ['o1', 'o2']);
      assert.deepEqual(await where([['at', 'between', ['2024-05-15 09:00:00', '2024-05-15 11:00']]]), ['o1']);
      assert.deepEqual(await where([['due', 'between', ['2024-05-10 18:00:00', '2024-05-10']]]), ['o1']);
      assert.deepEqual(await where([['qty', 'between', [3, 7]]]), ['o1', 'o4', 'o5']);
      // A missing bound is today (the fixed clock's 2024-05-15), as Frappe's get_between_date_filter.
      assert.deepEqual(await where([['due', 'between', []]]), ['o2']);
      assert.deepEqual(await where([['at', 'between', ['2024-05-01']]]), ['o1', 'o2']);
    });

    it('filters timespan, previous and next from the injected clock', async () => {
      const span = (value: string, field = 'due') => where([[field, 'timespan', value]]);
      assert.deepEqual(await span('today'), ['o2']);
      assert.deepEqual(await span('yesterday'), []);
      assert.deepEqual(await span('this week'), ['o2']);
      assert.deepEqual(await span('last week'), ['o1']);
      assert.deepEqual(await span('this month'), ['o1', 'o2']);
      assert.deepEqual(await span('last month'), ['o4']);
      assert.deepEqual(await span('next month'), ['o5']);
      assert.deepEqual(await span('this quarter'), ['o1', 'o2', 'o4', 'o5']);
      assert.deepEqual(await span('This Year'), ['o1', 'o2', 'o4', 'o5']);
      assert.deepEqual(await span('last year'), []);
      assert.deepEqual(await span('today', 'at'), ['o1', 'o2']);
      assert.deepEqual(await span('next month', 'at'), ['o5']);
      assert.deepEqual(await span('last month', 'at'), ['o4']);
      assert.deepEqual(await where([['due', 'previous', '1 week']]), ['o1']);
      assert.deepEqual(await where([['due', 'previous', '1 month']]), ['o4']);
      assert.deepEqual(await where([['due', 'next', '1 month']]), ['o5']);
      assert.deepEqual(await where([['due', 'next', '3 months']]), []);
      assert.deepEqual(await where([['due', 'previous', '6 months']]), []);
      assert.deepEqual(await where([['at', 'next', '1 year']]), []);
    });

    it('accepts every filter form: 4- and 3-tuples, dicts, [op, value] dicts, JSON text, one bare tuple', async () => {
      const open = ['o1', 'o3', 'o5'];
      assert.deepEqual(await where([['QT Order', 'status', '=', 'Open']]), open);
      assert.deepEqual(await where([['status', '=', 'Open']]), open);
      assert.deepEqual(await where({ status: 'Open' }), open);
      assert.deepEqual(await where({ status: ['=', 'Open'] }), open);
      assert.deepEqual(await where('{"status": ["in", ["Open"]]}'), open);
      assert.deepEqual(await where('[["QT Order", "status", "=", "Open"]]'), open);
      assert.deepEqual(await where(['status', '=', 'Open']), open);
      assert.deepEqual(await where([{ status: 'Open' }, ['qty', '>', 5]]), ['o3', 'o5']);
      assert.deepEqual(await where({ status: 'Open', qty: ['<', 10] }), ['o1', 'o5']);
      assert.deepEqual(await where([['status', '', 'Open']]), open, 'a missing operator is =');
    });

    it('filters on child table fields by joining the child table', async () => {
      assert.deepEqual(await where([['QT Order Item', 'item', '=', 'Widget']]), ['o1', 'o2']);
      assert.deepEqual(await where({ item: 'Bolt' }), ['o4'], 'a field only the child has');
      assert.deepEqual(
        await list({ filters: [['QT Order Item', 'item', 'in', ['Widget', 'Gadget']]], distinct: 1 }),
        ['o1', 'o2'],
      );
      assert.deepEqual(
        await where([['QT Order Item', 'qty', '>=', 3]]),
        ['o1', 'o4'],
        'child qty, not parent qty',
      );
    });

    it('ORs or_filters and ANDs them with filters', async () => {
      assert.deepEqual(
        await list({
          or_filters: [
            ['qty', '>', 10],
            ['title', 'like', '%two'],
          ],
        }),
        ['o3', 'o5'],
      );
      assert.deepEqual(
        await list({ filters: { status: 'Open' }, or_filters: { qty: ['>', 10], customer: 'c1' } }),
        ['o1', 'o3'],
      );
      assert.deepEqual(await list({ or_filters: '[["status","=","Closed"],["done","=",1]]' }), [
        'o1',
        'o2',
        'o4',
      ]);
    });

    it('binds values, so SQL in a value is only text to compare', async () => {
      assert.deepEqual(await where({ title: "x' OR '1'='1" }), []);
      assert.deepEqual(await where([['title', 'like', "%' OR 1=1 --"]]), []);
      assert.equal((await list({ limit: 0 })).length, 5);
    });

    it('refuses unknown operators and values with a DataError (417)', async () => {
      const cases: unknown[] = [
        [['status', 'regexp', 'x']],
        [['status', '==', 'x']],
        [['due', 'timespan', 'last decade']],
        [['due', 'previous', '2 weeks']],
        [['title', 'timespan', 'today']],
        [['status', 'is', 'maybe']],
        [['due', '=', 'not a date']],
        [['due', '=', '2024-02-30']],
        [['at', '>', '2024-05-15 25:00']],
        [['qty', 'between', [1]]],
        [['status', '=', { $ne: 1 }]],
        [['status', 'in', [['Open']]]],
      ];
      for (const filters of cases) {
        await assert.rejects(where(filters), (error: unknown) => {
          assert.ok(error instanceof DataError, `${JSON.stringify(filters)}: ${String(error)}`);
          assert.equal(error.excType, 'DataError');
          assert.equal(error.httpStatus, 417);
          return true;
        });
      }
    });
  });
}
