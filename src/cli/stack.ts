import { startAppReloader } from '../apps/reload/app-reloader.ts';
import { reloadsAppCode } from '../apps/reload/developer-mode.ts';
import type { Bench } from '../config/bench.ts';
import { type JobRegistry, Scheduler, startWorker } from '../jobs/index.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { runBackend, runFrontend, runWebsocket } from './services.ts';

/** Every service of `cortado start`, running in this process. */
export interface Stack {
  runtime: Runtime;
  /** The router's port: where browsers go. */
  port: number;
  backendPort: number;
  socketioPort: number;
  close(): Promise<void>;
}

export interface StackPorts {
  /** Router port; undefined = `$FRONTEND_PORT` or 8080. 0 picks free ports (tests). */
  port?: number;
  backendPort: number;
  socketioPort: number;
  /** The job methods of this stack (default: `benchJobRegistry(bench)`); tests register their own. */
  registry?: JobRegistry | undefined;
  /** Reload app code on change (default: when developer mode is on, `reloadsAppCode`). */
  reloadApps?: boolean | undefined;
  /** Where reload lines go (default: stderr). */
  log?: ((line: string) => void) | undefined;
}

/**
 * Starts backend and websocket on loopback, a worker on every queue, the scheduler, and the router in
 * front of them, sharing one runtime (databases, cache, bus): embedded when the
 * common config names no Redis.
 *
 * @example const stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
 */
export async function startStack(bench: Bench, ports: StackPorts): Promise<Stack> {
  const runtime = await createRuntime(bench, { registry: ports.registry, statementTimeouts: true });
  const backend = await runBackend(runtime, ports.backendPort, '127.0.0.1');
  const websocket = await runWebsocket(runtime, ports.socketioPort, '127.0.0.1');
  // Jobs on every queue in this process: the embedded table queue wakes this worker on enqueue.
  const { jobs } = runtime;
  const worker = startWorker(jobs, { queues: Object.keys(jobs.timeouts) });
  const scheduler = new Scheduler(jobs, { bench });
  scheduler.start();
  const log = ports.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const reloader =
    (ports.reloadApps ?? reloadsAppCode(bench)) ? startAppReloader(bench, runtime, log) : undefined;
  // CORTADO_ROUTER_THREAD=1 puts the router on a thread of its own (docs/frontend.md, "In cortado start").
  const frontend = await runFrontend(
    {
      BACKEND: `127.0.0.1:${backend.port}`,
      SOCKETIO: `127.0.0.1:${websocket.port}`,
      SITES_PATH: bench.sitesPath,
      ...(ports.port !== undefined ? { FRONTEND_PORT: String(ports.port) } : {}),
    },
    { ownThread: process.env.CORTADO_ROUTER_THREAD === '1' },
  );
  return {
    runtime,
    port: frontend.port,
    backendPort: backend.port,
    socketioPort: websocket.port,
    async close() {
      await reloader?.close();
      await frontend.close(1000);
      await Promise.allSettled([backend.close(), websocket.close()]);
      await scheduler.close();
      await worker.close(5000);
      await runtime.close();
    },
  };
}
