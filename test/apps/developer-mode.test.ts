// Developer mode and standard DocTypes: without it a standard DocType cannot be changed through the document
// engine (the desk builder saves through it); with it, the change is saved and the app's DocType JSON is
// rewritten in Frappe's export shape. The app DocType is made standard the way install/migrate stores app
// DocTypes (custom = 0, the app's module).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readAppDocType } from '../../src/apps/app-doctype-json.ts';
import { doctypeJson } from '../../src/apps/developer-mode/doctype-json.ts';
import { registerDocTypeWriteBack } from '../../src/apps/developer-mode/write-back.ts';
import type { LoadedApp } from '../../src/apps/loaded-app.ts';
import { recordModuleDefs } from '../../src/core/apps/index.ts';
import { schemaAdapter } from '../../src/db/index.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { createDocContext, type DocContext, getDoc, saveDoc } from '../../src/model/index.ts';
import { scrub } from '../../src/model/meta/scrub.ts';
import { type ModelSite, openModelSite, rejection, site, uniqueName } from '../model/support.ts';
import { databases } from '../support/services.ts';

type Doc = Record<string, unknown>;

/** An app as the loader describes it, shipping one DocType whose JSON lives in `jsonPath`. */
function appShipping(name: string, jsonPath: string): LoadedApp {
  return {
    name: 'library_management',
    version: '0.1.0',
    path: '/nowhere',
    packagePath: '/nowhere/library_management',
    definition: { name: 'library_management', modules: ['Library Management'] },
    modules: new Map([['Library Management', 'library_management']]),
    doctypes: [
      {
        meta: { name, module: 'Library Management', fields: [], permissions: [] },
        jsonPath,
        controllerPath: undefined,
        controller: undefined,
      },
    ],
    patches: [],
    fixtures: [],
    functions: new Map(),
    pathOf: () => undefined,
  };
}

for (const kind of databases) {
  describe(`${kind}: developer mode and standard DocTypes`, () => {
    let s: ModelSite;
    let dir: string;
    let jsonPath: string;
    let article: string;
    const original = '{"name": "as shipped"}\n';

    /** Runs `fn` as Administrator with the site's developer mode on or off. */
    const asAdmin = <T>(developerMode: boolean, fn: (ctx: DocContext) => Promise<T>) =>
      s.db.transaction((tx) =>
        fn(
          createDocContext({
            site,
            db: tx,
            user: 'Administrator',
            metas: s.metas,
            controllers: s.controllers,
            developerMode,
          }),
        ),
      );

    before(async () => {
      s = await openModelSite(kind);
      dir = mkdtempSync(join(tmpdir(), 'cortado-devmode-'));
      article = uniqueName('Article');
      // The app's layout: <module folder>/doctype/<dt folder>/<dt folder>.json.
      const folder = join(dir, 'library_management', 'doctype', scrub(article));
      mkdirSync(folder, { recursive: true });
      jsonPath = join(folder, `${scrub(article)}.json`);
      writeFileSync(jsonPath, original);
      await s.defineDocType({
        name: article,
        fields: [{ fieldname: 'article_name', fieldtype: 'Data', label: 'Article Name', reqd: 1 }],
      });
      const q = s.db.dialect.quote;
      await s.db.run(
        `UPDATE ${q('tabDocType')} SET ${q('custom')} = 0, ${q('module')} = ? WHERE ${q('name')} = ?`,
        ['Library Management', article],
      );
      // install-app records the app's modules; a standard DocType's module Link then holds.
      await recordModuleDefs(s.db, 'library_management', ['Library Management']);
      registerDocTypeWriteBack(s.controllers, () => [appShipping(article, jsonPath)]);
    });
    after(async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const withField = <T extends Doc>(doc: T, fieldname: string): T => ({
      ...doc,
      fields: [...(doc.fields as Doc[]), { fieldname, fieldtype: 'Data', label: 'Author' }],
    });

    test('without developer mode a standard DocType is refused, and nothing changes', async () => {
      const error = await rejection(
        asAdmin(false, async (ctx) =>
          saveDoc(ctx, withField(await getDoc(ctx, 'DocType', article), 'author')),
        ),
      );
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /cannot be changed unless the site is in developer mode/);
      const stored = await asAdmin(false, (ctx) => getDoc(ctx, 'DocType', article));
      assert.deepEqual(
        (stored.fields as Doc[]).map((f) => f.fieldname),
        ['article_name'],
      );
      assert.equal(readFileSync(jsonPath, 'utf8'), original);
    });

    test("with developer mode the change is saved, stays standard, and the app's JSON is rewritten", async () => {
      const saved = await asAdmin(true, async (ctx) =>
        saveDoc(ctx, withField(await getDoc(ctx, 'DocType', article), 'author')),
      );
      assert.equal(saved.custom, 0);
      const info = await schemaAdapter(kind).describe(s.db, `tab${article}`);
      assert.ok(info?.columns.has('author'), 'the new column exists');

      const text = readFileSync(jsonPath, 'utf8');
      assert.equal(text, doctypeJson(saved));
      const written = JSON.parse(text) as Doc;
      // Frappe's export shape: sorted keys, 1-space indent, no database columns on rows, nothing empty.
      assert.deepEqual(Object.keys(written), Object.keys(written).sort());
      assert.ok(text.startsWith('{\n "'), 'one space of indent');
      assert.equal(written.name, article);
      assert.equal(written.doctype, 'DocType');
      assert.equal(written.module, 'Library Management');
      const fields = written.fields as Doc[];
      assert.deepEqual(
        fields.map((f) => f.fieldname),
        ['article_name', 'author'],
      );
      assert.deepEqual(fields[1], { fieldname: 'author', fieldtype: 'Data', label: 'Author' });
      for (const row of [...fields, ...(written.permissions as Doc[])]) {
        for (const column of ['name', 'parent', 'parenttype', 'idx', 'owner', 'doctype'])
          assert.equal(row[column], undefined, `${column} is left out`);
      }
      assert.ok((written.permissions as Doc[]).some((p) => p.role === 'System Manager'));
      // The loader reads it back as the app's standard DocType.
      const reread = readAppDocType(jsonPath, new Map([['Library Management', 'library_management']]));
      assert.deepEqual(
        reread.fields.map((f) => f.fieldname),
        ['article_name', 'author'],
      );
      assert.equal(reread.custom, 0);
    });

    test('with developer mode a standard DocType no app ships (core) is refused', async () => {
      const error = await rejection(
        asAdmin(true, async (ctx) =>
          saveDoc(ctx, { ...(await getDoc(ctx, 'DocType', 'ToDo')), description: 'x' }),
        ),
      );
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /belongs to no app of this bench/);
    });
  });
}
