import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadApps } from '../../apps/load-apps.ts';
import { createAppSite } from '../../apps/site/index.ts';
import type { RunningBackend } from '../../backend/server.ts';
import type { Bench } from '../../config/bench.ts';
import type { RealtimeService } from '../../realtime/index.ts';
import { benchFor } from '../global-options.ts';
import { createProgress } from '../progress.ts';
import { createRuntime } from '../runtime.ts';
import { runBackend, runFrontend, runWebsocket } from '../services.ts';
import { onShutdown, shutdownMarginMs } from '../shutdown.ts';
import { startStack } from '../stack.ts';
import { buildBenchAppAssets } from './build-command.ts';
import { positiveInt } from './job-commands.ts';
import { parsePort } from './site-commands.ts';

const graceOption = [
  '--grace <seconds>',
  'on SIGTERM, how long requests in flight may finish before their connections are cut',
  positiveInt,
  8,
] as const;

/** `start` (every service, one process) and one command per service for separate processes. */
export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description('run every service in one process (router, backend, websocket) on embedded defaults')
    .option('--port <port>', 'router port (default: $FRONTEND_PORT or 8080)', parsePort)
    .option('--backend-port <port>', 'backend port', parsePort, 8000)
    .option('--socketio-port <port>', 'websocket port', parsePort, 9000)
    .action(async (opts, command: Command) => {
      const bench = benchFor(command);
      // A broken app stops start-up here, before a first site is made or the desk built.
      const apps = await loadApps(bench);
      await ensureFirstSite(bench);
      await ensureDeskBuilt(bench);
      // The apps' desk scripts: a script that does not build stops start with its one line.
      await buildBenchAppAssets(bench, apps);
      const stack = await startStack(bench, {
        port: opts.port,
        backendPort: opts.backendPort,
        socketioPort: opts.socketioPort,
      });
      onShutdown(() => stack.close());
      const site = bench.defaultSite() ?? bench.listSites()[0];
      process.stdout.write(
        `\nCortado is running: open http://${site === 'localhost' ? 'localhost' : site}:${stack.port}/app\n` +
          `Log in as Administrator. Sites: ${bench.listSites().join(', ')}. Stop with Ctrl+C.\n\n`,
      );
    });

  program
    .command('backend')
    .description('run the backend app server (frappe_docker: backend)')
    .option('--port <port>', 'port (default: webserver_port or 8000)', parsePort)
    .option('--host <host>', 'listen address', '0.0.0.0')
    .option(...graceOption)
    .action(async (opts, command: Command) => {
      const runtime = await createRuntime(benchFor(command), { statementTimeouts: true });
      const port = opts.port ?? runtime.bench.commonConfig().webserver_port ?? 8000;
      // Installed before listening: a SIGTERM during start-up stops the process cleanly too.
      let backend: RunningBackend | undefined;
      onShutdown(
        async () => {
          await backend?.close(opts.grace * 1000);
          await runtime.close();
        },
        { deadlineMs: opts.grace * 1000 + shutdownMarginMs },
      );
      backend = await runBackend(runtime, port, opts.host);
    });

  program
    .command('websocket')
    .description('run the Socket.IO service (frappe_docker: websocket)')
    .option('--port <port>', 'port (default: socketio_port or 9000)', parsePort)
    .option('--host <host>', 'listen address', '0.0.0.0')
    .action(async (opts, command: Command) => {
      const runtime = await createRuntime(benchFor(command), { statementTimeouts: true });
      const port = opts.port ?? runtime.bench.commonConfig().socketio_port ?? 9000;
      // Closing disconnects every socket at once (clients reconnect to another replica): no grace to wait for.
      // Installed before listening, as for the backend.
      let websocket: RealtimeService | undefined;
      onShutdown(
        async () => {
          await websocket?.close();
          await runtime.close();
        },
        { deadlineMs: 2 * shutdownMarginMs },
      );
      websocket = await runWebsocket(runtime, port, opts.host);
    });

  program
    .command('frontend')
    .description(
      'run the router (frappe_docker: frontend); configured by BACKEND, SOCKETIO, ... (docs/frontend.md)',
    )
    .option('--port <port>', 'port (default: $FRONTEND_PORT or 8080)', parsePort)
    .action(async (opts, command: Command) => {
      const bench = benchFor(command);
      const frontend = await runFrontend({
        SITES_PATH: bench.sitesPath,
        ...(opts.port !== undefined ? { FRONTEND_PORT: String(opts.port) } : {}),
      });
      onShutdown(() => frontend.close());
    });
}

/** A fresh clone has no site: make `localhost` (SQLite) so `npm start` works with nothing else. */
async function ensureFirstSite(bench: Bench): Promise<void> {
  bench.ensure();
  if (bench.listSites().length > 0) return;
  const adminPassword = process.env.ADMIN_PASSWORD || randomBytes(9).toString('base64url');
  const progress = createProgress('Creating site localhost');
  await createAppSite(bench, {
    name: 'localhost',
    dbType: 'sqlite',
    adminPassword,
    setDefault: true,
    onProgress: (step, done, total) => progress.step(step, done, total),
  });
  progress.done('Created site localhost (SQLite).');
  if (!process.env.ADMIN_PASSWORD) {
    process.stdout.write(
      `Administrator password: ${adminPassword}  (shown once; change it with set-admin-password)\n`,
    );
  }
}

/** Builds the desk into `sites/assets/desk` when missing or stale (a cached, hashed build; fast when current). */
async function ensureDeskBuilt(bench: Bench): Promise<void> {
  try {
    const { buildDesk } = await import('../../../scripts/build-desk.mjs');
    await buildDesk(bench.assetsPath, { log: (message: string) => process.stdout.write(`${message}\n`) });
  } catch (error) {
    process.stderr.write(
      `cortado: desk not built (${(error as Error).message}); /app serves the minimal page\n`,
    );
  }
}
