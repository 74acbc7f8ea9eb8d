// App desk scripts and developer mode in Chromium against the real stack, with a real app in the bench (loaded
// by the runtime, installed on one site as install-app records it): its form script (custom button calling a
// whitelisted method, field change setting another field, validate stopping the save, set_query filtering a
// Link search), list settings (indicator) and an app_include_js in TypeScript, built by `cortado build`'s
// buildBenchAppAssets and loaded only on the site with the app; the DocType builder writing a standard
// DocType's JSON back into the app in developer mode, and read-only without it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildDesk } from '../../scripts/build-desk.mjs';
import { createAppSite } from '../../src/apps/site/create-app-site.ts';
import { buildBenchAppAssets } from '../../src/cli/commands/build-command.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench, writeJsonAtomic } from '../../src/config/bench.ts';
import { recordInstalled } from '../apps/support/installed-row.ts';
import type { BrowserDocument, BrowserLocation } from './browser-globals.ts';
import { adminPassword, collectErrors, launchChromium, loggedIn, needsChromium, pageApi } from './support.ts';

declare const document: BrowserDocument;
declare const location: BrowserLocation;

const app = 'library_management';
const withApp = 'localhost';
const withoutApp = '127.0.0.1';

// Plain JS, as Frappe's form scripts are. The button calls the whitelisted frappe.client.set_value.
const articleJs = `
frappe.ui.form.on('Article', {
  refresh(frm) {
    if (frm.is_new()) return;
    frm.add_custom_button(__('Mark Issued'), async () => {
      await frappe.call({
        method: 'frappe.client.set_value',
        args: { doctype: 'Article', name: frm.doc.name, fieldname: 'status', value: 'Issued' },
      });
      await frm.reload_doc();
      frappe.msgprint(__('{0} is issued', [frm.doc.article_name]));
    });
    frm.add_custom_button('Ping', () => frappe.msgprint('pong'), 'Tools');
  },
  article_name(frm) {
    frm.set_value('author', 'Author of ' + frm.doc.article_name);
  },
  validate(frm) {
    if ((frm.doc.description || '').includes('forbidden'))
      frappe.throw(__('Description may not say {0}', ['forbidden']));
  },
});
`;
// By convention beside the DocType JSON (`<dt folder>.js`), as in Frappe.
const transactionJs = `
frappe.ui.form.on('Library Transaction', {
  setup(frm) {
    frm.set_query('article', () => ({ filters: { status: 'Available' } }));
  },
});
`;
// An app_include_js script in TypeScript: bundled like the others, loaded on every desk page.
const includeTs = `
const marker: { library_desk?: string } = window as unknown as { library_desk?: string };
marker.library_desk = 'loaded';
`;
const articleListJs = `
frappe.listview_settings['Article'] = {
  add_fields: ['status'],
  get_indicator(doc) {
    return [doc.status, doc.status === 'Available' ? 'green' : 'red', 'status,=,' + doc.status];
  },
};
`;

/** The app's DocTypes (its JSON files; the test creates them on the sites through the API). */
const appDocTypes = [
  {
    name: 'Article',
    title_field: 'article_name',
    fields: [
      { fieldname: 'article_name', fieldtype: 'Data', label: 'Article Name', reqd: 1, in_list_view: 1 },
      { fieldname: 'author', fieldtype: 'Data', label: 'Author' },
      {
        fieldname: 'status',
        fieldtype: 'Select',
        label: 'Status',
        options: 'Available\nIssued',
        default: 'Available',
      },
      { fieldname: 'description', fieldtype: 'Small Text', label: 'Description' },
    ],
  },
  {
    name: 'Library Transaction',
    fields: [{ fieldname: 'article', fieldtype: 'Link', label: 'Article', options: 'Article' }],
  },
];

/** A real app folder (package.json, hooks.ts, DocType JSON, desk scripts) listed in sites/apps.txt. */
function writeApp(root: string): string {
  const packagePath = join(root, 'apps', app, app);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(packagePath, path)), { recursive: true });
    writeFileSync(join(packagePath, path), text);
  };
  write(
    'hooks.ts',
    `import { defineApp } from 'cortado';
export default defineApp({
  name: '${app}',
  modules: ['Library Management'],
  doctype_js: { Article: 'public/js/article.js' },
  app_include_js: ['public/js/desk.ts'],
});
`,
  );
  writeFileSync(
    join(root, 'apps', app, 'package.json'),
    JSON.stringify({ name: app, version: '0.1.0', type: 'module' }),
  );
  for (const dt of appDocTypes) {
    const folder = dt.name.toLowerCase().replace(/ /g, '_');
    const json = {
      ...dt,
      doctype: 'DocType',
      module: 'Library Management',
      custom: 0,
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    };
    write(`library_management/doctype/${folder}/${folder}.json`, `${JSON.stringify(json, null, 1)}\n`);
  }
  write('public/js/article.js', articleJs);
  write('public/js/desk.ts', includeTs);
  write('library_management/doctype/article/article_list.js', articleListJs);
  write('library_management/doctype/library_transaction/library_transaction.js', transactionJs);
  writeFileSync(join(root, 'sites', 'apps.txt'), `frappe\n${app}\n`);
  return join(packagePath, 'library_management', 'doctype', 'article', 'article.json');
}

