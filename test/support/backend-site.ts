// A throwaway bench with one installed site on a given database, and a backend built on it, for the
// backend and auth suites. Everything made here is removed by `close()`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildBackend } from '../../src/backend/app.ts';
import type { MethodRegistry } from '../../src/backend/methods.ts';
import { startBackend } from '../../src/backend/server.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { Bench, writeJsonAtomic } from '../../src/config/bench.ts';
import { createLogger, type Logger } from '../../src/config/log.ts';
import type { Database } from '../../src/db/database.ts';
import { createServerDatabase, dropServerDatabase, SiteDatabases } from '../../src/db/index.ts';
import { installSite } from '../../src/site/site-install.ts';
import { serverAdmin } from '../db/support.ts';
import { installAndWireBuiltinApp } from './builtin-app.ts';
import type { DbKind } from './services.ts';

export const testSite = 'test.localhost';
export const adminPassword = 'admin-Pa55';

/** Options of a test site and its backend. */
export interface BackendSiteOptions {
  /** Extra keys for the site's `site_config.json` (e.g. `rate_limit_login`, `session_expiry`). */
  siteConfig?: Record<string, unknown>;
  trustedProxies?: readonly string[];
  bodyLimit?: number;
  methods?: MethodRegistry;
  /** The backend's logger (default: silent unless LOG_LEVEL is set). */
  logger?: Logger;
  /** Start it listening on a free loopback port (`startBackend`) instead of only building it. */
  listen?: boolean;
}

/** A running test site: its bench, database, cache, bus, a movable clock, and the backend app. */
export interface BackendSite {
  kind: DbKind;
  site: string;
  bench: Bench;
  db: Database;
  cache: MemoryCache;
  bus: MemoryBus;
  /** The sessions' clock: move `clock.now` forward to age sessions. */
  clock: { now: number };
  app: FastifyInstance;
  /** The bound port when started with `listen`. */
  port: number | undefined;
  close(): Promise<void>;
}

/** Creates a bench with `test.localhost` on `kind`, installs it, and builds a backend on it. */
export async function createBackendSite(
  kind: DbKind,
  options: BackendSiteOptions = {},
): Promise<BackendSite> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-backend-'));
  const bench = new Bench(join(root, 'sites'));
  bench.ensure();
  mkdirSync(bench.sitePath(testSite), { recursive: true });
  let dropDb = async () => {};
  const config: Record<string, unknown> = { db_type: kind, ...options.siteConfig };
  if (kind !== 'sqlite') {
    const admin = serverAdmin(kind);
    const name = `cortado_t_${randomBytes(6).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await createServerDatabase({ ...admin, dbName: name, dbUser: name, dbPassword: password });
    dropDb = () => dropServerDatabase({ ...admin, dbName: name, dbUser: name });
    Object.assign(config, {
      db_name: name,
      db_user: name,
      db_password: password,
      db_host: admin.host,
      db_port: admin.port,
    });
  }
  writeJsonAtomic(bench.siteConfigPath(testSite), config);
  const databases = new SiteDatabases(bench);
  const db = databases.get(testSite);
  await installSite(db, { adminPassword });
  const cache = new MemoryCache({ sweepIntervalMs: 0 });
  const bus = new MemoryBus({ logger: createLogger('test-bus', 'silent') });
  const clock = { now: Date.now() };
  const builtin = await installAndWireBuiltinApp({
    bench,
    site: testSite,
    db,
    cache,
    bus,
    methods: options.methods,
  });
  const backendOptions = {
    bench,
    databases,
    cache,
    bus,
    logger: options.logger ?? createLogger('backend-test', process.env.LOG_LEVEL ?? 'silent'),
    trustedProxies: options.trustedProxies,
    bodyLimit: options.bodyLimit,
    methods: builtin.methods,
    model: builtin.model,
    metas: builtin.model.metas,
    controllers: builtin.model.controllers,
    virtualDocTypes: builtin.model.virtualDocTypes,
    bootHooks: builtin.bootHooks,
    now: () => clock.now,
  };
  const running = options.listen
    ? await startBackend({ ...backendOptions, port: 0, host: '127.0.0.1' })
    : undefined;
  const app = running?.app ?? buildBackend(backendOptions);
  await app.ready();
  return {
    kind,
    site: testSite,
    bench,
    db,
    cache,
    bus,
    clock,
    app,
    port: running?.port,
    close: async () => {
      await app.close();
      await databases.closeAll();
      await cache.close();
      await bus.close();
      await dropDb();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A cookie as the response set it. */
export interface SetCookie {
  name: string;
  value: string;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  path?: string;
}

/** The response's Set-Cookie values by name (last one wins). */
export function setCookies(response: LightMyRequestResponse): Record<string, SetCookie> {
  const out: Record<string, SetCookie> = {};
  for (const cookie of response.cookies as SetCookie[]) out[cookie.name] = cookie;
  return out;
}

/** A Cookie request header from a name→value map. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
}

/** Logs in through the API and returns the session id (throws unless the login succeeded). */
export async function login(
  app: FastifyInstance,
  usr = 'Administrator',
  pwd = adminPassword,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/method/login',
    headers: { host: testSite },
    payload: { usr, pwd },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const sid = setCookies(response).sid?.value;
  if (!sid) throw new Error('login set no sid cookie');
  return sid;
}
