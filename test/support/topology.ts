// The distributed topology as separate `cortado` processes for end-to-end suites: a site on PostgreSQL with
// Redis for cache, queue and bus, two backends, two websocket services and one router in front of them (and
// optionally a worker and the scheduler). Fault suites kill and restart its processes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from '../../src/config/bench.ts';
import { dropServerDatabase } from '../../src/db/index.ts';
import { serverAdmin } from '../db/support.ts';
import { type CortadoProcess, freePort, runCortado, spawnCortado, waitHealthy } from './e2e.ts';
import { redisUrl } from './services.ts';
import { until } from './until.ts';

// Seven processes compiling TypeScript at once on two busy cores can take a while to listen.
const START_TIMEOUT_MS = 90_000;

/** A running topology; `close` stops every process, drops the site's database and removes the bench. */
export interface Topology {
  root: string;
  sitesPath: string;
  site: string;
  /** The router's URL. */
  base: string;
  frontendPort: number;
  backends: Array<{ port: number; process: CortadoProcess }>;
  websockets: Array<{ port: number; process: CortadoProcess }>;
  /** With `jobs`: the worker (every queue) and the scheduler. */
  worker?: CortadoProcess;
  scheduler?: CortadoProcess;
  /** Environment for `cortado` commands run against this bench (its heartbeat folder). */
  env: Record<string, string>;
  /** Starts a fresh backend on `backends[i]`'s port (after its process was stopped), once it is healthy. */
  restartBackend(i: number): Promise<void>;
  /** Starts a fresh worker (after the old one was stopped), once `health worker` passes. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Options of `startTopology`. */
export interface TopologyOptions {
  adminPassword: string;
  /** Extra router environment (e.g. `UPSTREAM_REAL_IP_ADDRESS`); the site is fixed by `FRAPPE_SITE_NAME_HEADER`. */
  frontendEnv?: Record<string, string>;
  /** Also run a worker on every queue and the scheduler, waiting until both report healthy. */
  jobs?: boolean;
  /** Redis for cache and queue (default TEST_REDIS_URL): a suite that stops Redis runs its own. */
  redisUrl?: string;
  /** Extra keys for `common_site_config.json` (e.g. `job_stall_timeout`, `job_modules`). */
  commonConfig?: Record<string, unknown>;
  /** Runs once the site exists and before any process starts (e.g. `get-app` + `install-app`). */
  prepare?: (bench: { sitesPath: string; site: string }) => Promise<void>;
}

/**
 * Creates a site on the test PostgreSQL and starts 2 backends, 2 websockets, the router (and with `jobs` a
 * worker and the scheduler), waiting until each answers its health check.
 *
 * @example const topo = await startTopology({ adminPassword: 'pw' }); await login(topo.base, 'Administrator', 'pw');
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-topo-'));
  const sitesPath = join(root, 'sites');
  const site = `e2e-${randomBytes(4).toString('hex')}.test`;
  const admin = serverAdmin('postgres');
  mkdirSync(sitesPath, { recursive: true });
  writeFileSync(
    join(sitesPath, 'common_site_config.json'),
    JSON.stringify({
      db_host: admin.host,
      db_port: admin.port,
      redis_cache: options.redisUrl ?? redisUrl,
      redis_queue: options.redisUrl ?? redisUrl,
      ...options.commonConfig,
    }),
  );
  const created = await runCortado([
    '--sites-path',
    sitesPath,
    'new-site',
    site,
    '--db-type',
    'postgres',
    '--db-root-username',
    admin.rootUser,
    '--admin-password',
    options.adminPassword,
  ]).then(
    () => true,
    (error: unknown) => {
      rmSync(root, { recursive: true, force: true });
      throw error;
    },
  );
  const env = { CORTADO_HEALTH_DIR: join(root, 'health') };
  const all: CortadoProcess[] = [];
  const close = async () => {
    await Promise.all(all.map((p) => p.stop()));
    if (created) {
      const config = new Bench(sitesPath).siteConfig(site);
      await dropServerDatabase({ ...admin, dbName: config.db_name!, dbUser: config.db_name! });
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await options.prepare?.({ sitesPath, site });
    const [frontendPort, b1, b2, w1, w2] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
    const serve = (role: string, port: number) => {
      const process = spawnCortado([
        '--sites-path',
        sitesPath,
        role,
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ]);
      all.push(process);
      return process;
    };
    const backends = [b1!, b2!].map((port) => ({ port, process: serve('backend', port) }));
    const websockets = [w1!, w2!].map((port) => ({ port, process: serve('websocket', port) }));
    const frontend = spawnCortado(['--sites-path', sitesPath, 'frontend', '--port', String(frontendPort)], {
      BACKEND: backends.map((b) => `127.0.0.1:${b.port}`).join(','),
      SOCKETIO: websockets.map((w) => `127.0.0.1:${w.port}`).join(','),
      // Port-based tenancy: every request is this site whatever the Host (frappe_docker's fixed header).
      FRAPPE_SITE_NAME_HEADER: site,
      ...options.frontendEnv,
    });
    all.push(frontend);
    await Promise.all(
      [...backends, ...websockets, { port: frontendPort!, process: frontend }].map(({ port, process }) =>
        waitHealthy(`http://127.0.0.1:${port}/health`, process, START_TIMEOUT_MS),
      ),
    );
    const healthy = (role: string) =>
      until(
        () =>
          runCortado(['--sites-path', sitesPath, 'health', role], env).then(
            () => true,
            () => false,
          ),
        `${role} healthy`,
        { timeoutMs: 30_000, everyMs: 250 },
      );
    const startWorker = () => {
      const worker = spawnCortado(
        ['--sites-path', sitesPath, 'worker', '--queue', 'short,default,long'],
        env,
      );
      all.push(worker);
      return worker;
    };
    let worker: CortadoProcess | undefined;
    let scheduler: CortadoProcess | undefined;
    if (options.jobs) {
      worker = startWorker();
      scheduler = spawnCortado(['--sites-path', sitesPath, 'scheduler'], env);
      all.push(scheduler);
      await healthy('worker');
      await healthy('scheduler');
    }
    const topology: Topology = {
      root,
      env,
      sitesPath,
      site,
      base: `http://127.0.0.1:${frontendPort}`,
      frontendPort: frontendPort!,
      backends,
      websockets,
      worker,
      scheduler,
      async restartBackend(i) {
        const backend = backends[i]!;
        backend.process = serve('backend', backend.port);
        await waitHealthy(`http://127.0.0.1:${backend.port}/health`, backend.process, START_TIMEOUT_MS);
      },
      async restartWorker() {
        topology.worker = startWorker();
        await healthy('worker');
      },
      close,
    };
    return topology;
  } catch (error) {
    await close();
    throw error;
  }
}
