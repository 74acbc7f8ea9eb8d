import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Database,
  type DocTypeMeta,
  installSystemTables,
  SchemaError,
  schemaAdapter,
  syncTable,
  type TableInfo,
  UniqueViolation,
} from '../../src/db/index.ts';
import { databases } from '../support/services.ts';
import { withTestDatabase } from './support.ts';

function noteMeta(fields: DocTypeMeta['fields'], extra: Partial<DocTypeMeta> = {}): DocTypeMeta {
  return { name: 'Note', module: 'Test', fields, permissions: [], ...extra };
}

const baseFields: DocTypeMeta['fields'] = [
  { fieldname: 'title', fieldtype: 'Data', reqd: 1 },
  { fieldname: 'details_section', fieldtype: 'Section Break' },
  { fieldname: 'qty', fieldtype: 'Data' },
  { fieldname: 'done', fieldtype: 'Check', default: '1' },
  { fieldname: 'amount', fieldtype: 'Currency' },
  { fieldname: 'due', fieldtype: 'Date' },
  { fieldname: 'body', fieldtype: 'Text Editor' },
  { fieldname: 'items', fieldtype: 'Table', options: 'Note Item' },
  { fieldname: 'code', fieldtype: 'Data', unique: 1 },
  { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed', default: 'Open', search_index: 1 },
];

async function describeTable(db: Database, table: string): Promise<TableInfo | undefined> {
  return schemaAdapter(db.dialect.type).describe(db, table);
}

function singleIndexes(info: TableInfo): string[] {
  return info.indexes
    .filter((i) => !i.primary && i.columns.length === 1)
    .map((i) => `${i.columns[0]}:${i.unique ? 'unique' : 'index'}`)
    .sort();
}

for (const kind of databases) {
  describe(`${kind}: syncTable`, () => {
    test('creates tab<DocType> with standard, optional and field columns, and its indexes', () =>
      withTestDatabase(kind, async ({ db }) => {
        const result = await syncTable(db, noteMeta(baseFields));
        assert.deepEqual(result, { table: 'tabNote', created: true, changes: ['create table tabNote'] });
        const info = (await describeTable(db, 'tabNote'))!;
        assert.deepEqual(
          [...info.columns.keys()],
          [
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
            'qty',
            'done',
            'amount',
            'due',
            'body',
            'code',
            'status',
          ],
        );
        assert.equal(info.columns.get('name')!.primaryKey, true);
        assert.deepEqual(singleIndexes(info), ['code:unique', 'modified:index', 'status:index']);

        const q = db.dialect.quote;
        await db.run(`INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}) VALUES (?, ?)`, ['n1', 'A']);
        // Column defaults: Check/Currency/docstatus/idx NOT NULL with their defaults, Select its literal default.
        assert.deepEqual(
          await db.one(
            `SELECT ${q('done')}, ${q('amount')}, ${q('docstatus')}, ${q('idx')}, ${q('status')}, ${q('qty')} FROM ${q('tabNote')}`,
          ),
          { done: 1, amount: 0, docstatus: 0, idx: 0, status: 'Open', qty: null },
        );
      }));

    test('is idempotent: a second sync changes nothing', () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, noteMeta(baseFields));
        const before = await describeTable(db, 'tabNote');
        assert.deepEqual(await syncTable(db, noteMeta(baseFields)), {
          table: 'tabNote',
          created: false,
          changes: [],
        });
        assert.deepEqual(await describeTable(db, 'tabNote'), before);
      }));

    test('child tables get parent, parentfield, parenttype and an index on parent', () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, {
          name: 'Note Item',
          module: 'Test',
          istable: 1,
          fields: [{ fieldname: 'item', fieldtype: 'Data' }],
          permissions: [],
        });
        const info = (await describeTable(db, 'tabNote Item'))!;
        for (const column of ['parent', 'parentfield', 'parenttype', 'item'])
          assert.ok(info.columns.has(column), column);
        assert.equal(info.columns.has('_user_tags'), false);
        assert.deepEqual(singleIndexes(info), ['modified:index', 'parent:index']);
      }));

    test('single DocTypes have no table', () =>
      withTestDatabase(kind, async ({ db }) => {
        const result = await syncTable(db, noteMeta(baseFields, { name: 'Note Settings', issingle: 1 }));
        assert.deepEqual(result, { table: undefined, created: false, changes: [] });
        assert.equal(await describeTable(db, 'tabNote Settings'), undefined);
      }));

    test('adds missing columns to an existing table, filling NOT NULL defaults for existing rows', () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, noteMeta(baseFields));
        const q = db.dialect.quote;
        await db.run(`INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}) VALUES (?, ?)`, ['n1', 'A']);
        const fields: DocTypeMeta['fields'] = [
          ...baseFields,
          { fieldname: 'priority', fieldtype: 'Int', default: '3' },
          { fieldname: 'owner_email', fieldtype: 'Data', length: 200, search_index: 1 as const },
        ];
        const result = await syncTable(db, noteMeta(fields));
        assert.deepEqual(
          result.changes.sort(),
          ['add column owner_email', 'add column priority', `add index ${indexOf(db, 'owner_email')}`].sort(),
        );
        assert.deepEqual(
          await db.one(`SELECT ${q('title')}, ${q('priority')}, ${q('owner_email')} FROM ${q('tabNote')}`),
          {
            title: 'A',
            priority: 3,
            owner_email: null,
          },
        );
        assert.deepEqual((await syncTable(db, noteMeta(fields))).changes, []);
      }));

    test('changes a column type keeping every row (Data -> Int, Data -> Text, longer varchar)', () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, noteMeta(baseFields));
        const q = db.dialect.quote;
        const rows = [
          ['n1', 'First', '5'],
          ['n2', 'Second', '7'],
          ['n3', 'Third', ''],
          ['n4', 'Fourth', null],
        ];
        for (const row of rows) {
          await db.run(
            `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}, ${q('qty')}, ${q('code')}) VALUES (?, ?, ?, ?)`,
            [...row, row[0]],
          );
        }
        const changed = baseFields.map((f) => {
          if (f.fieldname === 'qty') return { ...f, fieldtype: 'Int' };
          if (f.fieldname === 'title') return { ...f, fieldtype: 'Small Text' };
          if (f.fieldname === 'status') return { ...f, length: 200 };
          return f;
        });
        const result = await syncTable(db, noteMeta(changed));
        assert.ok(
          result.changes.some((c) => c.startsWith('change column qty')),
          result.changes.join('; '),
        );
        assert.ok(result.changes.some((c) => c.startsWith('change column title')));
        assert.ok(result.changes.some((c) => c.startsWith('change column status')));
        const info = (await describeTable(db, 'tabNote'))!;
        assert.match(info.columns.get('qty')!.type, /int/);
        assert.equal(info.columns.get('title')!.type, 'text');
        assert.equal(info.columns.get('status')!.type, 'varchar(200)');
        // Every row is still there; blanks became the Int default, like Frappe.
        assert.deepEqual(
          await db.all(
            `SELECT ${q('name')}, ${q('title')}, ${q('qty')}, ${q('code')}, ${q('status')} FROM ${q('tabNote')} ORDER BY ${q('name')}`,
          ),
          [
            { name: 'n1', title: 'First', qty: 5, code: 'n1', status: 'Open' },
            { name: 'n2', title: 'Second', qty: 7, code: 'n2', status: 'Open' },
            { name: 'n3', title: 'Third', qty: 0, code: 'n3', status: 'Open' },
            { name: 'n4', title: 'Fourth', qty: 0, code: 'n4', status: 'Open' },
          ],
        );
        // Indexes survive the change (on SQLite: the rebuild).
        assert.deepEqual(singleIndexes(info), ['code:unique', 'modified:index', 'status:index']);
        assert.deepEqual((await syncTable(db, noteMeta(changed))).changes, []);
      }));

    test('adds and drops unique and search indexes as the meta asks', () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, noteMeta(baseFields));
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}, ${q('code')}) VALUES (?, ?, ?)`;
        await db.run(insert, ['n1', 'Same', 'c1']);
        await assert.rejects(db.run(insert, ['n2', 'Same', 'c1']), UniqueViolation);

        const flipped = baseFields.map((f) => {
          if (f.fieldname === 'code') return { ...f, unique: 0 as const };
          if (f.fieldname === 'status') return { ...f, search_index: 0 as const };
          if (f.fieldname === 'title') return { ...f, unique: 1 as const };
          return f;
        });
        await syncTable(db, noteMeta(flipped));
        assert.deepEqual(singleIndexes((await describeTable(db, 'tabNote'))!), [
          'modified:index',
          'title:unique',
        ]);
        await db.run(insert, ['n2', 'Other', 'c1']);
        await assert.rejects(
          db.run(insert, ['n3', 'Same', 'c3']),
          (e) => e instanceof UniqueViolation && e.column === 'title',
        );
        assert.deepEqual((await syncTable(db, noteMeta(flipped))).changes, []);
      }));

    test("leaves removed fields' columns (and data) in place unless dropColumns is set", () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, noteMeta(baseFields));
        const q = db.dialect.quote;
        await db.run(
          `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}, ${q('qty')}) VALUES (?, ?, ?)`,
          ['n1', 'A', '9'],
        );
        const fewer = baseFields.filter((f) => f.fieldname !== 'qty' && f.fieldname !== 'code');
        assert.deepEqual((await syncTable(db, noteMeta(fewer))).changes, []);
        assert.deepEqual(await db.one(`SELECT ${q('qty')} FROM ${q('tabNote')}`), { qty: '9' });

        const result = await syncTable(db, noteMeta(fewer), { dropColumns: true });
        assert.ok(result.changes.includes('drop column qty') && result.changes.includes('drop column code'));
        const info = (await describeTable(db, 'tabNote'))!;
        assert.equal(info.columns.has('qty'), false);
        assert.equal(info.columns.has('code'), false);
        assert.deepEqual(await db.one(`SELECT ${q('name')}, ${q('title')} FROM ${q('tabNote')}`), {
          name: 'n1',
          title: 'A',
        });
      }));

    test('rejects DocType and field names that are not safe identifiers', () =>
      withTestDatabase(kind, async ({ db }) => {
        await assert.rejects(syncTable(db, noteMeta([], { name: 'Note"; DROP TABLE x; --' })), SchemaError);
        await assert.rejects(syncTable(db, noteMeta([{ fieldname: 'a b', fieldtype: 'Data' }])), SchemaError);
        await assert.rejects(
          syncTable(
            db,
            noteMeta([
              { fieldname: 'a', fieldtype: 'Data' },
              { fieldname: 'a', fieldtype: 'Int' },
            ]),
          ),
          SchemaError,
        );
        assert.equal(await describeTable(db, 'tabNote'), undefined);
      }));

    test('installSystemTables creates tabSingles, tabSeries and __Auth, idempotently', () =>
      withTestDatabase(kind, async ({ db }) => {
        await installSystemTables(db);
        await installSystemTables(db);
        const q = db.dialect.quote;
        assert.deepEqual(
          [...(await describeTable(db, 'tabSingles'))!.columns.keys()],
          ['doctype', 'field', 'value'],
        );
        assert.deepEqual([...(await describeTable(db, 'tabSeries'))!.columns.keys()], ['name', 'current']);
        const auth = (await describeTable(db, '__Auth'))!;
        assert.deepEqual([...auth.columns.keys()], ['doctype', 'name', 'fieldname', 'password', 'encrypted']);
        assert.deepEqual(auth.indexes.find((i) => i.primary)?.columns, ['doctype', 'name', 'fieldname']);
        await db.run(`INSERT INTO ${q('tabSingles')} VALUES (?, ?, ?)`, [
          'System Settings',
          'language',
          'en',
        ]);
        await assert.rejects(
          db.run(`INSERT INTO ${q('tabSingles')} VALUES (?, ?, ?)`, ['System Settings', 'language', 'de']),
          UniqueViolation,
        );
        await db.run(
          `INSERT INTO ${q('__Auth')} (${q('doctype')}, ${q('name')}, ${q('fieldname')}, ${q('password')}) VALUES (?, ?, ?, ?)`,
          ['User', 'a@b.c', 'password', 'hash'],
        );
        await assert.rejects(
          db.run(
            `INSERT INTO ${q('__Auth')} (${q('doctype')}, ${q('name')}, ${q('fieldname')}, ${q('password')}) VALUES (?, ?, ?, ?)`,
            ['User', 'a@b.c', 'password', 'other'],
          ),
          (e) => e instanceof UniqueViolation && e.primaryKey,
        );
      }));
  });
}

describe('sqlite: table rebuild', () => {
  test('keeps rows, columns not in the meta and indexes made outside Cortado', () =>
    withTestDatabase('sqlite', async ({ db }) => {
      await syncTable(db, noteMeta(baseFields));
      await db.run('ALTER TABLE "tabNote" ADD COLUMN legacy text');
      await db.run('CREATE INDEX custom_title_idx ON "tabNote" (title, status)');
      for (let i = 0; i < 50; i++) {
        await db.run('INSERT INTO "tabNote" (name, title, qty, legacy) VALUES (?, ?, ?, ?)', [
          `n${i}`,
          `T${i}`,
          String(i),
          `L${i}`,
        ]);
      }
      const changed = baseFields.map((f) => (f.fieldname === 'qty' ? { ...f, fieldtype: 'Float' } : f));
      const result = await syncTable(db, noteMeta(changed));
      assert.ok(result.changes.includes('rebuild table tabNote'));
      const rows = await db.all<{ name: string; qty: number; legacy: string }>(
        'SELECT name, qty, legacy FROM "tabNote" ORDER BY idx, name',
      );
      assert.equal(rows.length, 50);
      for (const row of rows) {
        const i = Number(row.name.slice(1));
        assert.deepEqual(row, { name: `n${i}`, qty: i, legacy: `L${i}` });
      }
      const info = (await describeTable(db, 'tabNote'))!;
      assert.ok(info.indexes.some((i) => i.name === 'custom_title_idx'));
      assert.equal(
        (await db.one<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%rebuild%'"))!
          .n,
        0,
      );
    }));
});

function indexOf(db: Database, column: string): string {
  return db.dialect.type === 'mariadb' ? `${column}_index` : `tabNote_${column}_index`;
}
