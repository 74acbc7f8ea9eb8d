import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreDocTypes, installCoreSchema } from '../../src/core/doctypes/index.ts';
import {
  type Database,
  type DocTypeMeta,
  listDocTypes,
  loadMeta,
  normalizeTemporal,
  schemaAdapter,
  storeMeta,
  tableName,
  UniqueViolation,
} from '../../src/db/index.ts';
import { databases } from '../support/services.ts';
import { withTestDatabase } from './support.ts';

const hidden = new Set([
  'creation',
  'modified_by',
  'owner',
  'docstatus',
  'idx',
  'parent',
  'parentfield',
  'parenttype',
]);

/** What loadMeta should return for a meta: the keys that are columns, empty values (null, '', 0) left out. */
async function expectedShape(db: Database, meta: DocTypeMeta): Promise<Record<string, unknown>> {
  const adapter = schemaAdapter(db.dialect.type);
  const columnsOf = async (doctype: string) => (await adapter.describe(db, tableName(doctype)))!.columns;
  const [parent, fields, perms] = await Promise.all([
    columnsOf('DocType'),
    columnsOf('DocField'),
    columnsOf('DocPerm'),
  ]);
  const pick = (source: Record<string, unknown>, columns: Map<string, unknown>) =>
    Object.fromEntries(
      Object.entries(source).filter(
        ([key, value]) =>
          columns.has(key) && !hidden.has(key) && value !== '' && value !== 0 && value !== null,
      ),
    );
  return {
    ...pick(meta, parent),
    modified: normalizeTemporal(meta.modified),
    fields: meta.fields.map((f) => pick(f, fields)),
    permissions: meta.permissions.map((p) => pick(p, perms)),
  };
}

