import { createCredentialResolver } from '../auth/credentials.ts';
import { type RunningBackend, startBackend } from '../backend/server.ts';
import { createLogger } from '../config/log.ts';
import {
  type FrontendThread,
  parseFrontendConfig,
  startFrontend,
  startFrontendThread,
} from '../frontend/index.ts';
import { documentPermissions } from '../realtime/document-permissions.ts';
import { type RealtimeService, startRealtime } from '../realtime/index.ts';
import type { Runtime } from './runtime.ts';

/** Backends sit behind the router, whose address in a container network is private: trust those. */
const defaultTrustedProxies = [
  '127.0.0.0/8',
  '::1/128',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
];

// What a backend takes from the runtime: its handles, and the registries the apps are wired into.
const backendKeys = [
  'bench',
  'databases',
  'cache',
  'bus',
  'metas',
  'controllers',
  'virtualDocTypes',
  'jobs',
  'model',
  'methods',
  'bootHooks',
] as const;

/** The runtime's parts a backend is built from (`cortado backend`, `start` and `cortado/testing` alike). */
export function backendHandles(runtime: Runtime): Pick<Runtime, (typeof backendKeys)[number]> {
  return Object.fromEntries(backendKeys.map((key) => [key, runtime[key]])) as Pick<
    Runtime,
    (typeof backendKeys)[number]
  >;
}

/** Starts the backend app server on the runtime's handles. */
export function runBackend(runtime: Runtime, port: number, host: string): Promise<RunningBackend> {
  const trusted = process.env.BACKEND_TRUSTED_PROXIES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return startBackend({
    ...backendHandles(runtime),
    logger: createLogger('backend'),
    trustedProxies: trusted ?? defaultTrustedProxies,
    port,
    host,
  });
}

/** Starts the websocket service; sessions are checked against the shared store, never the public origin. */
export function runWebsocket(runtime: Runtime, port: number, host: string): Promise<RealtimeService> {
  const resolve = createCredentialResolver({ databases: runtime.databases, cache: runtime.cache });
  return startRealtime({
    port,
    host,
    bench: runtime.bench,
    bus: runtime.bus,
    sessions: { resolve },
    permissions: documentPermissions(runtime),
    redisUrl: runtime.bench.commonConfig().redis_queue,
    logger: createLogger('websocket'),
  });
}

/** How the router runs. */
export interface RunFrontendOptions {
  /**
   * On a worker thread of its own (`cortado start` with CORTADO_ROUTER_THREAD=1, where the other
   * services share the process): it then has a core of its own instead of waiting behind their work.
   * A thread that dies stops the process with SIGTERM, so that the rest shuts down as on Ctrl+C.
   */
  ownThread?: boolean;
}

/** Starts the router from the environment, with `overrides` (e.g. the upstreams `start` runs itself). */
export function runFrontend(
  overrides: Record<string, string> = {},
  options: RunFrontendOptions = {},
): Promise<FrontendThread> {
  const config = parseFrontendConfig({ ...process.env, ...overrides });
  if (!options.ownThread) return startFrontend(config);
  return startFrontendThread(config, {
    onCrash: (error) => {
      process.stderr.write(`cortado: the router thread stopped: ${error.message}\n`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });
}
