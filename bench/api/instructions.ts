// Instructions per request of the backend (get one, list 20), counted with callgrind: steadier than throughput on
// a shared machine, so a change too small for `bench/api/run.ts` to show can be compared before and after.
// The backend (compiled as the image runs it) serves the benchmark site under valgrind; after a warm-up the
// counters are zeroed, a fixed number of requests is sent one after another, and the main thread's `uv_run`
// total (and the whole process's) is divided by the requests. SQLite only. Run: `npx tsx bench/api/instructions.ts`.
//
// Environment: INSTR_REQUESTS (default 200 per scenario), INSTR_WARMUP (default 400 per scenario), BENCH_TSX=1.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCli } from '../support/compiled-cli.ts';
import { freePort } from '../support/local-server.ts';
import { createBenchSite, listQuery } from './site.ts';

const REQUESTS = Number(process.env.INSTR_REQUESTS ?? 200);
const WARMUP = Number(process.env.INSTR_WARMUP ?? 400);

const scenarios = [
  { name: 'get-one', path: (n: number) => `/api/resource/Bench%20Item/item-${(n % 1000) + 1}` },
  { name: 'list-20', path: () => `/api/resource/Bench%20Item?${listQuery}` },
];

// The inclusive count of `uv_run` (the main thread's event loop) and the dump's total, from callgrind_annotate.
function counts(file: string): { uvRun: number; total: number } {
  const text = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const number = (s: string) => Number(s.replaceAll(',', ''));
  const total = /^([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/m.exec(text)?.[1];
  const uvRun = /^\s*([\d,]+)\s+\([\d.]+%\)\s+\S*:uv_run\b/m.exec(text)?.[1];
  return { uvRun: uvRun ? number(uvRun) : Number.NaN, total: total ? number(total) : Number.NaN };
}

const cli = benchCli();
const site = await createBenchSite('sqlite');
const out = mkdtempSync(join(tmpdir(), 'cortado-callgrind-'));
const port = await freePort();
let backend: ChildProcess | undefined;
try {
  backend = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--collect-atstart=yes',
      `--callgrind-out-file=${join(out, 'cg.out')}`,
      process.execPath,
      cli,
      '--sites-path',
      site.bench.sitesPath,
      'backend',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: site.authorization, 'X-Frappe-Site-Name': site.site };
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('backend not healthy under valgrind');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const send = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const lines: string[] = [];
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.name}: warming up (${WARMUP} requests)...\n`);
    for (let n = 0; n < WARMUP; n++) await send(scenario.path(n));
    execFileSync('callgrind_control', ['-z', String(backend.pid)], { stdio: 'ignore' });
    process.stderr.write(`${scenario.name}: counting ${REQUESTS} requests...\n`);
    for (let n = 0; n < REQUESTS; n++) await send(scenario.path(n));
    const before = new Set(readdirSync(out));
    execFileSync('callgrind_control', ['-d', String(backend.pid)], { stdio: 'ignore' });
    const dump = readdirSync(out).find((f) => !before.has(f) && f.startsWith('cg.out.'));
    if (!dump) throw new Error('no callgrind dump');
    const { uvRun, total } = counts(join(out, dump));
    lines.push(
      `${scenario.name.padEnd(8)} uv_run ${(uvRun / REQUESTS / 1e6).toFixed(3)} M instr/req   process ${(total / REQUESTS / 1e6).toFixed(3)} M instr/req`,
    );
  }
  process.stdout.write(
    `callgrind, ${REQUESTS} requests per scenario after ${WARMUP} warm-up\n${lines.join('\n')}\n`,
  );
} finally {
  backend?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await site.close();
  rmSync(out, { recursive: true, force: true });
}
