// A redis-server of the test's own, on a free port, that the test may stop and start again (the shared Redis
// that other suites use is never touched).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from './until.ts';

/**
 * A private Redis: `stop()` takes it down (connections refused, data gone unless `persistent`), `start()` brings
 * it back on the same port; `pause()` freezes it (connections accepted, nothing answered, data kept) until
 * `resume()`.
 */
export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Stops it for good and removes its data folder (a persistent one's). */
  close(): Promise<void>;
}

/** Options of {@link startOwnRedis}. */
export interface OwnRedisOptions {
  /**
   * Keep the data across `stop()`/`start()` (append-only file, fsync on every write), as a production queue Redis
   * with persistence does: a stop then loses nothing that was acknowledged.
   */
  persistent?: boolean;
}

/** A TCP port nothing listens on right now (the OS picks it; closed again at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts a redis-server (no persistence unless `persistent`) on a free port.
 *
 * @example const redis = await startOwnRedis(); after(() => redis.stop()); await redis.stop(); ...; await redis.start();
 */
export async function startOwnRedis(options: OwnRedisOptions = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = options.persistent ? mkdtempSync(join(tmpdir(), 'cortado-own-redis-')) : undefined;
  const persistence = dir
    ? ['--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--save', '', '--appendonly', 'no'];
  let child: ChildProcess | undefined;
  const redis: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      if (child) return;
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], {
        stdio: 'ignore',
      });
      child = started;
      started.on('exit', () => {
        if (child === started) child = undefined;
      });
      await until(() => answers(port), `redis-server on port ${port} answering`, { timeoutMs: 10_000 });
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = undefined;
      const gone = once(running, 'exit');
      running.kill('SIGKILL');
      await gone;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async close() {
      child?.kill('SIGCONT');
      await redis.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}

/** True when something on `port` answers a Redis PING. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
