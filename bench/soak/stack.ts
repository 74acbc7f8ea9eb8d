// The processes the soak runs: router, backend and websocket, each its own compiled `cortado` process as
// deployed, sharing Redis when a URL is given.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchSite } from '../api/site.ts';
import { freePort, healthy } from '../support/local-server.ts';

/** A running soak stack: the router's URL, each process's pid, and `close`. */
export interface SoakStack {
  base: string;
  pids: Record<string, number>;
  close(): Promise<void>;
}

/** Starts backend, websocket and router for `site` with the compiled CLI at `cli`. */
export async function startSoakStack(cli: string, site: BenchSite, redisUrl?: string): Promise<SoakStack> {
  const common = join(site.bench.sitesPath, 'common_site_config.json');
  if (redisUrl) {
    const config = existsSync(common) ? JSON.parse(readFileSync(common, 'utf8')) : {};
    writeFileSync(common, JSON.stringify({ ...config, redis_cache: redisUrl, redis_queue: redisUrl }));
  }
  const [backendPort, socketPort, routerPort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const run = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [cli, '--sites-path', site.bench.sitesPath, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    children.push(child);
    return child;
  };
  const backend = run(['backend', '--port', String(backendPort), '--host', '127.0.0.1']);
  const websocket = run(['websocket', '--port', String(socketPort), '--host', '127.0.0.1']);
  const router = run(['frontend', '--port', String(routerPort)], {
    BACKEND: `127.0.0.1:${backendPort}`,
    SOCKETIO: `127.0.0.1:${socketPort}`,
    FRAPPE_SITE_NAME_HEADER: site.site,
  });
  // SIGTERM, then SIGKILL for any process still there after 10 s.
  const close = async () => {
    const exited = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (const child of children) child.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const child of children) child.kill('SIGKILL');
    }, 10_000);
    await Promise.all(children.map(exited));
    clearTimeout(killer);
  };
  try {
    await healthy(`http://127.0.0.1:${backendPort}/health`);
    await healthy(`http://127.0.0.1:${routerPort}/health`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    base: `http://127.0.0.1:${routerPort}`,
    pids: { router: router.pid!, backend: backend.pid!, websocket: websocket.pid! },
    close,
  };
}
