// The desk's frame in Chromium against the real stack: the shell loads the fingerprinted bundle, the
// login round trip and session expiry, home and awesome bar, code splitting and the size budget,
// narrow screens and labelled controls.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bundleSizes } from '../../scripts/build-desk.mjs';
import type { BrowserDocument, BrowserWindow } from './browser-globals.ts';
import {
  adminPassword,
  collectErrors,
  type DeskStack,
  launchChromium,
  loggedIn,
  needsChromium,
  pageApi,
  startDeskStack,
} from './support.ts';

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;
declare const window: BrowserWindow;

/** Compressed bytes of the desk's JavaScript the page downloaded (Resource Timing). */
function deskScriptBytes(page: Page): Promise<{ bytes: number; files: string[] }> {
  return page.evaluate(() => {
    const entries = (
      performance.getEntriesByType('resource') as unknown as Array<{ name: string; encodedBodySize: number }>
    ).filter((e) => /\/assets\/desk\/.*\.js$/.test(e.name));
    return {
      bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
      files: entries.map((e) => new URL(e.name).pathname.split('/').pop()!),
    };
  });
}

describe('the desk shell', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('serves /app with the fingerprinted, immutable, precompressed bundle from the manifest', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    try {
      const html = await (await page.request.get('/app')).text();
      const script = /<script type="module" src="(\/assets\/desk\/app\.[0-9a-f]{8}\.js)"><\/script>/.exec(
        html,
      )?.[1];
      assert.ok(script, `bundle script tag in:\n${html}`);
      assert.match(html, /<link rel="stylesheet" href="\/assets\/desk\/app\.[0-9a-f]{8}\.css">/);
      assert.match(html, /<script type="application\/json" id="cortado-boot">\{"user":"Administrator"/);
      const asset = await page.request.get(script, { headers: { 'accept-encoding': 'br' } });
      assert.equal(asset.status(), 200);
      assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(asset.headers()['content-encoding'], 'br');
    } finally {
      await context.close();
    }
  });

  it('sends a guest to the login page and back to the list they asked for', async () => {
    const context = await browser.newContext({ baseURL: ds.base });
    try {
      const page = await context.newPage();
      await page.goto('/app/todo?status=Open');
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect-to'), '/app/todo?status=Open');
      await page.fill('#usr', 'Administrator');
      await page.fill('#pwd', adminPassword);
      await Promise.all([page.waitForURL('**/app/todo?status=Open'), page.click('button[type=submit]')]);
      await page.waitForSelector('.list');
      assert.equal(await page.inputValue('select[name=std-status]'), 'Open', 'route options become filters');
    } finally {
      await context.close();
    }
  });

  it('redirects to /login?redirect-to=<current path> when the session ends under it', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword, '/app/todo');
    try {
      await page.waitForSelector('.list');
      const out = await pageApi(page, 'POST', '/api/method/logout');
      assert.equal(out.status, 200);
      // The next API call of the desk (reloading the list in a new order) meets a Guest session.
      await page.click('[data-action=sort-order]');
      await page.waitForURL((url) => url.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect-to'), '/app/todo');
    } finally {
      await context.close();
    }
  });

  it('lists readable DocTypes by module on the home page', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    try {
      await page.waitForSelector('.modules');
      const modules = await page.$$eval('.module', (cards) =>
        Object.fromEntries(
          cards.map((c) => [
            c.querySelector('h2')?.textContent,
            [...c.querySelectorAll('li a')].map((a) => a.textContent),
          ]),
        ),
      );
      assert.ok(modules.Desk?.includes('ToDo'), JSON.stringify(modules));
      assert.ok(modules.Core?.includes('User'));
      assert.ok(!modules.Core?.includes('Has Role'), 'child tables are not listed');
    } finally {
      await context.close();
    }
  });

  it('jumps with the awesome bar (Ctrl+G): to "new X", to a document, to a list', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    try {
      await page.waitForSelector('.modules');
      await page.keyboard.press('Control+g');
      await page.keyboard.type('new todo');
      await page.waitForSelector('#awesome-list [role=option][aria-selected=true]:has-text("New ToDo")');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/app/todo/new');
      await page.waitForSelector('.text-editor');

      const created = await pageApi<{ data: { name: string } }>(page, 'POST', '/api/resource/ToDo', {
        description: 'Water the zucchini',
      });
      assert.equal(created.status, 200);
      await page.keyboard.press('Control+g');
      await page.keyboard.type('zucchini');
      const option = `#awesome-list [role=option]:has-text("${created.body.data.name}")`;
      await page.waitForSelector(option);
      await page.click(option);
      await page.waitForURL(`**/app/todo/${created.body.data.name}`);

      await page.keyboard.press('Control+g');
      await page.keyboard.type('todo');
      await page.waitForSelector('#awesome-list [role=option][aria-selected=true]:has-text("ToDo")');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/app/todo');
      await page.waitForSelector('.list-body .list-row');
    } finally {
      await context.close();
    }
  });

  it('loads one chunk per view, and the list view first loads under 300 KB of compressed JavaScript', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword, '/app/todo');
    try {
      await page.waitForSelector('.list');
      const list = await deskScriptBytes(page);
      assert.ok(
        list.files.some((f) => f.startsWith('ListView.')),
        list.files.join(),
      );
      assert.ok(
        !list.files.some((f) => /^(FormView|DocTypeBuilder)\./.test(f)),
        `no form/builder code: ${list.files}`,
      );
      assert.ok(list.bytes > 0 && list.bytes < 300 * 1024, `list view first load: ${list.bytes} bytes`);

      const manifestSize = bundleSizes(join(ds.bench.assetsPath, 'desk'), [
        'src/main.ts',
        'src/views/list/ListView.vue',
      ]);
      assert.ok(manifestSize.gzip < 300 * 1024, `entry + list chunk: ${manifestSize.gzip} bytes gzip`);

      await page.click('.page-actions a.btn.primary');
      await page.waitForSelector('.form-body');
      const form = await deskScriptBytes(page);
      assert.ok(
        form.files.some((f) => f.startsWith('FormView.')),
        'the form chunk loads when a form opens',
      );
    } finally {
      await context.close();
    }
  });

  it('works at 360 px wide: no horizontal scrolling on home, list or form', async () => {
    const { context, page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword, '/app', {
      width: 360,
      height: 740,
    });
    try {
      const errors = collectErrors(page);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.waitForSelector('.modules');
      assert.equal(await overflow(), 0, 'home');
      await page.goto('/app/todo');
      await page.waitForSelector('.list-body .list-row');
      assert.equal(await overflow(), 0, 'list');
      const rowBox = await page.locator('.list-body .list-row').first().boundingBox();
      assert.ok(rowBox && rowBox.width <= 360);
      await page.goto('/app/todo/new');
      await page.waitForSelector('.form-body');
      assert.equal(await overflow(), 0, 'form');
      await page.goto('/app/doctype/new');
      await page.waitForSelector('.builder');
      assert.equal(await overflow(), 0, 'builder');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('gives every control of a form an accessible name', async () => {
    const { context, page } = await loggedIn(
      browser,
      ds.base,
      'Administrator',
      adminPassword,
      '/app/user/new',
    );
    try {
      await page.waitForSelector('.form-body');
      const unnamed = await page.$$eval(
        'input:not([type=hidden]), select, textarea, [role=textbox], [role=combobox]',
        (els) =>
          els
            .filter((el) => {
              const e = el as unknown as {
                labels?: { length: number } | null;
                getAttribute(n: string): string | null;
              };
              const labelled =
                e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
              return !labelled;
            })
            .map((el) => el.outerHTML.slice(0, 120)),
      );
      assert.deepEqual(unnamed, []);
    } finally {
      await context.close();
    }
  });
});
