// Soak benchmark (not a test): the distributed layout as separate compiled `cortado` processes (router,
// backend, websocket), a mixed load (gets, lists, inserts, updates, login–read–logout, realtime
// subscriptions) first at full speed to measure the peak, then at 80 % of that peak for the soak's length,
// with each process's RSS sampled; prints the memory growth after warm-up (MB/min) and the load's outcome.
// Run: `npx tsx bench/soak/run.ts` (10 minutes), or short: `SOAK_MINUTES=2 npx tsx bench/soak/run.ts`.
//
// Environment: SOAK_MINUTES (10), SOAK_WARMUP_MINUTES (2, at most a third of the run), SOAK_LOAD (0.8 of the
// peak), SOAK_PEAK_SECONDS (20), SOAK_CONCURRENCY (16: clients measuring the peak), SOAK_SAMPLE_SECONDS (5),
// SOAK_DB (`sqlite`, or `postgres` with BENCH_POSTGRES_URL/TEST_POSTGRES_URL), SOAK_REDIS_URL or
// TEST_REDIS_URL (Redis for cache and bus; without it every process has its own and the mix has no realtime
// subscriptions), BENCH_TSX=1 (the sources through tsx instead of compiled).
import { createUser } from '../../src/auth/users.ts';
import { openDatabase, siteOpenOptions } from '../../src/db/index.ts';
import { createBenchSite, seedRows } from '../api/site.ts';
import { benchCli } from '../support/compiled-cli.ts';
import { createMix, type OpName } from './mix.ts';
import { growthAfter, sampleRss } from './rss.ts';
import { startSoakStack } from './stack.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const warmupSeconds = Math.min(Number(process.env.SOAK_WARMUP_MINUTES ?? 2) * 60, (minutes * 60) / 3);
const loadShare = Number(process.env.SOAK_LOAD ?? 0.8);
const peakSeconds = Number(process.env.SOAK_PEAK_SECONDS ?? 20);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 16);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const kind = process.env.SOAK_DB === 'postgres' ? 'postgres' : 'sqlite';
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
const redisUrl = process.env.SOAK_REDIS_URL ?? process.env.TEST_REDIS_URL;
/** In-flight operations allowed at the soak rate before new ones are counted as shed (the server fell behind). */
const maxInFlight = concurrency * 8;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Counts and latencies of one phase. */
class Tally {
  done = 0;
  shed = 0;
  readonly errors = new Map<string, number>();
  readonly ms: number[] = [];
  readonly byOp = new Map<OpName, { n: number; ms: number }>();
  ok(op: OpName, ms: number) {
    this.done++;
    this.ms.push(ms);
    const o = this.byOp.get(op) ?? { n: 0, ms: 0 };
    this.byOp.set(op, { n: o.n + 1, ms: o.ms + ms });
  }
  fail(op: OpName, error: unknown) {
    const key = `${op}: ${String((error as Error)?.message ?? error).slice(0, 120)}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
  percentile(p: number): number {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  }
  errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }
}

type Mix = ReturnType<typeof createMix>;

async function timed(mix: Mix, tally: Tally): Promise<void> {
  const op = mix.draw();
  const t0 = performance.now();
  try {
    await mix.run(op);
    tally.ok(op, performance.now() - t0);
  } catch (error) {
    tally.fail(op, error);
  }
}

/** Closed loop: `concurrency` clients back to back for `seconds`; the throughput is the peak. */
async function measurePeak(mix: Mix, seconds: number): Promise<Tally> {
  const tally = new Tally();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) await timed(mix, tally);
    }),
  );
  return tally;
}

/** Open loop at `rate` operations/s for `seconds`: started on schedule, whatever the answers' pace. */
async function soak(mix: Mix, rate: number, seconds: number): Promise<Tally> {
  const tally = new Tally();
  const start = Date.now();
  const end = start + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let lastReport = start;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    for (; started < due; started++) {
      if (inFlight.size >= maxInFlight) {
        tally.shed++;
        continue;
      }
      const p: Promise<void> = timed(mix, tally).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    if (Date.now() - lastReport >= 60_000) {
      lastReport = Date.now();
      log(
        `  minute ${Math.round((lastReport - start) / 60_000)}: ${tally.done} done, ${tally.errorCount()} errors, ${tally.shed} shed`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  return tally;
}

async function main(): Promise<void> {
  const cli = benchCli();
  log(`[soak] creating a ${kind} site with ${seedRows} rows...`);
  const site = await createBenchSite(kind, postgresUrl);
  const user = { usr: 'soak@example.com', pwd: 'soak-Pa55word' };
  const db = openDatabase(siteOpenOptions(site.bench.siteConfig(site.site), site.bench.sitePath(site.site)));
  await createUser(db, { email: user.usr, firstName: 'Soak', password: user.pwd, roles: ['System Manager'] });
  await db.close();
  const stack = await startSoakStack(cli, site, redisUrl);
  const mix = createMix({
    base: stack.base,
    site: site.site,
    authorization: site.authorization,
    user,
    rows: seedRows,
    sockets: redisUrl !== undefined,
  });
  try {
    log(
      `[soak] measuring the peak: ${concurrency} clients, ${peakSeconds} s (mix: ${mix.names.join(', ')})...`,
    );
    const peak = await measurePeak(mix, peakSeconds);
    const peakRate = peak.done / peakSeconds;
    const rate = peakRate * loadShare;
    log(
      `[soak] peak ${peakRate.toFixed(0)} ops/s; soaking at ${rate.toFixed(0)} ops/s for ${minutes} min...`,
    );
    const sampler = sampleRss(
      { ...stack.pids, 'load (this process)': 'self' },
      sampleSeconds * 1000,
      Date.now(),
    );
    const result = await soak(mix, rate, minutes * 60);
    sampler.stop();
    report({ peakRate, rate, peak, result, growth: growthAfter(sampler.samples, warmupSeconds) });
  } finally {
    await mix.close();
    await stack.close();
    await site.close();
  }
}

function report(r: {
  peakRate: number;
  rate: number;
  peak: Tally;
  result: Tally;
  growth: ReturnType<typeof growthAfter>;
}): void {
  const { result } = r;
  const seconds = minutes * 60;
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const mixLine = (t: Tally) => [...t.byOp].map(([op, o]) => `${op} ${o.n} ${f(o.ms / o.n)}`).join(', ');
  const lines = [
    `Soak: ${kind}, ${minutes} min at ${Math.round(loadShare * 100)} % of the peak (${f(r.peakRate, 0)} ops/s measured with ${concurrency} clients; ${r.peak.errorCount()} errors then), RSS every ${sampleSeconds} s, growth after ${f(warmupSeconds / 60)} min of warm-up`,
    `load: ${result.done} operations (${f(result.done / seconds, 0)}/s of ${f(r.rate, 0)}/s asked), ${result.errorCount()} errors, ${result.shed} shed; latency p50 ${f(result.percentile(50))} ms, p99 ${f(result.percentile(99))} ms`,
    `peak mix (count, mean ms): ${mixLine(r.peak)}`,
    `soak mix (count, mean ms): ${mixLine(result)}`,
    ...[...r.peak.errors].slice(0, 4).map(([error, n]) => `  peak error ×${n}: ${error}`),
    ...[...result.errors].slice(0, 8).map(([error, n]) => `  error ×${n}: ${error}`),
    'process                 RSS warm MB   end MB  peak MB   growth MB/min  slope MB/min',
    ...r.growth.map(
      (g) =>
        `${g.name.padEnd(22)} ${f(g.warmMb).padStart(11)} ${f(g.endMb).padStart(8)} ${f(g.peakMb).padStart(8)} ${f(g.mbPerMinute, 2).padStart(15)} ${f(g.slopeMbPerMinute, 2).padStart(13)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
