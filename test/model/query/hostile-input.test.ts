// Hostile list requests — SQL in order_by, fields, group_by and filter fields, functions other than the
// allowed aggregates, oversized lists, deep nesting — are refused with DataError before any SQL runs,
// and the table is untouched afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Queryable, Row } from '../../../src/db/index.ts';
import {
  DataError,
  type ListQueryInput,
  runCountQuery,
  runListQuery,
} from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, fixtureDeps } from './support.ts';

const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
const hostile: Array<Omit<ListQueryInput, 'doctype'>> = [
  // order_by
  { order_by: 'name; drop table `tabQT Order`' },
  { order_by: 'name; DROP TABLE "tabQT Order"' },
  { order_by: '(select name from `tabQT Order` limit 1)' },
  { order_by: 'modified desc, (select 1)' },
  { order_by: 'name -- comment' },
  { order_by: 'name /* comment */ asc' },
  { order_by: 'sleep(5)' },
  { order_by: 'name asc desc' },
  { order_by: "name' or '1'='1" },
  { order_by: 'if(1=1, name, title)' },
  { order_by: Array.from({ length: 21 }, () => 'name').join(', ') },
  { order_by: 'name,' },
  { order_by: 'name\ndesc' },
  // fields
  { fields: ['name from `tabQT Order` --'] },
  { fields: ['name; drop table `tabQT Order`'] },
  { fields: ['version()'] },
  { fields: ['(select 1)'] },
  { fields: ['name, version()'] },
  { fields: ['concat(name, title)'] },
  { fields: ['count(*) as "x"; drop'] },
  { fields: ['@@version'] },
  { fields: ['name union select 1'] },
  { fields: ['count(name) from `tabQT Order`'] },
  { fields: ['sum(distinct *)'] },
  { fields: ['max((select 1))'] },
  { fields: ['name as `x` `y`'] },
  { fields: '["name", {"$gt": 1}]' },
  { fields: Array.from({ length: 201 }, () => 'name') },
  { fields: `[${'"name",'.repeat(300)}"name"]` },
  { fields: ['`name`; --'] },
  { fields: ['name\x1etitle'] },
  { fields: ['`tabQT Order`.`name` as x from y'] },
  // group_by
  { group_by: 'status; drop table `tabQT Order`' },
  { group_by: 'status having 1=1' },
  { group_by: 'count(*)' },
  // filters
  { filters: [['name; drop table `tabQT Order`', '=', 1]] },
  { filters: [['name', '= 1 or 1=1 --', 'x']] },
  { filters: [['name', 'regexp', '.*']] },
  { filters: ['1=1'] },
  { filters: '[["name","=","o1"]] or 1=1' },
  { filters: { 'name or 1': 1 } },
  { filters: { name: { $ne: 'x' } } },
  { filters: deep },
  { filters: JSON.parse(`${'['.repeat(8)}"name"${']'.repeat(8)}`) },
  { filters: [['name', 'in', Array.from({ length: 5001 }, (_, i) => `n${i}`)]] },
  { filters: Array.from({ length: 101 }, () => ['name', '=', 'x']) },
  { filters: [['name', '=', 'x'.repeat(10_001)]] },
  { filters: [['QT Customer', 'city', '=', 'x']] },
  { or_filters: [['name`; drop', '=', 1]] },
  { or_filters: deep },
  // paging
  { limit_page_length: -1 },
  { limit_start: '-5' },
];

for (const kind of databases) {
  describe(`${kind}: hostile list requests`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createFixture(kind);
    });
    after(() => t.drop());

    // A handle that records every statement, so a refusal is shown to have run nothing.
    function spy(): Queryable & { statements: string[] } {
      const statements: string[] = [];
      return {
        statements,
        dialect: t.db.dialect,
        all: <T extends Row>(sql: string, params?: readonly unknown[]) => {
          statements.push(sql);
          return t.db.all<T>(sql, params);
        },
        one: <T extends Row>(sql: string, params?: readonly unknown[]) => {
          statements.push(sql);
          return t.db.one<T>(sql, params);
        },
        run: (sql: string, params?: readonly unknown[]) => {
          statements.push(sql);
          return t.db.run(sql, params);
        },
      };
    }

    it('refuses each with DataError (417) and runs nothing', async () => {
      for (const input of hostile) {
        const db = spy();
        const label = JSON.stringify(input).slice(0, 120);
        await assert.rejects(
          runListQuery(db, { doctype: 'QT Order', ...input }, fixtureDeps(t.db)),
          (error: unknown) => {
            assert.ok(error instanceof DataError, `${label}: ${String(error)}`);
            assert.equal(error.excType, 'DataError');
            assert.equal(error.httpStatus, 417);
            return true;
          },
        );
        assert.deepEqual(db.statements, [], label);
      }
    });

    it('refuses hostile filters in counts too', async () => {
      for (const input of hostile.filter((i) => i.filters || i.or_filters)) {
        const db = spy();
        await assert.rejects(
          runCountQuery(db, { doctype: 'QT Order', ...input }, fixtureDeps(t.db)),
          DataError,
        );
        assert.deepEqual(db.statements, []);
      }
    });

    it('leaves the table and its rows in place', async () => {
      const q = t.db.dialect.quote;
      const row = await t.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q('tabQT Order')}`);
      assert.equal(Number(row?.n), 5);
    });
  });
}
