// Frontend benchmark: the same ~1 KB JSON backend measured directly, through Cortado's router,
// through nginx configured like frappe_docker's template, and through http-proxy and
// @fastify/http-proxy. Loopback only, bounded durations. Run: `npx tsx bench/frontend/run.ts`.
//
// Environment: BENCH_SECONDS (default 5), BENCH_WARMUP (2), BENCH_CONNECTIONS (50), BENCH_ROUNDS (3),
// BENCH_NGINX_WORKERS (1; `auto` is Debian's default), BENCH_ONLY (comma-separated name parts, e.g.
// `cortado,keepalive`, to measure a subset).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/local-server.ts';
import { hasWrk, type LoadResult, runLoad } from './load.ts';
import { writeNginxConfig } from './nginx.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const NGINX_WORKERS =
  (process.env.BENCH_NGINX_WORKERS ?? '1') === 'auto' ? 'auto' : Number(process.env.BENCH_NGINX_WORKERS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PATH = '/api/method/frappe.client.get_list';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const children = new Set<ChildProcess>();

// Starts a child and resolves once it says `ready <port>` (Node roles) or accepts connections (nginx).
function start(
  command: string,
  args: string[],
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before ready:\n${stderr}`)));
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve(child);
    });
    if (command !== process.execPath) void waitForPort(port).then(() => resolve(child), reject);
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function node(role: string, port: number, backendPort: number): Promise<ChildProcess> {
  return start(
    process.execPath,
    ['--import', 'tsx', join(here, 'servers.ts'), role, String(port), String(backendPort)],
    port,
    {
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  );
}

// CPU seconds (user + system) used so far by `pid` and its direct children (nginx's workers), from
// /proc: a measure of cost per request that does not depend on how the 2 cores were shared.
function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === pid || Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100; // USER_HZ
}

interface Contender {
  name: string;
  launch(port: number, backendPort: number): Promise<ChildProcess | undefined>;
}

interface Measured extends LoadResult {
  /** CPU time of the measured process per request, in microseconds. */
  cpuUsPerRequest: number;
}

async function measure(port: number, pid: number): Promise<Measured> {
  const url = `http://127.0.0.1:${port}${PATH}`;
  await runLoad({ url, seconds: WARMUP, connections: CONNECTIONS });
  const cpuBefore = cpuSeconds(pid);
  const result = await runLoad({ url, seconds: SECONDS, connections: CONNECTIONS });
  const cpu = cpuSeconds(pid) - cpuBefore;
  return { ...result, cpuUsPerRequest: (cpu * 1e6) / (result.requestsPerSecond * SECONDS) };
}

async function main(): Promise<void> {
  const nginxPrefix = mkdtempSync(join(tmpdir(), 'cortado-bench-nginx-'));
  const hasNginx = spawnSync('nginx', ['-v']).error === undefined;
  const backendPort = await freePort();
  const backend = await node('backend', backendPort, 0);

  const nginx = (keepalive: boolean): Contender => ({
    name: keepalive ? 'nginx + upstream keepalive' : 'nginx (frappe_docker template)',
    async launch(port) {
      const prefix = join(nginxPrefix, keepalive ? 'ka' : 'plain');
      const conf = writeNginxConfig({
        prefix,
        port,
        backendPort,
        workers: NGINX_WORKERS,
        upstreamKeepalive: keepalive,
      });
      return start('nginx', ['-p', prefix, '-c', conf], port);
    },
  });
  const contenders: Contender[] = [
    { name: 'backend directly', launch: async () => undefined },
    ...(hasNginx ? [nginx(false), nginx(true)] : []),
    { name: 'cortado router', launch: (port, b) => node('cortado', port, b) },
    { name: 'bare undici proxy (floor)', launch: (port, b) => node('bare-undici', port, b) },
    { name: 'http-proxy', launch: (port, b) => node('http-proxy', port, b) },
    { name: '@fastify/http-proxy', launch: (port, b) => node('fastify-proxy', port, b) },
  ];

  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  if (only)
    contenders.splice(
      0,
      contenders.length,
      ...contenders.filter((c) => only.some((o) => c.name.includes(o))),
    );
  console.log(
    `load: ${hasWrk() ? 'wrk -t1' : 'autocannon'} -c${CONNECTIONS}, ${WARMUP}s warm-up + ${SECONDS}s, GET ${PATH} (~1 KB JSON); ` +
      `${cpus().length} CPUs; nginx workers: ${hasNginx ? NGINX_WORKERS : 'not installed'}`,
  );
  const runs = new Map<string, Measured[]>(contenders.map((c) => [c.name, []]));
  try {
    // Rounds interleave the contenders, so a burst of background load hurts them all alike.
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      for (const c of contenders) {
        const port = c.name === 'backend directly' ? backendPort : await freePort();
        const child = await c.launch(port, backendPort);
        try {
          const result = await measure(port, (child ?? backend).pid!);
          runs.get(c.name)!.push(result);
          console.log(
            `  ${c.name.padEnd(32)} ${result.requestsPerSecond.toFixed(0).padStart(8)} req/s  p99 ${result.p99Ms.toFixed(2)} ms  ` +
              `${result.cpuUsPerRequest.toFixed(0)} µs CPU/req`,
          );
        } finally {
          if (child) await stop(child);
        }
      }
    }
  } finally {
    await stop(backend);
    rmSync(nginxPrefix, { recursive: true, force: true });
  }
  const results = [...runs].map(([name, list]) => ({
    name,
    result: {
      requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
      p99Ms: median(list.map((r) => r.p99Ms)),
      cpuUsPerRequest: median(list.map((r) => r.cpuUsPerRequest)),
      errors: list.reduce((sum, r) => sum + r.errors, 0),
    },
  }));

  const reference = results.find((r) => r.name.startsWith('nginx (frappe'));
  console.log(`\nmedians of ${ROUNDS} round(s)`);
  console.log(
    'name                             req/s     p99 ms  CPU µs/req   vs nginx: throughput  p99   errors',
  );
  for (const { name, result } of results) {
    const rps = reference ? (result.requestsPerSecond / reference.result.requestsPerSecond).toFixed(2) : '-';
    const p99 = reference ? (result.p99Ms / reference.result.p99Ms).toFixed(2) : '-';
    console.log(
      `${name.padEnd(32)} ${result.requestsPerSecond.toFixed(0).padStart(7)} ${result.p99Ms.toFixed(2).padStart(9)} ${result.cpuUsPerRequest.toFixed(0).padStart(11)}   ${`${rps}x`.padStart(18)} ${`${p99}x`.padStart(6)} ${String(result.errors).padStart(7)}`,
    );
  }
  const cortado = results.find((r) => r.name === 'cortado router');
  if (reference && cortado) {
    const t = cortado.result.requestsPerSecond / reference.result.requestsPerSecond;
    const l = cortado.result.p99Ms / reference.result.p99Ms;
    console.log(
      `\ntarget (cortado >= 0.8x nginx throughput, p99 <= 1.5x): ${t >= 0.8 && l <= 1.5 ? 'met' : 'NOT met'} (${t.toFixed(2)}x, ${l.toFixed(2)}x)`,
    );
  }
}

process.on('SIGINT', () => {
  for (const c of children) c.kill('SIGKILL');
  process.exit(130);
});

main().catch(async (err) => {
  console.error(err);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
