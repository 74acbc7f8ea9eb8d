// Frontend benchmark: the router against nginx configured like frappe_docker's template (one
// worker, upstream keep-alive 32), each its own process, on static assets (17 KB and 300 KB, from
// sites/assets) and on small proxied requests (ping, a list of 20) to the same small JSON backend;
// plus the router as `cortado start` runs it, beside a backend in one process, on the main thread and
// on a thread of its own (CORTADO_ROUTER_THREAD=1). Loopback only,
// bounded durations. Run: `npx tsx bench/frontend/run.ts`.
//
// Environment: BENCH_SECONDS (default 5), BENCH_WARMUP (2), BENCH_CONNECTIONS (50), BENCH_ROUNDS (3),
// BENCH_NGINX_WORKERS (1; `auto` is Debian's default), BENCH_ALL=1 (also the backend directly,
// nginx without upstream keep-alive, a bare undici proxy, http-proxy and @fastify/http-proxy on the
// proxied requests), BENCH_ONLY (comma-separated parts of contender or scenario names, e.g.
// `cortado,ping`, to measure a subset), BENCH_BASELINE (the bench/frontend folder of another
// checkout, e.g. the previous commit's: its router measured beside this one, before/after in one run).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const ALL = process.env.BENCH_ALL === '1';
// Another checkout's bench/frontend (its servers.ts on its own sources), measured in the same rounds.
const BASELINE = process.env.BENCH_BASELINE;
const REFERENCE = 'nginx (template, keepalive 32)';

/** The requests measured; `proxied` ones go to the backend, the others are files. */
const scenarios = [
  { name: 'asset 17 KB', path: '/assets/desk/app.4f3c9a1b.css', proxied: false },
  { name: 'asset 300 KB', path: '/assets/desk/vendor.8d2e6b0c.js', proxied: false },
  { name: 'ping', path: '/api/method/ping', proxied: true },
  {
    name: 'list-20',
    path: '/api/resource/ToDo?fields=%5B%22name%22%2C%22status%22%5D&limit_page_length=20',
    proxied: true,
  },
] as const;
type Scenario = (typeof scenarios)[number];
// Like a browser on a second visit: no compression asked, so both sides send the bytes as stored.
const HEADERS = { Host: 'localhost', Accept: '*/*' };

// Text that compresses like a real bundle, not like random bytes or one repeated line.
function bundleText(bytes: number): string {
  const words = ['function', 'return', 'const', 'color', 'margin', 'display', 'flex', 'var', 'null'];
  let out = '';
  for (let i = 0; out.length < bytes; i++)
    out += `.c${i.toString(36)}{${words[i % 9]}:${(i * 7919) % 1000}px}\n`;
  return out.slice(0, bytes);
}

function writeSites(root: string): string {
  const sites = join(root, 'sites');
  mkdirSync(join(sites, 'assets', 'desk'), { recursive: true });
  writeFileSync(join(sites, 'assets', 'desk', 'app.4f3c9a1b.css'), bundleText(17 * 1024));
  writeFileSync(join(sites, 'assets', 'desk', 'vendor.8d2e6b0c.js'), bundleText(300 * 1024));
  return sites;
}

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

