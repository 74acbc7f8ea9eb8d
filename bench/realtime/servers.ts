// The two servers the realtime benchmark compares, each its own process as deployed, and a redis-server of the
// benchmark's own (bus and adapter traffic of other processes on a shared Redis would land in the measurement).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, healthy } from '../support/local-server.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
// BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles both servers (NODE_OPTIONS refuses --cpu-prof).
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** A running server process. */
export interface Running {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
}

/** A redis-server on a free port, without persistence. */
export async function startRedis(): Promise<Running & { url: string }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => {}); // refused until redis-server listens; the retries say the rest
  await probe.connect().catch(() => {});
  await probe.ping();
  probe.disconnect();
  return { port, pid: child.pid!, url, stop: stopper(child) };
}

/** `cortado websocket` (the compiled CLI at `cli`) on the bench folder at `sitesPath`. */
export async function startCortado(cli: string, sitesPath: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeArgs, cli, '--sites-path', sitesPath, 'websocket', '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  await healthy(`http://127.0.0.1:${port}/health`);
  return { port, pid: child.pid!, stop: stopper(child) };
}

/** The bare Socket.IO + Redis adapter server (floor-server.mjs). */
export async function startFloor(redisUrl: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(here, 'floor-server.mjs'), String(port), redisUrl],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await healthy(`http://127.0.0.1:${port}/health`);
  return { port, pid: child.pid!, stop: stopper(child) };
}