for (const kind of databases) {
  describe(`${kind}: core schema`, () => {
    test('installs system tables, a table per core DocType and every meta, reporting progress', () =>
      withTestDatabase(kind, async ({ db }) => {
        const progress: Array<[string, number, number]> = [];
        const { changes } = await installCoreSchema(db, (step, done, total) =>
          progress.push([step, done, total]),
        );
        assert.ok(changes.includes('create table tabUser'));
        assert.ok(changes.includes('store meta User'));
        const total = 1 + coreDocTypes.length * 2;
        assert.equal(progress.length, total);
        assert.deepEqual(
          progress.map(([, done]) => done),
          Array.from({ length: total }, (_, i) => i + 1),
        );
        assert.ok(progress.every(([, , t]) => t === total));

        const names = coreDocTypes.map((m) => m.name).sort();
        assert.deepEqual((await listDocTypes(db)).sort(), names);
        assert.deepEqual(names, [
          'Comment',
          'DefaultValue',
          'DocField',
          'DocPerm',
          'DocShare',
          'DocType',
          'File',
          'Has Role',
          'Installed Application',
          'Installed Applications',
          'Module Def',
          'Patch Log',
          'RQ Job',
          'Role',
          'Scheduled Job Log',
          'Scheduled Job Type',
          'Sessions',
          'ToDo',
          'User',
          'User Permission',
          'Version',
        ]);
        const adapter = schemaAdapter(db.dialect.type);
        // RQ Job is virtual and Installed Applications a Single: neither has a table.
        const tabled = names.filter((n) => n !== 'RQ Job' && n !== 'Installed Applications');
        for (const name of [...tabled, 'Singles', 'Series']) {
          assert.ok(await adapter.describe(db, tableName(name)), `tab${name} exists`);
        }
        assert.ok(await adapter.describe(db, '__Auth'));
      }));

    test('is idempotent: a second install changes nothing', () =>
      withTestDatabase(kind, async ({ db }) => {
        await installCoreSchema(db);
        const q = db.dialect.quote;
        const snapshot = () =>
          db.all(
            `SELECT ${q('name')}, ${q('parent')}, ${q('modified')}, ${q('fieldname')} FROM ${q('tabDocField')} ORDER BY ${q('name')}`,
          );
        const before = await snapshot();
        assert.ok(before.length > 50);
        assert.deepEqual(await installCoreSchema(db), { changes: [] });
        assert.deepEqual(await snapshot(), before);
      }));

    test('loadMeta returns each core DocType as its JSON has it, for the keys stored', () =>
      withTestDatabase(kind, async ({ db }) => {
        await installCoreSchema(db);
        for (const meta of coreDocTypes) {
          assert.deepEqual(await loadMeta(db, meta.name), await expectedShape(db, meta), meta.name);
        }
        const user = (await loadMeta(db, 'User'))!;
        assert.equal(user.autoname, 'field:email');
        const enabled = user.fields.find((f) => f.fieldname === 'enabled')!;
        assert.deepEqual([enabled.fieldtype, enabled.default, enabled.in_list_view], ['Check', '1', 1]);
        assert.equal(user.fields.find((f) => f.fieldname === 'roles')?.options, 'Has Role');
        assert.deepEqual(user.permissions[0], {
          role: 'System Manager',
          read: 1,
          write: 1,
          create: 1,
          delete: 1,
          report: 1,
          export: 1,
          import: 1,
          share: 1,
          print: 1,
          email: 1,
        });
        assert.equal(await loadMeta(db, 'Nope'), undefined);
      }));

    test('storeMeta replaces a changed meta and skips an unchanged one', () =>
      withTestDatabase(kind, async ({ db }) => {
        await installCoreSchema(db);
        const meta: DocTypeMeta = {
          name: 'Note',
          module: 'Desk',
          fields: [
            { fieldname: 'description', fieldtype: 'Text Editor', reqd: 1, in_list_view: 1 },
            { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed', default: 'Open' },
          ],
          permissions: [{ role: 'All', read: 1, write: 1, create: 1, if_owner: 1 }],
        };
        assert.equal(await storeMeta(db, meta), true);
        assert.equal(await storeMeta(db, meta), false);
        const changed = { ...meta, fields: [meta.fields[1]!], title_field: 'status' };
        assert.equal(await storeMeta(db, changed), true);
        const loaded = (await loadMeta(db, 'Note'))!;
        assert.equal(loaded.title_field, 'status');
        assert.deepEqual(loaded.fields, [
          { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed', default: 'Open' },
        ]);
        assert.deepEqual(loaded.permissions, [{ role: 'All', read: 1, write: 1, create: 1, if_owner: 1 }]);
        assert.match(String(loaded.modified), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
        const q = db.dialect.quote;
        const rows = await db.one<{ n: number }>(
          `SELECT count(*) AS n FROM ${q('tabDocField')} WHERE ${q('parent')} = ?`,
          ['Note'],
        );
        assert.equal(rows?.n, 1);
        assert.deepEqual(
          (await listDocTypes(db)).sort(),
          [...coreDocTypes.map((m) => m.name), 'Note'].sort(),
        );
      }));

    test('tabUser enforces a unique api_key', () =>
      withTestDatabase(kind, async ({ db }) => {
        await installCoreSchema(db);
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabUser')} (${q('name')}, ${q('email')}, ${q('first_name')}, ${q('api_key')}) VALUES (?, ?, ?, ?)`;
        await db.run(insert, ['a@example.com', 'a@example.com', 'A', 'key1']);
        await assert.rejects(
          db.run(insert, ['b@example.com', 'b@example.com', 'B', 'key1']),
          (e) => e instanceof UniqueViolation && e.column === 'api_key',
        );
        assert.deepEqual(
          await db.one(
            `SELECT ${q('enabled')}, ${q('user_type')}, ${q('simultaneous_sessions')} FROM ${q('tabUser')}`,
          ),
          {
            enabled: 1,
            user_type: 'System User',
            simultaneous_sessions: 2,
          },
        );
      }));
  });
}