function node(
  role: string,
  port: number,
  backendPort: number,
  sites = '',
  dir = here,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  return start(
    process.execPath,
    ['--import', 'tsx', join(dir, 'servers.ts'), role, String(port), String(backendPort), sites],
    port,
    { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
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
  /** Only on proxied requests (a proxy library serves no files). */
  proxiesOnly?: boolean;
  launch(port: number, backendPort: number): Promise<ChildProcess | undefined>;
}

interface Measured extends LoadResult {
  /** CPU time of the measured process per request, in microseconds. */
  cpuUsPerRequest: number;
}

async function measure(port: number, pid: number, scenario: Scenario): Promise<Measured> {
  const url = `http://127.0.0.1:${port}${scenario.path}`;
  const probe = await fetch(url, { headers: HEADERS });
  await probe.arrayBuffer();
  if (probe.status !== 200) throw new Error(`GET ${url}: ${probe.status}`);
  await runLoad({ url, seconds: WARMUP, connections: CONNECTIONS, headers: HEADERS });
  const cpuBefore = cpuSeconds(pid);
  const result = await runLoad({ url, seconds: SECONDS, connections: CONNECTIONS, headers: HEADERS });
  const cpu = cpuSeconds(pid) - cpuBefore;
  return { ...result, cpuUsPerRequest: (cpu * 1e6) / (result.requestsPerSecond * SECONDS) };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-bench-frontend-'));
  // nginx's worker runs as an unprivileged user when started as root: it must be able to read the files.
  chmodSync(root, 0o755);
  const sites = writeSites(root);
  const hasNginx = spawnSync('nginx', ['-v']).error === undefined;
  const backendPort = await freePort();
  const backend = await node('backend', backendPort, 0);

  const nginx = (keepalive: boolean): Contender => ({
    name: keepalive ? REFERENCE : 'nginx (template as shipped)',
    async launch(port) {
      const prefix = join(root, keepalive ? 'nginx-ka' : 'nginx-plain');
      const conf = writeNginxConfig({
        prefix,
        port,
        backendPort,
        workers: NGINX_WORKERS,
        upstreamKeepalive: keepalive,
        sitesPath: sites,
      });
      return start('nginx', ['-p', prefix, '-c', conf], port);
    },
  });
  const contenders: Contender[] = [
    ...(hasNginx ? [nginx(true)] : []),
    { name: 'cortado router', launch: (port, b) => node('cortado', port, b, sites) },
    { name: 'cortado start (router inline)', launch: (port) => node('embedded', port, 0, sites) },
    {
      name: 'cortado start (router thread)',
      launch: (port) => node('embedded', port, 0, sites, here, { CORTADO_ROUTER_THREAD: '1' }),
    },
    ...(BASELINE
      ? [
          {
            name: 'cortado router, baseline',
            launch: (port: number, b: number) => node('cortado', port, b, sites, BASELINE),
          },
          {
            name: 'cortado start, baseline',
            launch: (port: number) => node('embedded', port, 0, sites, BASELINE),
          },
        ]
      : []),
    ...(ALL
      ? [
          { name: 'backend directly', proxiesOnly: true, launch: async () => undefined },
          ...(hasNginx ? [{ ...nginx(false), proxiesOnly: true }] : []),
          {
            name: 'bare undici proxy (floor)',
            proxiesOnly: true,
            launch: (p: number, b: number) => node('bare-undici', p, b),
          },
          {
            name: 'http-proxy',
            proxiesOnly: true,
            launch: (p: number, b: number) => node('http-proxy', p, b),
          },
          {
            name: '@fastify/http-proxy',
            proxiesOnly: true,
            launch: (p: number, b: number) => node('fastify-proxy', p, b),
          },
        ]
      : []),
  ];

  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const picked = (name: string) => !only || only.some((o) => name.includes(o));
  const chosenScenarios = scenarios.filter(
    (s) => picked(s.name) || !only?.some((o) => scenarios.some((x) => x.name.includes(o))),
  );
  const chosen = contenders.filter(
    (c) =>
      c.name === REFERENCE ||
      picked(c.name) ||
      !only?.some((o) => contenders.some((x) => x.name.includes(o))),
  );
  console.log(
    `load: ${hasWrk() ? 'wrk -t1' : 'autocannon'} -c${CONNECTIONS}, ${WARMUP}s warm-up + ${SECONDS}s per run; ` +
      `${cpus().length} CPUs; nginx workers: ${hasNginx ? NGINX_WORKERS : 'not installed'}`,
  );
  const key = (c: Contender, s: Scenario) => `${s.name}\u0000${c.name}`;
  const runs = new Map<string, Measured[]>();
  try {
    // Rounds interleave the contenders, so a burst of background load hurts them all alike.
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}`);
      for (const c of chosen) {
        const wanted = chosenScenarios.filter((s) => s.proxied || !c.proxiesOnly);
        if (wanted.length === 0) continue;
        const port = c.name === 'backend directly' ? backendPort : await freePort();
        const child = await c.launch(port, backendPort);
        try {
          for (const s of wanted) {
            const result = await measure(port, (child ?? backend).pid!, s);
            runs.set(key(c, s), [...(runs.get(key(c, s)) ?? []), result]);
            console.log(
              `  ${s.name.padEnd(13)} ${c.name.padEnd(34)} ${result.requestsPerSecond.toFixed(0).padStart(8)} req/s  ` +
                `p99 ${result.p99Ms.toFixed(2)} ms  ${result.cpuUsPerRequest.toFixed(0)} µs CPU/req`,
            );
          }
        } finally {
          if (child) await stop(child);
        }
      }
    }
  } finally {
    await stop(backend);
    rmSync(root, { recursive: true, force: true });
  }

  console.log(`\nmedians of ${ROUNDS} round(s); ratios against ${REFERENCE}`);
  console.log(
    'scenario      name                                 req/s    p99 ms  CPU µs/req  throughput    p99  errors',
  );
  for (const s of chosenScenarios) {
    const summary = (c: Contender) => {
      const list = runs.get(key(c, s));
      if (!list) return undefined;
      return {
        requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
        p99Ms: median(list.map((r) => r.p99Ms)),
        cpuUsPerRequest: median(list.map((r) => r.cpuUsPerRequest)),
        errors: list.reduce((sum, r) => sum + r.errors, 0),
      };
    };
    const ref = chosen.find((c) => c.name === REFERENCE);
    const reference = ref && summary(ref);
    for (const c of chosen) {
      const r = summary(c);
      if (!r) continue;
      const rps = reference ? `${(r.requestsPerSecond / reference.requestsPerSecond).toFixed(2)}x` : '-';
      const p99 = reference ? `${(r.p99Ms / reference.p99Ms).toFixed(2)}x` : '-';
      console.log(
        `${s.name.padEnd(13)} ${c.name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${r.p99Ms.toFixed(2).padStart(9)} ${r.cpuUsPerRequest.toFixed(0).padStart(11)} ${rps.padStart(11)} ${p99.padStart(6)} ${String(r.errors).padStart(7)}`,
      );
    }
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
