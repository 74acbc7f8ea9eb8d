// REST API benchmark: get one, list 20 with a filter and an order, insert, update; against the backend
// directly and through the router (each its own `cortado` process, as deployed), beside a raw baseline
// (the same SQL with the driver and node:http) in the same run; SQLite always, PostgreSQL when a URL is set.
// When nginx is installed, the raw baseline is also measured behind nginx configured like frappe_docker's
// template: the reference for the router column, as both then pay a proxy hop.
// Loopback only, bounded durations. Run: `npx tsx bench/api/run.ts`.
//
// Environment: BENCH_SECONDS (default 5), BENCH_WARMUP (1), BENCH_ROUNDS (3; the median round is reported),
// BENCH_CONNECTIONS (10), BENCH_ONLY (comma-separated scenario names), BENCH_POSTGRES_URL or TEST_POSTGRES_URL (adds PostgreSQL), BENCH_ONLY_DB
// (`sqlite` or `postgres`), BENCH_SQLITE_SYNC=normal (the SQLite site and raw baseline with synchronous=NORMAL
// instead of FULL), BENCH_ROUTER=0 (skip the through-the-router runs), BENCH_BACKEND_NODE_ARGS (node flags
// for the backend process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it), BENCH_TSX=1 (run the sources
// through tsx instead of compiling them as the image does).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNginxConfig } from '../frontend/nginx.ts';
import { benchCli } from '../support/compiled-cli.ts';
import { freePort, healthy } from '../support/local-server.ts';
import { cpuSeconds } from '../support/process-cpu.ts';
import { hasWrk, type LoadResult, type RequestShape, runLoad } from './load.ts';
import { startRawServer } from './raw-server.ts';
import { type BenchSite, createBenchSite, listQuery, seedRows } from './site.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
const ROUTER = process.env.BENCH_ROUTER !== '0';
const ONLY_DB = process.env.BENCH_ONLY_DB;
const BACKEND_NODE_ARGS = process.env.BENCH_BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const HAS_NGINX = spawnSync('nginx', ['-v']).error === undefined;

/** The operations measured, with their target ratio to the raw baseline. */
const scenarios = [
  { name: 'get-one', target: 2 },
  { name: 'list-20', target: 2 },
  { name: 'insert', target: 3 },
  { name: 'update', target: 3 },
] as const;
type Scenario = (typeof scenarios)[number]['name'];

const json = { 'Content-Type': 'application/json' };

function cortadoShape(scenario: Scenario, site: BenchSite): RequestShape {
  const headers = { ...json, Authorization: site.authorization, 'X-Frappe-Site-Name': site.site };
  const base = '/api/resource/Bench%20Item';
  switch (scenario) {
    case 'get-one':
      return { method: 'GET', path: `${base}/item-{n}`, headers };
    case 'list-20':
      return { method: 'GET', path: `${base}?${listQuery}`, headers };
    case 'insert':
      return { method: 'POST', path: base, headers, body: '{"title":"{u}","qty":1,"status":"Draft"}' };
    case 'update':
      return { method: 'PUT', path: `${base}/item-{n}`, headers, body: '{"qty":{n}}' };
  }
}

function rawShape(scenario: Scenario): RequestShape {
  switch (scenario) {
    case 'get-one':
      return { method: 'GET', path: '/item/item-{n}', headers: json };
    case 'list-20':
      return { method: 'GET', path: '/list?status=Active', headers: json };
    case 'insert':
      return {
        method: 'POST',
        path: '/item',
        headers: json,
        body: '{"title":"{u}","qty":1,"status":"Draft"}',
      };
    case 'update':
      return { method: 'PUT', path: '/item/item-{n}', headers: json, body: '{"qty":{n}}' };
  }
}

const children = new Set<ChildProcess>();

