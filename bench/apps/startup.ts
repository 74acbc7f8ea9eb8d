// What an installed app costs at start-up: time from spawning `cortado backend` to its first 200 on the
// site (`/api/method/ping`), on a bench without apps against one with the Library Management example app
// installed (get-app + install-app). The two alternate per round; the median round of each counts. Also the
// backend's CPU seconds until then (from /proc): on a shared, busy machine wall time swings with the
// neighbours, CPU time barely does. The budget: under 300 ms more with the app.
// Run: `npx tsx bench/apps/startup.ts`. Environment: BENCH_ROUNDS (default 7), BENCH_TSX=1 (sources through
// tsx instead of the compiled CLI, see bench/support/compiled-cli.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from '../../src/config/bench.ts';
import { createSite } from '../../src/site/create-site.ts';
import { benchCli } from '../support/compiled-cli.ts';
import { freePort } from '../support/local-server.ts';
import { cpuSeconds } from '../support/process-cpu.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SITE = 'startup.test';
const examplePath = fileURLToPath(new URL('../../examples/library_management', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'cortado-bench-apps-'));
const cli = benchCli();

/** Runs a cortado command to completion (bench set-up), failing with its output. */
function cortado(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`cortado ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

async function makeBench(name: string, withApp: boolean): Promise<string> {
  const sitesPath = join(root, name, 'sites');
  await createSite(new Bench(sitesPath), { name: SITE, dbType: 'sqlite', adminPassword: 'bench-Pa55' });
  if (withApp) {
    await cortado(['--sites-path', sitesPath, 'get-app', examplePath]);
    await cortado(['--sites-path', sitesPath, '--site', SITE, 'install-app', 'library_management']);
  }
  return sitesPath;
}

interface Startup {
  /** Wall-clock milliseconds from spawn to the first 200. */
  wallMs: number;
  /** CPU milliseconds the backend used until then. */
  cpuMs: number;
}

/** From spawn to the first 200 of the site's ping. */
async function startup(sitesPath: string): Promise<Startup> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [cli, '--sites-path', sitesPath, 'backend', '--port', String(port), '--host', '127.0.0.1'],
    { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`backend exited ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/method/ping`, {
          headers: { 'x-frappe-site-name': SITE },
        });
        if (response.status === 200)
          return {
            wallMs: Number(process.hrtime.bigint() - start) / 1e6,
            cpuMs: cpuSeconds(child.pid!) * 1000,
          };
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const plain = await makeBench('plain', false);
  const withApp = await makeBench('with-app', true);
  // One start of each first: disk caches warm for both.
  await startup(plain);
  await startup(withApp);
  const runs = { plain: [] as Startup[], withApp: [] as Startup[] };
  for (let n = 0; n < ROUNDS; n++) {
    runs.plain.push(await startup(plain));
    runs.withApp.push(await startup(withApp));
  }
  console.log(`rounds: ${ROUNDS} (medians)`);
  for (const key of ['wallMs', 'cpuMs'] as const) {
    const [a, b] = [median(runs.plain.map((r) => r[key])), median(runs.withApp.map((r) => r[key]))];
    const what = key === 'wallMs' ? 'wall' : 'CPU ';
    console.log(
      `${what}: ${a.toFixed(0)} ms without apps, ${b.toFixed(0)} ms with library_management: ` +
        `${b >= a ? '+' : '−'}${Math.abs(b - a).toFixed(0)} ms (budget +300 ms), ratio ${(b / a).toFixed(2)}`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
