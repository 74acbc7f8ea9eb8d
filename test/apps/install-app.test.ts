import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../src/apps/app-context.ts';
import type { LoadedApp } from '../../src/apps/loaded-app.ts';
import {
  exportFixtures,
  installApp,
  migrateApps,
  type SiteAppsEnv,
  uninstallApp,
} from '../../src/apps/site/index.ts';
import { ranPatches, readInstalledApps, readModuleDefs } from '../../src/core/apps/index.ts';
import { loadMeta } from '../../src/db/schema/index.ts';
import { jobTypeTable } from '../../src/jobs/index.ts';
import { getDoc, insertDoc, updateDoc } from '../../src/model/document/index.ts';
import { type TestBench, testBench } from '../backup/support.ts';
import { builtinApp } from '../support/builtin-app.ts';
import { databases } from '../support/services.ts';
import { asAdmin, columns, rowCount, siteEnv, testApp } from './site-apps-support.ts';

const article = {
  name: 'Article',
  autoname: 'field:article_name',
  fields: [
    { fieldname: 'article_name', fieldtype: 'Data', label: 'Article Name', reqd: 1, unique: 1 },
    { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Issued\nAvailable' },
  ],
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
};

for (const kind of databases) {
  describe(`${kind}: apps on a site`, () => {
    let t: TestBench;
    let site: string;
    let env: SiteAppsEnv;
    let library: LoadedApp;
    let builtin: LoadedApp;
    const ran: string[] = [];

    const makeLibrary = (extra: Partial<Parameters<typeof testApp>[1]> = {}) =>
      testApp(t.root, {
        name: 'library',
        doctypes: [article],
        fixtures: { Article: [{ name: 'Fixture Book', article_name: 'Fixture Book', status: 'Available' }] },
        patches: [
          {
            path: 'library.patches.v1.first',
            execute: () => {
              ran.push('first');
            },
          },
        ],
        functions: {
          'library.library.tasks.mark_overdue': () => undefined,
          'library.library.install.after_install': async (ctx: AppContext) => {
            await ctx.insert({ doctype: 'ToDo', description: 'library installed' });
          },
        },
        definition: {
          scheduler_events: { daily: ['library.library.tasks.mark_overdue'] },
          after_install: 'library.library.install.after_install',
          fixtures: ['Article'],
        },
        ...extra,
      });

    before(async () => {
      t = testBench();
      site = await t.newSite(kind);
      library = makeLibrary();
      builtin = await builtinApp();
      env = siteEnv(t, site, [builtin, library]);
    });
    after(() => t.close());

    test('a new site records the core as the installed app frappe, owning the core modules', async () => {
      const apps = await readInstalledApps(env.db);
      assert.deepEqual(
        apps.map((a) => a.app_name),
        ['frappe'],
      );
      const core = (await readModuleDefs(env.db)).find((m) => m.module_name === 'Core');
      assert.equal(core?.app_name, 'frappe');
    });

    test('install-app refuses an app the bench lacks and one redefining a core DocType, changing nothing', async () => {
      await assert.rejects(installApp(env, 'nope'), /app nope is not in this bench/);
      const rogue = testApp(t.root, {
        name: 'rogue',
        doctypes: [{ name: 'ToDo', fields: [{ fieldname: 'x', fieldtype: 'Data' }] }],
      });
      await assert.rejects(
        installApp({ ...env, apps: [rogue] }, 'rogue'),
        /DocType ToDo is already defined by app frappe/,
      );
      assert.deepEqual(
        (await readInstalledApps(env.db)).map((a) => a.app_name),
        ['frappe'],
      );
      assert.equal((await loadMeta(env.db, 'ToDo'))?.module, 'Desk');
    });

    test('install-app backs up, creates the DocTypes, records the app, its modules, jobs, fixtures and patches', async () => {
      const report = await installApp(env, 'library');
      assert.ok(existsSync(report.backup), 'a backup was taken first');
      assert.deepEqual(
        (await readInstalledApps(env.db)).map((a) => [a.app_name, a.app_version]),
        [
          ['frappe', (await readInstalledApps(env.db))[0]!.app_version],
          ['library', '1.0.0'],
        ],
      );
      const meta = await loadMeta(env.db, 'Article');
      assert.equal(meta?.custom, undefined, 'standard: custom 0 (left out like every empty value)');
      assert.equal(meta?.module, 'Library');
      assert.equal(
        (await readModuleDefs(env.db)).find((m) => m.module_name === 'Library')?.app_name,
        'library',
      );
      assert.ok((await columns(env, 'tabArticle')).includes('article_name'));
      const book = await asAdmin(env, (ctx) => getDoc(ctx, 'Article', 'Fixture Book'));
      assert.equal(book.status, 'Available');
      assert.deepEqual(
        [...(await ranPatches(env.db))].filter((p) => p.startsWith('library.')),
        ['library.patches.v1.first'],
      );
      assert.deepEqual(ran, [], 'install marks the patches done without running them');
      const q = env.db.dialect.quote;
      const job = await env.db.one<{ frequency: string }>(
        `SELECT ${q('frequency')} FROM ${q(jobTypeTable)} WHERE ${q('method')} = ?`,
        ['library.library.tasks.mark_overdue'],
      );
      assert.equal(job?.frequency, 'Daily');
      const todo = await env.db.one(
        `SELECT 1 AS ${q('x')} FROM ${q('tabToDo')} WHERE ${q('description')} = ?`,
        ['library installed'],
      );
      assert.ok(todo, 'after_install ran with the app API');
      await assert.rejects(installApp(env, 'library'), /already installed/);
    });

    test('migrate syncs a changed DocType JSON and runs each new patch once, in order', async () => {
      library = makeLibrary({
        version: '1.1.0',
        doctypes: [
          {
            ...article,
            fields: [...article.fields, { fieldname: 'isbn', fieldtype: 'Data', label: 'ISBN' }],
          },
        ],
        patches: [
          { path: 'library.patches.v1.first', execute: () => ran.push('first') },
          {
            path: 'library.patches.v1_1.fill_isbn',
            execute: async (ctx: AppContext) => {
              ran.push('fill_isbn');
              const book = await ctx.getDoc('Article', 'Fixture Book');
              await ctx.save({ ...book, isbn: 'n/a' });
            },
          },
        ],
      });
      env = { ...env, apps: [builtin, library] };
      await migrateApps(env);
      assert.ok((await columns(env, 'tabArticle')).includes('isbn'), 'the new field is a column');
      assert.deepEqual(ran, ['fill_isbn']);
      const book = await asAdmin(env, (ctx) => getDoc(ctx, 'Article', 'Fixture Book'));
      assert.equal(book.isbn, 'n/a');
      assert.equal((await readInstalledApps(env.db))[1]?.app_version, '1.1.0');
      await migrateApps(env);
      assert.deepEqual(ran, ['fill_isbn'], 'a patch runs once');
    });

    test('a failing patch stops migrate naming it; the patches after it wait for the next run', async () => {
      let broken = true;
      library = makeLibrary({
        patches: [
          {
            path: 'library.patches.v2.breaks',
            execute: () => {
              if (broken) throw new Error('boom');
              ran.push('breaks');
            },
          },
          { path: 'library.patches.v2.after', execute: () => ran.push('after') },
        ],
      });
      env = { ...env, apps: [builtin, library] };
      await assert.rejects(
        migrateApps(env),
        /patch library\.patches\.v2\.breaks of app library failed: boom/,
      );
      assert.ok(!ran.includes('after'));
      assert.ok(!(await ranPatches(env.db)).has('library.patches.v2.breaks'));
      broken = false;
      await migrateApps(env);
      assert.deepEqual(ran.slice(-2), ['breaks', 'after']);
    });

    test('export-fixtures writes the records, and they import back as they were', async () => {
      await asAdmin(env, (ctx) => updateDoc(ctx, 'Article', 'Fixture Book', { status: 'Issued' }));
      const [file] = await exportFixtures(env, library);
      assert.ok(file?.endsWith('/library/fixtures/article.json'));
      const records = JSON.parse(readFileSync(file!, 'utf8')) as Array<Record<string, unknown>>;
      assert.deepEqual(
        records.map((r) => [r.doctype, r.name, r.status]),
        [['Article', 'Fixture Book', 'Issued']],
      );
      assert.equal(records[0]!.owner, undefined, 'bookkeeping is left out');
      await asAdmin(env, (ctx) => updateDoc(ctx, 'Article', 'Fixture Book', { status: 'Available' }));
      library = { ...library, fixtures: [{ doctype: 'Article', path: file! }] };
      env = { ...env, apps: [builtin, library] };
      await migrateApps(env);
      const book = await asAdmin(env, (ctx) => getDoc(ctx, 'Article', 'Fixture Book'));
      assert.equal(book.status, 'Issued');
    });

    test('a broken fixture file stops with one line naming it', async () => {
      const bad = `${library.packagePath}/fixtures/bad.json`;
      writeFileSync(bad, '{"not": "a list"}');
      const env2 = { ...env, apps: [builtin, { ...library, fixtures: [{ doctype: 'Article', path: bad }] }] };
      await assert.rejects(migrateApps(env2), /fixture .*bad\.json must be a JSON list of records/);
    });

    test('uninstall-app refuses while another DocType links to its records, and removes everything with force', async () => {
      await asAdmin(env, async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'DocType',
          name: 'Loan Note',
          module: 'Custom',
          fields: [{ fieldname: 'article', fieldtype: 'Link', label: 'Article', options: 'Article' }],
        });
      });
      await env.metas.invalidate();
      await asAdmin(env, (ctx) => insertDoc(ctx, { doctype: 'Loan Note', article: 'Fixture Book' }));
      await assert.rejects(
        uninstallApp(env, 'library'),
        /cannot uninstall library: Loan Note\.article links to Article in 1 record; pass --force/,
      );
      assert.equal(await rowCount(env, 'tabArticle'), 1, 'nothing removed');
      const dry = await uninstallApp(env, 'library', { dryRun: true });
      assert.deepEqual(dry.doctypes, ['Article']);
      assert.equal(dry.backup, undefined);

      const report = await uninstallApp(env, 'library', { force: true });
      assert.ok(report.backup && existsSync(report.backup), 'a backup was taken before deleting data');
      assert.equal(await rowCount(env, 'tabArticle'), undefined, 'the table is gone');
      assert.equal(await loadMeta(env.db, 'Article'), undefined);
      assert.deepEqual(
        (await readInstalledApps(env.db)).map((a) => a.app_name),
        ['frappe'],
      );
      assert.equal(
        (await readModuleDefs(env.db)).find((m) => m.app_name === 'library'),
        undefined,
      );
      assert.deepEqual(
        [...(await ranPatches(env.db))].filter((p) => p.startsWith('library.')),
        [],
      );
      const q = env.db.dialect.quote;
      assert.equal(
        await env.db.one(
          `SELECT 1 AS ${q('x')} FROM ${q(jobTypeTable)} WHERE ${q('method')} LIKE 'library.%'`,
        ),
        undefined,
      );
      await assert.rejects(uninstallApp(env, 'library'), /not installed/);
      await assert.rejects(uninstallApp(env, 'frappe'), /cannot be uninstalled/);
    });
  });
}
