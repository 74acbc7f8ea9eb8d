// The nested-set operators in the query engine alone, over a hand-numbered tree: values are bound (the
// SQL of a shape is the same whatever the node), a hostile node name is only data, and `not` keeps NULLs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syncTable } from '../../../src/db/index.ts';
import type { DocTypeMeta } from '../../../src/db/meta.ts';
import { compileListQuery, runListQuery } from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { createTestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { fixtureDeps, insert, names } from './support.ts';

const groupMeta: DocTypeMeta = {
  name: 'QT Group',
  module: 'Test',
  is_tree: 1,
  nsm_parent_field: 'parent_qt_group',
  fields: [
    { fieldname: 'lft', fieldtype: 'Int' },
    { fieldname: 'rgt', fieldtype: 'Int' },
    { fieldname: 'is_group', fieldtype: 'Check' },
    { fieldname: 'parent_qt_group', fieldtype: 'Link', options: 'QT Group' },
  ],
  permissions: [],
};

const memberMeta: DocTypeMeta = {
  name: 'QT Member',
  module: 'Test',
  fields: [{ fieldname: 'group', fieldtype: 'Link', options: 'QT Group' }],
  permissions: [],
};

// root(1,10) ─┬─ a(2,7) ─┬─ a1(3,4)
//             │          └─ a2(5,6)
//             └─ b(8,9)
const groups: Array<[string, number, number, string | null]> = [
  ['root', 1, 10, null],
  ['a', 2, 7, 'root'],
  ['a1', 3, 4, 'a'],
  ['a2', 5, 6, 'a'],
  ['b', 8, 9, 'root'],
];

for (const kind of databases) {
  describe(`${kind}: nested-set operators`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
      for (const meta of [groupMeta, memberMeta]) await syncTable(t.db, meta);
      for (const [name, lft, rgt, parent] of groups)
        await insert(t.db, groupMeta.name, { name, lft, rgt, is_group: 1, parent_qt_group: parent });
      for (const [name, group] of [
        ['m-root', 'root'],
        ['m-a1', 'a1'],
        ['m-b', 'b'],
        ['m-none', null],
      ] as const)
        await insert(t.db, memberMeta.name, { name, group });
    });
    after(() => t.drop());

    const deps = () => fixtureDeps(t.db, {}, [groupMeta, memberMeta]);
    const members = async (operator: string, node: string) =>
      names(
        (await runListQuery(t.db, { doctype: memberMeta.name, filters: [['group', operator, node]] }, deps()))
          .data,
      );

    it('selects members by where their group sits in the tree', async () => {
      assert.deepEqual(await members('descendants of', 'root'), ['m-a1', 'm-b']);
      assert.deepEqual(await members('descendants of (inclusive)', 'a'), ['m-a1']);
      assert.deepEqual(await members('ancestors of', 'a2'), ['m-root']);
      assert.deepEqual(await members('not descendants of', 'a'), ['m-b', 'm-none', 'm-root']);
      assert.deepEqual(await members('not ancestors of', 'a1'), ['m-a1', 'm-b', 'm-none']);
      assert.deepEqual(await members('DESCENDANTS  OF', 'a'), ['m-a1']);
    });

    it('binds the node name: one SQL per shape, a hostile name is only data', async () => {
      const d = deps();
      const compile = (node: string) =>
        compileListQuery({ doctype: memberMeta.name, filters: [['group', 'descendants of', node]] }, d);
      const first = await compile('root');
      const hostile = "x' OR '1'='1";
      const second = await compile(hostile);
      assert.equal(second.sql, first.sql);
      assert.ok(!second.sql.includes(hostile));
      assert.ok(second.params.includes(hostile));
      assert.deepEqual(await members('descendants of', hostile), []);
      assert.deepEqual(await members('ancestors of', "a1') OR 1=1 --"), []);
    });
  });
}
