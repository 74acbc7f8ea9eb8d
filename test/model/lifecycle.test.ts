import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LinkExistsError, TimestampMismatchError, ValidationError } from '../../src/errors/index.ts';
import {
  createDocContext,
  type Doc,
  type DocContext,
  deleteDoc,
  getDoc,
  insertDoc,
  newDoc,
  renameDoc,
  runDocMethod,
  saveDoc,
} from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, site, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: document lifecycle`, () => {
    let s: ModelSite;
    let parent: string;
    let line: string;
    let ref: string;
    before(async () => {
      s = await openModelSite(kind);
      line = await s.defineDocType({
        name: uniqueName('Life Line'),
        istable: 1,
        fields: [{ fieldname: 'label', fieldtype: 'Data', label: 'Label' }],
      });
      parent = await s.defineDocType({
        name: uniqueName('Project'),
        autoname: 'prompt',
        allow_rename: 1,
        track_changes: 1,
        fields: [
          { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
          { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: line },
        ],
      });
      ref = await s.defineDocType({
        name: uniqueName('Project Ref'),
        allow_rename: 0,
        fields: [{ fieldname: 'project', fieldtype: 'Link', label: 'Project', options: parent }],
      });
    });
    after(() => s.close());

    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);

    test('newDoc gives an unsaved document with its defaults', async () => {
      const draft = await admin((ctx) => newDoc(ctx, 'ToDo'));
      assert.deepEqual(draft, {
        doctype: 'ToDo',
        owner: 'Administrator',
        docstatus: 0,
        idx: 0,
        status: 'Open',
        priority: 'Medium',
        __islocal: 1,
        __unsaved: 1,
      });
    });

    test('a stale modified is a TimestampMismatchError; without modified there is no conflict', async () => {
      const doc = await admin((ctx) =>
        insertDoc(ctx, { doctype: parent, name: uniqueName('P'), title: 'v1' }),
      );
      const first = await admin((ctx) => saveDoc(ctx, { ...doc, title: 'v2' }));
      assert.notEqual(first.modified, doc.modified);
      const stale = await rejection(admin((ctx) => saveDoc(ctx, { ...doc, title: 'v3' })));
      assert.ok(stale instanceof TimestampMismatchError);
      assert.match(stale.message, /Document has been modified after you have opened it/);
      const { modified: _, ...blind } = doc;
      const saved = await admin((ctx) => saveDoc(ctx, { ...blind, title: 'v4' } as Doc));
      assert.equal(saved.title, 'v4');
    });

    test('modified moves forward on every save, even when the clock does not', async () => {
      const fixed = new Date(2024, 0, 2, 3, 4, 5, 6);
      const pinned = <T>(fn: (ctx: DocContext) => Promise<T>) =>
        s.db.transaction((tx) =>
          fn(
            createDocContext({
              site,
              db: tx,
              user: 'Administrator',
              metas: s.metas,
              controllers: s.controllers,
              now: () => fixed,
            }),
          ),
        );
      const doc = await pinned((ctx) =>
        insertDoc(ctx, { doctype: parent, name: uniqueName('Clock'), title: 'a' }),
      );
      assert.equal(doc.modified, '2024-01-02 03:04:05.006000');
      const second = await pinned((ctx) => saveDoc(ctx, { ...doc, title: 'b' }));
      assert.equal(second.modified, '2024-01-02 03:04:05.006001');
      const stale = await rejection(pinned((ctx) => saveDoc(ctx, { ...doc, title: 'c' })));
      assert.ok(stale instanceof TimestampMismatchError);
    });

    test('controller hooks run in Frappe order, and may change the document', async () => {
      const dt = await s.defineDocType({
        name: uniqueName('Hooked'),
        fields: [{ fieldname: 'v', fieldtype: 'Data', label: 'V' }],
      });
      const calls: string[] = [];
      for (const event of [
        'before_insert',
        'before_validate',
        'validate',
        'before_save',
        'after_insert',
        'on_update',
        'on_change',
        'on_trash',
        'after_delete',
      ] as const) {
        s.controllers.on(dt, event, (doc, { action }) => {
          calls.push(`${event}:${action}`);
          if (event === 'validate') doc.v = `${String(doc.v)}!`;
        });
      }
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, v: 'x' }));
      assert.equal(doc.v, 'x!');
      assert.deepEqual(calls.splice(0), [
        'before_insert:insert',
        'before_validate:insert',
        'validate:insert',
        'before_save:insert',
        'after_insert:insert',
        'on_update:insert',
        'on_change:insert',
      ]);
      await admin((ctx) => saveDoc(ctx, doc));
      assert.deepEqual(calls.splice(0), [
        'before_validate:save',
        'validate:save',
        'before_save:save',
        'on_update:save',
        'on_change:save',
      ]);
      await admin((ctx) => deleteDoc(ctx, dt, String(doc.name)));
      assert.deepEqual(calls.splice(0), ['on_trash:delete', 'after_delete:delete']);
      s.controllers.on(dt, 'validate', () => {
        throw new ValidationError('no thanks');
      });
      const refused = await rejection(admin((ctx) => insertDoc(ctx, { doctype: dt, v: 'y' })));
      assert.match(refused.message, /no thanks/);
      const q = s.db.dialect.quote;
      assert.equal((await s.db.all(`SELECT 1 AS x FROM ${q(`tab${dt}`)}`)).length, 0, 'rolled back');
    });

    test('whitelisted document methods run through runDocMethod', async () => {
      s.controllers.whitelist(parent, 'shout', async (doc, { ctx, args }) => {
        await saveDoc(ctx, { ...doc, title: String(doc.title).toUpperCase() });
        return `${String(args.greeting)} ${String(doc.name)}`;
      });
      const doc = await admin((ctx) =>
        insertDoc(ctx, { doctype: parent, name: uniqueName('Loud'), title: 'quiet' }),
      );
      const result = await admin((ctx) =>
        runDocMethod(ctx, parent, String(doc.name), 'shout', { greeting: 'hi' }, 'write'),
      );
      assert.equal(result.message, `hi ${doc.name}`);
      assert.equal(result.doc.title, 'QUIET');
      const missing = await rejection(admin((ctx) => runDocMethod(ctx, parent, String(doc.name), 'nope')));
      assert.equal((missing as { status?: number }).status, 404);
    });

    test('track_changes records a Version of what changed', async () => {
      const doc = await admin((ctx) =>
        insertDoc(ctx, {
          doctype: parent,
          name: uniqueName('Tracked'),
          title: 'old',
          lines: [{ label: 'a' }],
        }),
      );
      await admin((ctx) => saveDoc(ctx, { ...doc, title: 'new', lines: [{ label: 'b' }] }));
      const q = s.db.dialect.quote;
      const versions = await s.db.all<{ data: string }>(
        `SELECT ${q('data')} FROM ${q('tabVersion')} WHERE ${q('ref_doctype')} = ? AND ${q('docname')} = ?`,
        [parent, doc.name],
      );
      assert.equal(versions.length, 1);
      const data = JSON.parse(versions[0]!.data);
      assert.deepEqual(data.changed, [['title', 'old', 'new']]);
      assert.deepEqual(
        data.added.map((a: [string, Doc]) => [a[0], a[1].label]),
        [['lines', 'b']],
      );
      assert.deepEqual(
        data.removed.map((a: [string, Doc]) => [a[0], a[1].label]),
        [['lines', 'a']],
      );
      // Saving without changes records nothing.
      await admin(async (ctx) => saveDoc(ctx, await getDoc(ctx, parent, String(doc.name))));
      const after = await s.db.all(`SELECT 1 AS x FROM ${q('tabVersion')} WHERE ${q('docname')} = ?`, [
        doc.name,
      ]);
      assert.equal(after.length, 1);
    });

    test('delete is refused while another document links to it, and removes child rows', async () => {
      const doc = await admin((ctx) =>
        insertDoc(ctx, {
          doctype: parent,
          name: uniqueName('Linked'),
          lines: [{ label: 'x' }, { label: 'y' }],
        }),
      );
      const link = await admin((ctx) => insertDoc(ctx, { doctype: ref, project: doc.name }));
      const error = await rejection(admin((ctx) => deleteDoc(ctx, parent, String(doc.name))));
      assert.ok(error instanceof LinkExistsError);
      assert.equal((error as unknown as LinkExistsError).status, 417);
      assert.match(error.message, new RegExp(`is linked with ${ref} ${link.name}`));
      await admin((ctx) => deleteDoc(ctx, ref, String(link.name)));
      await admin((ctx) => deleteDoc(ctx, parent, String(doc.name)));
      const q = s.db.dialect.quote;
      const rows = await s.db.all(`SELECT 1 AS x FROM ${q(`tab${line}`)} WHERE ${q('parent')} = ?`, [
        doc.name,
      ]);
      assert.equal(rows.length, 0);
    });

    test('ToDos and Versions referring to a deleted document go with it', async () => {
      const doc = await admin((ctx) =>
        insertDoc(ctx, { doctype: parent, name: uniqueName('Followed'), title: 'a' }),
      );
      await admin((ctx) => saveDoc(ctx, { ...doc, title: 'b' }));
      await admin((ctx) =>
        insertDoc(ctx, {
          doctype: 'ToDo',
          description: 'look',
          reference_type: parent,
          reference_name: doc.name,
        }),
      );
      await admin((ctx) => deleteDoc(ctx, parent, String(doc.name)));
      const q = s.db.dialect.quote;
      const todos = await s.db.all(`SELECT 1 AS x FROM ${q('tabToDo')} WHERE ${q('reference_name')} = ?`, [
        doc.name,
      ]);
      const versions = await s.db.all(`SELECT 1 AS x FROM ${q('tabVersion')} WHERE ${q('docname')} = ?`, [
        doc.name,
      ]);
      assert.deepEqual([todos.length, versions.length], [0, 0]);
    });

    test('rename moves the document, its rows and the links to it', async () => {
      const old = uniqueName('Before');
      await admin((ctx) => insertDoc(ctx, { doctype: parent, name: old, lines: [{ label: 'r' }] }));
      const link = await admin((ctx) => insertDoc(ctx, { doctype: ref, project: old }));
      const target = uniqueName('After');
      assert.equal(await admin((ctx) => renameDoc(ctx, parent, old, target)), target);
      const moved = await admin((ctx) => getDoc(ctx, parent, target));
      assert.deepEqual(
        (moved.lines as Doc[]).map((r) => [r.label, r.parent]),
        [['r', target]],
      );
      assert.equal((await admin((ctx) => getDoc(ctx, ref, String(link.name)))).project, target);
      const gone = await rejection(admin((ctx) => getDoc(ctx, parent, old)));
      assert.equal((gone as { status?: number }).status, 404);
      const taken = await admin((ctx) => insertDoc(ctx, { doctype: parent, name: uniqueName('Taken') }));
      const clash = await rejection(admin((ctx) => renameDoc(ctx, parent, target, String(taken.name))));
      assert.equal((clash as { status?: number }).status, 409);
      const notAllowed = await rejection(admin((ctx) => renameDoc(ctx, ref, String(link.name), 'x')));
      assert.match(notAllowed.message, /not allowed to be renamed/);
    });
  });
}
