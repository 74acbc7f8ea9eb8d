// The desk under test: a temp bench with a site, the built desk in its assets, the whole stack on free
// ports, and Chromium driven by playwright-core. Waits are on selectors and conditions, never on time.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildDesk } from '../../scripts/build-desk.mjs';
import { createAppSite } from '../../src/apps/site/index.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench } from '../../src/config/bench.ts';
import type { JobRegistry } from '../../src/jobs/index.ts';
import type { BrowserDocument, BrowserWindow } from './browser-globals.ts';

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;
declare const window: BrowserWindow;

export const adminPassword = 'desk-admin-Pw1';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `describe` options for the browser suites: skipped where no Chromium is installed, except under CI
 * (`CI=true`), where a missing browser must fail the run like a missing database does.
 */
export const needsChromium = {
  skip:
    existsSync(chromiumPath) || process.env.CI === 'true'
      ? false
      : `no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`,
};

/** Chromium as CI runs it: Debian's binary, headless, no network side traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // playwright-core gives every launch a fresh, temporary user-data dir of its own.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface DeskStack {
  bench: Bench;
  stack: Stack;
  /** `http://localhost:<router port>` */
  base: string;
  close(): Promise<void>;
}

/**
 * A new bench with site `localhost` (with the built-in app, as `new-site` makes it; `prepare`d, e.g. with apps installed), the desk built into its assets,
 * and the stack running (its worker runs `registry`'s job methods when given, else the bench's).
 */
export async function startDeskStack(
  options: {
    registry?: JobRegistry;
    /** Runs once the site exists and before the stack starts (e.g. `get-app` + `install-app`). */
    prepare?: (bench: Bench, site: string) => Promise<void>;
  } = {},
): Promise<DeskStack> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-desk-'));
  const bench = new Bench(join(root, 'sites'));
  // As `new-site` makes it: the built-in app (comments, assignments, notifications…) installed.
  await createAppSite(bench, { name: 'localhost', dbType: 'sqlite', adminPassword, setDefault: true });
  await options.prepare?.(bench, 'localhost');
  await buildDesk(bench.assetsPath);
  const stack = await startStack(bench, {
    port: 0,
    backendPort: 0,
    socketioPort: 0,
    registry: options.registry,
  });
  return {
    bench,
    stack,
    base: `http://localhost:${stack.port}`,
    async close() {
      await stack.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A browser context logged in as `usr` through the login page, left on `path`. */
export async function loggedIn(
  browser: Browser,
  base: string,
  usr: string,
  pwd: string,
  path = '/app',
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base, viewport });
  const page = await context.newPage();
  await page.goto(`/login?redirect-to=${encodeURIComponent(path)}`);
  await page.fill('#usr', usr);
  await page.fill('#pwd', pwd);
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith('/app')),
    page.click('button[type=submit]'),
  ]);
  await page.waitForSelector('#desk .navbar');
  return { context, page };
}

/** Browser errors collected for a page, to fail a test that logged any. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Calls the API from inside the page (its session cookie and CSRF token), as the desk itself would. */
export async function pageApi<T = Record<string, unknown>>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const token = window.csrf_token ?? '';
      const response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(method === 'GET' ? {} : { 'X-Frappe-CSRF-Token': token }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

/** Resolves once every CSS transition and animation on the page has finished (no clock involved). */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (;;) {
      const running = document.getAnimations().filter((a) => a.playState === 'running');
      if (!running.length) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  });
}

/** Starts summing layout-shift scores on the page (read back with `layoutShift`). */
export async function watchLayoutShift(page: Page): Promise<void> {
  // A string: `layout-shift` entries are browser-only, unknown to Node's PerformanceObserver types.
  await page.evaluate(`(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: false });
  })()`);
}

/** The layout shift summed since `watchLayoutShift`. */
export function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => window.__shift ?? 0);
}