/** The app's DocTypes, created on a site through the API (install would sync them from the app's JSON). */
async function createDocTypes(page: Page): Promise<void> {
  for (const dt of appDocTypes) {
    const reply = await pageApi(page, 'POST', '/api/resource/DocType', {
      module: 'Library Management',
      ...dt,
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  }
}

async function insertArticle(page: Page, article_name: string, status: string): Promise<void> {
  const reply = await pageApi(page, 'POST', '/api/resource/Article', { article_name, status });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

async function articleNamed(page: Page, article_name: string): Promise<Record<string, unknown>[]> {
  const filters = encodeURIComponent(JSON.stringify([['article_name', '=', article_name]]));
  const fields = encodeURIComponent(JSON.stringify(['name', 'status', 'author']));
  const reply = await pageApi<{ data: Record<string, unknown>[] }>(
    page,
    'GET',
    `/api/resource/Article?filters=${filters}&fields=${fields}`,
  );
  return reply.body.data;
}

describe('app desk scripts: form scripts and list settings of installed apps', needsChromium, () => {
  let root: string;
  let stack: Stack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let errors: string[];
  let port: number;
  let articleJsonPath: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cortado-desk-apps-'));
    const bench = new Bench(join(root, 'sites'));
    for (const name of [withApp, withoutApp])
      await createAppSite(bench, { name, dbType: 'sqlite', adminPassword, setDefault: name === withApp });
    // Developer mode on the site with the app only.
    writeJsonAtomic(bench.siteConfigPath(withApp), { ...bench.ownSiteConfig(withApp), developer_mode: 1 });
    await buildDesk(bench.assetsPath);
    articleJsonPath = writeApp(root);
    const built = await buildBenchAppAssets(bench);
    assert.deepEqual(
      built.filter((line) => !line.startsWith('frappe:')),
      [`${app}: 2 form scripts, 1 list setting, 1 include`],
    );
    stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
    // Installed on one site only, recorded as install-app records it.
    await recordInstalled(stack.runtime.databases.get(withApp), app, 1);
    await stack.runtime.installedApps.forget(withApp);
    port = stack.port;
    browser = await launchChromium();
    admin = await loggedIn(browser, `http://${withApp}:${port}`, 'Administrator', adminPassword);
    errors = collectErrors(admin.page);
    await createDocTypes(admin.page);
    await insertArticle(admin.page, 'Dune', 'Available');
    await insertArticle(admin.page, 'Emma', 'Issued');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs field change events and lets validate stop the save', async () => {
    const { page } = admin;
    await page.goto('/app/article/new');
    // The app_include_js script (TypeScript) ran on the desk page.
    await page.waitForFunction("window.library_desk === 'loaded'");
    await page.fill('[data-fieldname=article_name] input', 'Neuromancer');
    // The article_name event sets author.
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-fieldname=author] input')?.value ?? '') === 'Author of Neuromancer',
    );
    await page.fill('[data-fieldname=description] textarea', 'Contains forbidden words');
    await page.keyboard.press('Control+s');
    await page.waitForSelector('[data-testid=form-errors]');
    assert.match(
      (await page.textContent('[data-testid=form-errors]')) ?? '',
      /Description may not say forbidden/,
    );
    assert.ok(page.url().endsWith('/app/article/new'), 'still the unsaved form');
    assert.deepEqual(await articleNamed(page, 'Neuromancer'), [], 'nothing was saved');

    await page.fill('[data-fieldname=description] textarea', 'A classic');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => !location.pathname.endsWith('/new'));
    const [saved] = await articleNamed(page, 'Neuromancer');
    assert.equal(saved?.author, 'Author of Neuromancer');
    assert.equal(saved?.status, 'Available');
  });

  it('shows the custom buttons of refresh, and the button calls a whitelisted method', async () => {
    const { page } = admin;
    await page.waitForSelector('button[data-custom-button="Mark Issued"]');
    assert.ok(
      await page.isVisible('details[data-group=Tools] summary'),
      'grouped buttons sit in their group',
    );
    await page.click('button[data-custom-button="Mark Issued"]');
    await page.waitForFunction(
      () => (document.querySelector('[data-fieldname=status] select')?.value ?? '') === 'Issued',
    );
    const [issued] = await articleNamed(page, 'Neuromancer');
    assert.equal(issued?.status, 'Issued');
    await page.waitForSelector('.toast:has-text("Neuromancer is issued")');
  });

  it('filters a Link search by the set_query of the form script', async () => {
    const { page } = admin;
    await page.goto('/app/library-transaction/new');
    await page.focus('[data-fieldname=article] input[role=combobox]');
    await page.waitForSelector('[data-fieldname=article] [role=option]');
    const offered = await page.$$eval('[data-fieldname=article] [role=option] .label', (items) =>
      items.map((item) => item.textContent?.trim()),
    );
    // Dune is Available; Emma and Neuromancer are Issued.
    const [dune] = await articleNamed(page, 'Dune');
    assert.deepEqual(offered, [dune?.name]);
  });

  it('shows the indicator of the list settings', async () => {
    const { page } = admin;
    await page.goto('/app/article');
    await page.waitForSelector('[data-name] [data-testid=indicator]');
    const pills = await page.$$eval('.list-body [data-name]', (rows) =>
      rows.map((row) => row.querySelector('[data-testid=indicator]')?.textContent?.trim()).sort(),
    );
    assert.deepEqual(pills, ['Available', 'Issued', 'Issued']);
    assert.equal(
      await page.getAttribute('[data-name] [data-testid=indicator]:text("Available")', 'class'),
      'pill green',
    );
    assert.deepEqual(errors, []);
  });

  it('in developer mode, saving a standard DocType in the builder writes its JSON into the app', async () => {
    const { page } = admin;
    // Standard, as install-app stores an app's DocTypes.
    const db = stack.runtime.databases.get(withApp);
    await db.run(
      `UPDATE ${db.dialect.quote('tabDocType')} SET ${db.dialect.quote('custom')} = 0 WHERE name = 'Article'`,
    );
    await page.goto('/app/doctype/Article');
    await page.waitForSelector('[data-testid=standard-developer-mode]');
    await page.click('[data-action=add-field]');
    await page.fill('input[name=field-label-4]', 'ISBN');
    await page.click('button[data-action=save]');
    await page.waitForSelector('.toast:has-text("Saved DocType Article")');
    const written = JSON.parse(readFileSync(articleJsonPath, 'utf8')) as {
      fields: Array<Record<string, unknown>>;
    };
    assert.deepEqual(
      written.fields.map((f) => f.fieldname),
      ['article_name', 'author', 'status', 'description', 'isbn'],
    );
    assert.deepEqual(written.fields[4], { fieldname: 'isbn', fieldtype: 'Data', label: 'ISBN' });
    const stored = await pageApi<{ data: { custom: number } }>(page, 'GET', '/api/resource/DocType/Article');
    assert.equal(stored.body.data.custom, 0, 'still standard');
  });

  it('loads none of the scripts on a site without the app', async () => {
    const other = await loggedIn(browser, `http://${withoutApp}:${port}`, 'Administrator', adminPassword);
    try {
      const { page } = other;
      const appRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes(`/assets/${app}/`)) appRequests.push(request.url());
      });
      await createDocTypes(page);
      await page.goto('/app/article/new');
      await page.fill('[data-fieldname=article_name] input', 'Solaris');
      await page.keyboard.press('Control+s');
      await page.waitForFunction(() => !location.pathname.endsWith('/new'));
      assert.equal(await page.inputValue('[data-fieldname=author] input'), '', 'no change event ran');
      assert.equal(await page.locator('[data-custom-button]').count(), 0, 'no custom buttons');
      const boot = await page.evaluate(() => document.querySelector('#cortado-boot')?.textContent ?? '');
      assert.deepEqual(JSON.parse(boot).desk_scripts, {
        app_include_js: [],
        doctype_js: {},
        doctype_list_js: {},
      });
      assert.deepEqual(appRequests, []);
      assert.equal(await page.evaluate('window.library_desk'), undefined);

      // No developer mode here: a standard DocType opens read-only in the builder.
      await page.goto('/app/doctype/ToDo');
      await page.waitForSelector('[data-testid=standard-locked]');
      assert.equal(await page.locator('button[data-action=save]').count(), 0);
      assert.ok(await page.isDisabled('input[name=field-label-0]'));
    } finally {
      await other.context.close();
    }
  });
});
