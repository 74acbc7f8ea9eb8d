// `cortado/testing`: what an app's own tests start from. A throwaway bench with the app at apps/<name>, one
// fresh SQLite site with the app installed, the app API in a committed transaction (`run`) and the backend in
// process (`request`, through Fastify's inject: no port, every route and method as in production).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppContext } from './apps/app-context.ts';
import { appContextOf } from './apps/app-context-of.ts';
import { docContextFor } from './apps/doc-context-for.ts';
import { createAppSite } from './apps/site/create-app-site.ts';
import { installApp } from './apps/site/install-app.ts';
import { generateApiKeys } from './auth/users.ts';
import { buildBackend } from './backend/app.ts';
import { siteAppsEnv } from './cli/commands/app-commands.ts';
import { createRuntime } from './cli/runtime.ts';
import { backendHandles } from './cli/services.ts';
import { Bench } from './config/bench.ts';
import { createLogger } from './config/log.ts';

/** What `createTestSite` makes. */
export interface TestSiteOptions {
  /** The app's folder (its package.json names the app). */
  appPath: string;
  /** The site's name (default `test.localhost`). */
  site?: string;
}

/** A reply of `request`: status, JSON body (undefined when empty) and headers. */
export interface TestReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field by the test's assertions.
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A running test site. */
export interface TestSite {
  site: string;
  /** The bench root (holds `apps/` and `sites/`). */
  root: string;
  /** Runs `fn` with the app API as `user` (default Administrator) in a transaction committed when it resolves. */
  run<T>(fn: (ctx: AppContext) => T | Promise<T>, options?: { user?: string }): Promise<T>;
  /** Sends a request to the backend as `user` (default Administrator; `Guest` sends no credentials). */
  request(method: string, path: string, body?: unknown, options?: { user?: string }): Promise<TestReply>;
  /** Stops everything and removes the bench. */
  close(): Promise<void>;
}

export const testAdminPassword = 'admin-Test-Pa55';
const appName = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A bench with the app at `appPath` and a fresh SQLite site with it installed.
 *
 * @example const t = await createTestSite({ appPath: new URL('..', import.meta.url).pathname });
 *          await t.run((ctx) => ctx.insert({ doctype: 'Article', article_name: 'Dune' })); await t.close();
 */
export async function createTestSite(options: TestSiteOptions): Promise<TestSite> {
  const appPath = resolve(options.appPath);
  const name = (JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as { name?: unknown }).name;
  if (typeof name !== 'string' || !appName.test(name))
    throw new Error(`${appPath}: package.json "name" must be the app's name (lowercase letters, digits, _)`);
  const site = options.site ?? 'test.localhost';
  const root = mkdtempSync(join(tmpdir(), 'cortado-app-test-'));
  let close = async () => rmSync(root, { recursive: true, force: true });
  try {
    mkdirSync(join(root, 'apps'));
    symlinkSync(appPath, join(root, 'apps', name), 'dir');
    const bench = new Bench(join(root, 'sites'));
    bench.ensure();
    writeFileSync(join(root, 'sites', 'apps.txt'), `${name}\n`);
    await createAppSite(bench, { name: site, dbType: 'sqlite', adminPassword: testAdminPassword });
    const runtime = await createRuntime(bench);
    const removeBench = close;
    close = async () => {
      await runtime.close();
      await removeBench();
    };
    const { databases, model } = runtime;
    await installApp(siteAppsEnv(runtime, site), name);
    const logger = createLogger('app-test', process.env.LOG_LEVEL ?? 'silent');
    const app = buildBackend({ ...backendHandles(runtime), logger });
    await app.ready();
    const stopRuntime = close;
    close = async () => {
      await app.close();
      await stopRuntime();
    };
    const tokens = new Map<string, string>();
    const tokenOf = async (user: string) => {
      let token = tokens.get(user);
      if (!token) {
        const keys = await generateApiKeys(databases.get(site), user);
        token = `token ${keys.apiKey}:${keys.apiSecret}`;
        tokens.set(user, token);
      }
      return token;
    };
    return {
      site,
      root,
      run: (fn, { user = 'Administrator' } = {}) =>
        databases
          .get(site)
          .transaction(async (db) => fn(appContextOf(await docContextFor(model, { site, user, db })))),
      request: async (method, path, body, { user = 'Administrator' } = {}) => {
        const headers: Record<string, string> = { 'x-frappe-site-name': site, accept: 'application/json' };
        if (user !== 'Guest') headers.authorization = await tokenOf(user);
        const response = await app.inject({
          method: method.toUpperCase() as 'GET',
          url: path,
          headers,
          ...(body === undefined ? {} : { payload: body as object }),
        });
        const text = response.body;
        return {
          status: response.statusCode,
          body: text ? JSON.parse(text) : undefined,
          headers: response.headers,
        };
      },
      close: () => close(),
    };
  } catch (error) {
    await close();
    throw error;
  }
}