function spawnCortado(args: string[], env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, cli, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

// One request of the shape, to fail loudly on a misconfiguration instead of measuring errors.
async function probe(base: string, shape: RequestShape): Promise<void> {
  const fill = (s: string) => s.replaceAll('{n}', '1').replaceAll('{u}', `probe-${Date.now()}`);
  const response = await fetch(`${base}${fill(shape.path)}`, {
    method: shape.method,
    headers: shape.headers,
    body: shape.body === undefined ? undefined : fill(shape.body),
  });
  if (response.status !== 200)
    throw new Error(`${shape.method} ${shape.path}: ${response.status} ${await response.text()}`);
}

/** A load run and the server's CPU time per request during it (µs). */
interface Measured extends LoadResult {
  cpuMicros: number;
}

async function measure(base: string, shape: RequestShape, server: number | 'self'): Promise<Measured> {
  await probe(base, shape);
  const o = { base, connections: CONNECTIONS, rows: seedRows };
  if (WARMUP > 0) await runLoad(shape, { ...o, seconds: WARMUP });
  const cpuBefore = cpuSeconds(server);
  const result = await runLoad(shape, { ...o, seconds: SECONDS });
  const requests = result.requestsPerSecond * SECONDS;
  return { ...result, cpuMicros: ((cpuSeconds(server) - cpuBefore) * 1e6) / Math.max(requests, 1) };
}

/** How many times slower than the raw baseline `x` serves. */
function throughputRatio(raw: LoadResult, x: LoadResult): number {
  return raw.requestsPerSecond / Math.max(x.requestsPerSecond, 1);
}

interface Row {
  db: string;
  scenario: Scenario;
  target: number;
  raw: Measured;
  direct: Measured;
  router: LoadResult;
  /** The raw baseline behind frappe_docker's nginx (zero throughput when nginx is missing or the router is skipped). */
  rawProxied: LoadResult;
}

async function benchDatabase(kind: 'sqlite' | 'postgres'): Promise<Row[]> {
  process.stderr.write(`\n[${kind}] creating the site and ${seedRows} rows...\n`);
  const site = await createBenchSite(kind, POSTGRES);
  const [backendPort, routerPort] = [await freePort(), await freePort()];
  const sites = ['--sites-path', site.bench.sitesPath];
  const backend = spawnCortado(
    [...sites, 'backend', '--port', String(backendPort), '--host', '127.0.0.1'],
    {},
    BACKEND_NODE_ARGS,
  );
  spawnCortado([...sites, 'frontend', '--port', String(routerPort)], {
    BACKEND: `127.0.0.1:${backendPort}`,
    SOCKETIO: '127.0.0.1:9',
    FRAPPE_SITE_NAME_HEADER: site.site,
  });
  const raw = await startRawServer(site.db);
  const nginxPort = await freePort();
  const nginxPrefix = mkdtempSync(join(tmpdir(), 'cortado-bench-api-nginx-'));
  const proxied = ROUTER && HAS_NGINX;
  if (proxied) {
    const conf = writeNginxConfig({
      prefix: nginxPrefix,
      port: nginxPort,
      backendPort: raw.port,
      workers: 1,
      upstreamKeepalive: false,
    });
    const nginx = spawn('nginx', ['-p', nginxPrefix, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.add(nginx);
    nginx.once('exit', () => children.delete(nginx));
  }
  const rows: Row[] = [];
  try {
    await healthy(`http://127.0.0.1:${backendPort}/health`, 30_000);
    await healthy(`http://127.0.0.1:${routerPort}/health`, 30_000);
    if (proxied) await healthy(`http://127.0.0.1:${nginxPort}/list?status=Active`, 30_000);
    for (const { name, target } of scenarios) {
      if (ONLY && !ONLY.includes(name)) continue;
      const rounds: Array<Pick<Row, 'raw' | 'direct' | 'router' | 'rawProxied'>> = [];
      for (let round = 1; round <= ROUNDS; round++) {
        process.stderr.write(
          `[${kind}] ${name}, round ${round}/${ROUNDS}: raw, direct, router, raw via nginx...\n`,
        );
        // The CPU figures need wrk: autocannon would run in this process, beside the raw server.
        const rawResult = await measure(`http://127.0.0.1:${raw.port}`, rawShape(name), 'self');
        const direct = await measure(
          `http://127.0.0.1:${backendPort}`,
          cortadoShape(name, site),
          backend.pid!,
        );
        const none = { requestsPerSecond: 0, p99Ms: 0, errors: 0 };
        const router = ROUTER
          ? await measure(`http://127.0.0.1:${routerPort}`, cortadoShape(name, site), backend.pid!)
          : none;
        const rawProxied = proxied
          ? await measure(`http://127.0.0.1:${nginxPort}`, rawShape(name), 'self')
          : none;
        rounds.push({ raw: rawResult, direct, router, rawProxied });
      }
      // The round with the median ratio: a neighbour on a shared machine slows raw and Cortado alike within a
      // round, and the median ignores the round it hit hardest.
      rounds.sort((a, b) => throughputRatio(a.raw, a.direct) - throughputRatio(b.raw, b.direct));
      rows.push({ db: kind, scenario: name, target, ...rounds[Math.floor(rounds.length / 2)]! });
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await raw.close();
    await site.close();
    rmSync(nginxPrefix, { recursive: true, force: true });
  }
  return rows;
}

function report(rows: Row[]): void {
  const f = (n: number) => n.toFixed(0).padStart(7);
  const ms = (n: number) => n.toFixed(1).padStart(6);
  const ratio = throughputRatio;
  const lines = [
    `API benchmark: ${SECONDS}s per run, ${CONNECTIONS} connections, ${hasWrk() ? 'wrk' : 'autocannon'}, ${cpus().length} CPUs`,
    'db        scenario   raw req/s  p99ms | direct req/s  p99ms  ×raw | router req/s  p99ms  ×raw | raw via nginx req/s  router ×it | target  errors | cpu µs/req raw  direct   ×raw',
  ];
  for (const r of rows) {
    const d = ratio(r.raw, r.direct);
    const rt = r.router.requestsPerSecond > 0 ? ratio(r.raw, r.router) : Number.NaN;
    const viaNginx = r.rawProxied.requestsPerSecond > 0 ? ratio(r.rawProxied, r.router) : Number.NaN;
    const errors = r.raw.errors + r.direct.errors + r.router.errors + r.rawProxied.errors;
    lines.push(
      `${r.db.padEnd(9)} ${r.scenario.padEnd(9)} ${f(r.raw.requestsPerSecond)} ${ms(r.raw.p99Ms)} |      ${f(r.direct.requestsPerSecond)} ${ms(r.direct.p99Ms)} ${d.toFixed(2).padStart(5)} |      ${f(r.router.requestsPerSecond)} ${ms(r.router.p99Ms)} ${rt.toFixed(2).padStart(5)} |             ${f(r.rawProxied.requestsPerSecond)}      ${viaNginx.toFixed(2).padStart(5)} | ≤${r.target}× ${d <= r.target ? 'met ' : 'MISS'} ${String(errors).padStart(6)} |         ${r.raw.cpuMicros.toFixed(0).padStart(5)} ${r.direct.cpuMicros.toFixed(0).padStart(6)} ${(r.direct.cpuMicros / r.raw.cpuMicros).toFixed(2).padStart(6)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const cli = benchCli();
const kinds = (['sqlite', ...(POSTGRES ? (['postgres'] as const) : [])] as const).filter(
  (kind) => !ONLY_DB || kind === ONLY_DB,
);
const all: Row[] = [];
try {
  for (const kind of kinds) all.push(...(await benchDatabase(kind)));
  if (!POSTGRES) process.stderr.write('PostgreSQL skipped: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL\n');
  report(all);
} finally {
  for (const child of children) child.kill('SIGTERM');
}
