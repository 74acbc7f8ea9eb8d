// Tree DocTypes (`is_tree`): the fields a DocType gets, the nested set kept in each write's transaction
// (insert, re-parent, delete), its refusals, and the nested-set filter operators over it, on every database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listDocs } from '../../src/backend/api/list-query.ts';
import {
  LinkValidationError,
  NestedSetChildExistsError,
  NestedSetInvalidMergeError,
  NestedSetRecursionError,
  ValidationError,
} from '../../src/errors/index.ts';
import { type DocContext, deleteDoc, insertDoc, renameDoc, updateDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

type Positions = Record<string, [number, number]>;

for (const kind of databases) {
  describe(`${kind}: tree DocTypes`, () => {
    let s: ModelSite;
    before(async () => {
      s = await openModelSite(kind);
    });
    after(() => s.close());

    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);

    // A tree DocType named by title, and a DocType linking to it.
    async function defineTree(): Promise<{ tree: string; parentField: string; office: string }> {
      const tree = await s.defineDocType({
        name: uniqueName('Region'),
        is_tree: 1,
        autoname: 'field:title',
        allow_rename: 1,
        fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
      });
      const office = await s.defineDocType({
        name: uniqueName('Office'),
        autoname: 'prompt',
        fields: [{ fieldname: 'region', fieldtype: 'Link', label: 'Region', options: tree }],
      });
      return { tree, parentField: `parent_${tree.toLowerCase().replaceAll(' ', '_')}`, office };
    }

    // All ─┬─ Europe ─┬─ France
    //      │          └─ Germany ── Berlin
    //      └─ Asia ──── Japan
    async function buildWorld(tree: string, parentField: string): Promise<void> {
      const nodes: Array<[string, string | null, 0 | 1]> = [
        ['All', null, 1],
        ['Europe', 'All', 1],
        ['France', 'Europe', 0],
        ['Germany', 'Europe', 1],
        ['Berlin', 'Germany', 0],
        ['Asia', 'All', 1],
        ['Japan', 'Asia', 0],
      ];
      for (const [title, parent, group] of nodes)
        await admin((ctx) =>
          insertDoc(ctx, { doctype: tree, title, is_group: group, [parentField]: parent }),
        );
    }

    async function positions(tree: string): Promise<Positions> {
      const q = s.db.dialect.quote;
      const rows = await s.db.all<{ name: string; lft: unknown; rgt: unknown }>(
        `SELECT ${q('name')}, ${q('lft')}, ${q('rgt')} FROM ${q(`tab${tree}`)}`,
      );
      return Object.fromEntries(rows.map((r) => [r.name, [Number(r.lft), Number(r.rgt)]]));
    }

    // The nested set agrees with the parent links: positions 1..2n used once each, every node inside its
    // parent, and nodes inside a node are exactly its descendants.
    async function assertConsistent(tree: string, parentField: string): Promise<void> {
      const q = s.db.dialect.quote;
      const rows = await s.db.all<{ name: string; parent: string | null; lft: unknown; rgt: unknown }>(
        `SELECT ${q('name')}, ${q(parentField)} AS ${q('parent')}, ${q('lft')}, ${q('rgt')} FROM ${q(`tab${tree}`)}`,
      );
      const used = rows.flatMap((r) => [Number(r.lft), Number(r.rgt)]).sort((a, b) => a - b);
      assert.deepEqual(
        used,
        Array.from({ length: rows.length * 2 }, (_, i) => i + 1),
      );
      const byName = new Map(rows.map((r) => [r.name, r]));
      const isAncestor = (a: string, b: string): boolean => {
        let parent = byName.get(b)?.parent;
        while (parent) {
          if (parent === a) return true;
          parent = byName.get(parent)?.parent;
        }
        return false;
      };
      for (const a of rows)
        for (const b of rows) {
          const inside = Number(b.lft) > Number(a.lft) && Number(b.rgt) < Number(a.rgt);
          assert.equal(inside, isAncestor(a.name, b.name), `${b.name} inside ${a.name}`);
        }
    }

    const list = (doctype: string, filters: unknown) =>
      admin(async (ctx) =>
        ((await listDocs(ctx, { doctype, filters, limit_page_length: 0 })).data as Array<{ name: string }>)
          .map((r) => r.name)
          .sort(),
      );

    test('a DocType with is_tree gets lft, rgt, is_group, old_parent and its parent link', async () => {
      const { tree, parentField } = await defineTree();
      const meta = await admin((ctx) => ctx.metas.get(ctx.db, tree));
      assert.equal(meta.isTree, true);
      assert.equal(meta.raw.nsm_parent_field, parentField);
      assert.equal(meta.field('lft')?.fieldtype, 'Int');
      assert.equal(meta.field('rgt')?.fieldtype, 'Int');
      assert.equal(meta.field('is_group')?.fieldtype, 'Check');
      assert.equal(meta.field('old_parent')?.options, tree);
      assert.deepEqual(
        [meta.field(parentField)?.fieldtype, meta.field(parentField)?.options],
        ['Link', tree],
      );
    });

    test('a parent field that is not a Link to the DocType itself is refused', async () => {
      const error = await rejection(
        s.defineDocType({
          name: uniqueName('Bad Tree'),
          is_tree: 1,
          nsm_parent_field: 'title',
          fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
        }),
      );
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /must be a Link/);
    });

    test('inserts number the nested set: each node last under its parent', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      assert.deepEqual(await positions(tree), {
        All: [1, 14],
        Europe: [2, 9],
        France: [3, 4],
        Germany: [5, 8],
        Berlin: [6, 7],
        Asia: [10, 13],
        Japan: [11, 12],
      });
      const berlin = await admin((ctx) =>
        insertDoc(ctx, {
          doctype: tree,
          title: 'Munich',
          [parentField]: 'Germany',
          lft: 99,
          rgt: 100,
          old_parent: 'Nowhere',
        }),
      );
      // A client's lft/rgt/old_parent are replaced; the saved document tells where it went.
      assert.deepEqual([berlin.lft, berlin.rgt, berlin.old_parent], [8, 9, 'Germany']);
      await assertConsistent(tree, parentField);
    });

    test('each nested-set operator selects the right nodes, on the tree and through a Link', async () => {
      const { tree, parentField, office } = await defineTree();
      await buildWorld(tree, parentField);
      for (const region of ['All', 'Europe', 'France', 'Germany', 'Berlin', 'Asia', 'Japan'])
        await admin((ctx) => insertDoc(ctx, { doctype: office, name: `at ${region}`, region }));
      await admin((ctx) => insertDoc(ctx, { doctype: office, name: 'nowhere' }));

      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Europe']]), [
        'Berlin',
        'France',
        'Germany',
      ]);
      assert.deepEqual(await list(tree, [['name', 'descendants of (inclusive)', 'Europe']]), [
        'Berlin',
        'Europe',
        'France',
        'Germany',
      ]);
      assert.deepEqual(await list(tree, [['name', 'not descendants of', 'Europe']]), [
        'All',
        'Asia',
        'Europe',
        'Japan',
      ]);
      assert.deepEqual(await list(tree, [['name', 'ancestors of', 'Berlin']]), ['All', 'Europe', 'Germany']);
      assert.deepEqual(await list(tree, [['name', 'not ancestors of', 'Berlin']]), [
        'Asia',
        'Berlin',
        'France',
        'Japan',
      ]);
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'France']]), []);
      assert.deepEqual(await list(tree, [['name', 'ancestors of', 'All']]), []);

      // Through a Link field; a document without a region is never a descendant, so `not` keeps it.
      assert.deepEqual(await list(office, [['region', 'descendants of', 'All']]), [
        'at Asia',
        'at Berlin',
        'at Europe',
        'at France',
        'at Germany',
        'at Japan',
      ]);
      assert.deepEqual(await list(office, { region: ['descendants of (inclusive)', 'Asia'] }), [
        'at Asia',
        'at Japan',
      ]);
      assert.deepEqual(await list(office, [['region', 'not descendants of', 'Europe']]), [
        'at All',
        'at Asia',
        'at Europe',
        'at Japan',
        'nowhere',
      ]);
      assert.deepEqual(await list(office, [['region', 'ancestors of', 'Japan']]), ['at All', 'at Asia']);
      assert.deepEqual(await list(office, [['region', 'not ancestors of', 'Japan']]), [
        'at Berlin',
        'at Europe',
        'at France',
        'at Germany',
        'at Japan',
        'nowhere',
      ]);

      // An unknown node has no descendants or ancestors; the inclusive form still matches the name itself.
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Atlantis']]), []);
      assert.deepEqual(await list(tree, [['name', 'ancestors of', "O'Neil"]]), []);
      assert.deepEqual(await list(office, [['region', 'descendants of (inclusive)', 'Atlantis']]), []);
      assert.equal((await list(office, [['region', 'not descendants of', 'Atlantis']])).length, 8);

      // Only Link fields to a tree (or the tree's own name) can take them.
      const onData = await rejection(list(tree, [['title', 'descendants of', 'Europe']]));
      assert.equal(onData.excType, 'DataError');
      const notTree = await rejection(list(office, [['name', 'descendants of', 'x']]));
      assert.match(notTree.message, /not one/);
    });

    test('re-parenting a node moves its subtree, and the operators follow', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      const moved = await admin((ctx) => updateDoc(ctx, tree, 'Germany', { [parentField]: 'Asia' }));
      assert.equal(moved.old_parent, 'Asia');
      assert.deepEqual(await positions(tree), {
        All: [1, 14],
        Europe: [2, 5],
        France: [3, 4],
        Asia: [6, 13],
        Japan: [7, 8],
        Germany: [9, 12],
        Berlin: [10, 11],
      });
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Asia']]), [
        'Berlin',
        'Germany',
        'Japan',
      ]);
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Europe']]), ['France']);
      assert.deepEqual(await list(tree, [['name', 'ancestors of', 'Berlin']]), ['All', 'Asia', 'Germany']);

      // To the roots, and back under a node to its left.
      await admin((ctx) => updateDoc(ctx, tree, 'Asia', { [parentField]: null }));
      assert.deepEqual(await list(tree, [['name', 'ancestors of', 'Berlin']]), ['Asia', 'Germany']);
      await assertConsistent(tree, parentField);
      await admin((ctx) => updateDoc(ctx, tree, 'Asia', { [parentField]: 'Europe' }));
      assert.deepEqual(await list(tree, [['name', 'ancestors of', 'Berlin']]), [
        'All',
        'Asia',
        'Europe',
        'Germany',
      ]);
      await assertConsistent(tree, parentField);
    });

    test('a node cannot move under itself or its descendants; nothing changes', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      const before = await positions(tree);
      for (const target of ['Europe', 'Berlin']) {
        const error = await rejection(
          admin((ctx) => updateDoc(ctx, tree, 'Europe', { [parentField]: target })),
        );
        assert.ok(error instanceof NestedSetRecursionError);
        assert.equal(error.status, 417);
      }
      assert.deepEqual(await positions(tree), before);
    });

    test('deleting a leaf closes its gap', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      await admin((ctx) => deleteDoc(ctx, tree, 'France'));
      assert.deepEqual(await positions(tree), {
        All: [1, 12],
        Europe: [2, 7],
        Germany: [3, 6],
        Berlin: [4, 5],
        Asia: [8, 11],
        Japan: [9, 10],
      });
      await admin((ctx) => deleteDoc(ctx, tree, 'Berlin'));
      await assertConsistent(tree, parentField);
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Europe']]), ['Germany']);
    });

    test('deleting a node with children is refused and changes nothing', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      const before = await positions(tree);
      const error = await rejection(admin((ctx) => deleteDoc(ctx, tree, 'Germany')));
      assert.ok(error instanceof NestedSetChildExistsError);
      assert.equal(error.excType, 'NestedSetChildExistsError');
      assert.equal(error.status, 417);
      assert.deepEqual(await positions(tree), before);
    });

    test('only a group can be a parent, and a parent stays a group', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      const before = await positions(tree);
      const underLeaf = await rejection(
        admin((ctx) => insertDoc(ctx, { doctype: tree, title: 'Paris', [parentField]: 'France' })),
      );
      assert.ok(underLeaf instanceof ValidationError);
      assert.match(underLeaf.message, /not a group/);
      const moveUnderLeaf = await rejection(
        admin((ctx) => updateDoc(ctx, tree, 'Berlin', { [parentField]: 'Japan' })),
      );
      assert.match(moveUnderLeaf.message, /not a group/);
      const demoted = await rejection(admin((ctx) => updateDoc(ctx, tree, 'Germany', { is_group: 0 })));
      assert.match(demoted.message, /cannot be a leaf node/);
      const missing = await rejection(
        admin((ctx) => insertDoc(ctx, { doctype: tree, title: 'Lost', [parentField]: 'Atlantis' })),
      );
      assert.ok(missing instanceof LinkValidationError);
      assert.deepEqual(await positions(tree), before);
    });

    test('renaming keeps a node in place; merging moves its children to the target', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      await admin((ctx) => renameDoc(ctx, tree, 'Germany', 'Deutschland'));
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Deutschland']]), ['Berlin']);
      assert.deepEqual(await list(tree, { [parentField]: 'Deutschland' }), ['Berlin']);
      const mixed = await rejection(admin((ctx) => renameDoc(ctx, tree, 'France', 'Asia', { merge: true })));
      assert.ok(mixed instanceof NestedSetInvalidMergeError);
      await admin((ctx) => renameDoc(ctx, tree, 'Deutschland', 'Asia', { merge: true }));
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Asia']]), ['Berlin', 'Japan']);
      assert.deepEqual(await list(tree, [['name', 'descendants of', 'Europe']]), ['France']);
      await assertConsistent(tree, parentField);
    });

    test('concurrent inserts under different parents keep the nested set whole', async () => {
      const { tree, parentField } = await defineTree();
      await buildWorld(tree, parentField);
      const parents = ['All', 'Europe', 'Germany', 'Asia'];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          admin((ctx) =>
            insertDoc(ctx, { doctype: tree, title: `Town ${i}`, [parentField]: parents[i % parents.length] }),
          ),
        ),
      );
      await assertConsistent(tree, parentField);
      assert.equal((await list(tree, [['name', 'descendants of', 'Germany']])).length, 4);
    });

    test('making an existing DocType a tree numbers its documents from their parent links', async () => {
      const name = uniqueName('Team');
      const parentField = `parent_${name.toLowerCase().replaceAll(' ', '_')}`;
      await s.defineDocType({
        name,
        autoname: 'prompt',
        fields: [{ fieldname: parentField, fieldtype: 'Link', label: 'Parent', options: name }],
      });
      for (const [team, parent] of [
        ['Board', null],
        ['Sales', 'Board'],
        ['Ops', 'Board'],
        ['Field Sales', 'Sales'],
      ] as const)
        await admin((ctx) => insertDoc(ctx, { doctype: name, name: team, [parentField]: parent }));
      await admin((ctx) => updateDoc(ctx, 'DocType', name, { is_tree: 1 }));
      assert.deepEqual(await positions(name), {
        Board: [1, 8],
        Ops: [2, 3],
        Sales: [4, 7],
        'Field Sales': [5, 6],
      });
      assert.deepEqual(await list(name, [['name', 'descendants of', 'Sales']]), ['Field Sales']);
    });
  });
}
