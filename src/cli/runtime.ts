import { benchAppsPath } from '../apps/bench-apps.ts';
import { InstalledApps, readInstalledAppNames } from '../apps/installed-apps.ts';
import { loadApps } from '../apps/load-apps.ts';
import type { LoadedApp } from '../apps/loaded-app.ts';
import { wireApps } from '../apps/wire-apps.ts';
import { wireDesk } from '../apps/wire-desk.ts';
import { overridesClasses } from '../apps/wire-doctype-classes.ts';
import { createModelServices, type ModelServices } from '../backend/api/model-services.ts';
import { MethodRegistry } from '../backend/methods.ts';
import type { BootHook } from '../backend/pages/boot-hooks.ts';
import type { Bus } from '../bus/bus.ts';
import { createBus } from '../bus/index.ts';
import type { Cache } from '../cache/cache.ts';
import { createCache } from '../cache/index.ts';
import type { Bench } from '../config/bench.ts';
import { coreControllers } from '../core/controllers/index.ts';
import { SiteDatabases } from '../db/index.ts';
import {
  benchJobRegistry,
  createJobService,
  type JobRegistry,
  type JobService,
  registerRqJobDocType,
} from '../jobs/index.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import { MetaCaches } from '../model/meta/meta-caches.ts';
import { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';

/**
 * The shared handles every service of one process uses: per-site databases, the cache and the bus, and the
 * registries the bench's apps are wired into. Embedded (no `redis_*` keys in common config) the cache and bus
 * are in-process, so services started together by `cortado start` reach each other through them; with Redis
 * configured they reach other processes. The runtime owns every process-wide cache and its listener.
 */
export interface Runtime {
  bench: Bench;
  databases: SiteDatabases;
  cache: Cache;
  bus: Bus;
  /** Each site's DocType metas, invalidated across processes through the cache and bus. */
  metas: MetaCaches;
  /** Controller hooks of core DocTypes and of the apps. */
  controllers: ControllerRegistry;
  /** Virtual DocTypes: `RQ Job` (from `jobs`), and apps' `is_virtual` DocTypes registered at start-up. */
  virtualDocTypes: VirtualDocTypes;
  /**
   * The process's job service (embedded table queue, or BullMQ on `redis_queue`): the backend enqueues and lists
   * jobs through it; `cortado start` runs its worker and scheduler on it, so an enqueue wakes that worker at once.
   */
  jobs: JobService;
  /** The document engine's process services (metas, controllers, cipher, cache/bus/jobs for app code). */
  model: ModelServices;
  /** Whitelisted methods of the apps (the backend adds the core ones to it). */
  methods: MethodRegistry;
  /** Additions to the desk's boot data (apps' `boot_session`). */
  bootHooks: BootHook[];
  /** The bench's apps (sites/apps.txt), loaded and checked. */
  apps: readonly LoadedApp[];
  /** Each site's installed apps, kept in step with install/uninstall in any process. */
  installedApps: InstalledApps;
  close(): Promise<void>;
}

/** What `createRuntime` may be given instead of its defaults. */
export interface RuntimeOptions {
  /** The job methods this process knows (default: `benchJobRegistry(bench)`); the apps' are added to it. */
  registry?: JobRegistry | undefined;
  /**
   * Statement and lock timeouts on the server databases (`db_statement_timeout`, `db_lock_timeout`): on for the
   * processes that answer requests, off for workers and administrative commands, whose statements may run long.
   */
  statementTimeouts?: boolean | undefined;
}

/**
 * Loads the bench's apps (a broken app is an AppLoadError here, before any database or queue is touched), opens
 * the shared handles and wires the apps into this process's registries.
 */
export async function createRuntime(bench: Bench, options: RuntimeOptions = {}): Promise<Runtime> {
  const apps = await loadApps(bench);
  const common = bench.commonConfig();
  const databases = new SiteDatabases(bench, { statementTimeouts: options.statementTimeouts });
  const cache = createCache({ redisUrl: common.redis_cache });
  const bus = createBus({ redisUrl: common.redis_queue });
  const metas = new MetaCaches({ cache, bus });
  const installedApps = new InstalledApps({
    cache,
    bus,
    read: (site) => readInstalledAppNames(databases.get(site)),
  });
  const stops = [await metas.listen(), await installedApps.listen()];
  const controllers = coreControllers();
  const registry = options.registry ?? (await benchJobRegistry(bench));
  const jobs = createJobService({
    bench,
    databases,
    bus,
    registry,
    installedApps: apps.length ? (site) => installedApps.of(site) : undefined,
  });
  const virtualDocTypes = new VirtualDocTypes();
  registerRqJobDocType(virtualDocTypes, jobs);
  const pathOf = (fn: unknown) => apps.map((app) => app.pathOf(fn)).find((path) => path !== undefined);
  const model = createModelServices({ cache, bus, metas, controllers, bench, jobs, pathOf, virtualDocTypes });
  const methods = new MethodRegistry();
  const bootHooks: BootHook[] = [];
  const close = async () => {
    for (const stop of stops) await stop();
    await jobs.close();
    await Promise.allSettled([databases.closeAll(), cache.close(), bus.close()]);
  };
  try {
    const targets = {
      controllers,
      virtualDocTypes,
      methods,
      jobs: registry,
      model: () => model,
      installed: installedApps,
      bootHooks,
    };
    wireApps(apps, targets, benchAppsPath(bench));
    wireDesk(() => apps, { controllers, bootHooks, installed: installedApps }, bench.assetsPath);
    // A class override is chosen without waiting for a read: know each site's apps before the first request.
    if (overridesClasses(apps)) await installedApps.warm(bench.listSites());
  } catch (error) {
    await close();
    throw error;
  }
  return {
    bench,
    databases,
    cache,
    bus,
    metas,
    controllers,
    virtualDocTypes,
    jobs,
    model,
    methods,
    bootHooks,
    apps,
    installedApps,
    close,
  };
}
