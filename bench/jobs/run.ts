// Job queue benchmark: enqueue and process throughput and enqueue-to-start latency of Cortado's two queues
// beside raw BullMQ with a no-op processor, in one run, with ratios. Not a test: numbers vary by machine.
//
//   npx tsx bench/jobs/run.ts            (REDIS_URL or TEST_REDIS_URL, default redis://127.0.0.1:6379)
//   JOBS=20000 CONCURRENCY=16 ROUNDS=5 npx tsx bench/jobs/run.ts
import { enqueue, type JobService, startWorker } from '../../src/jobs/index.ts';
import { measure, type Result, type Target } from './measure.ts';
import { rawBullmq } from './raw-bullmq.ts';
import { type BenchSite, createBenchSite } from './setup.ts';

process.env.LOG_LEVEL ??= 'silent';
const url = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const options = {
  n: Number(process.env.JOBS ?? 5000),
  window: Number(process.env.WINDOW ?? 32),
  concurrency: Number(process.env.CONCURRENCY ?? 8),
  samples: Number(process.env.SAMPLES ?? 200),
};

function cortado(site: BenchSite, kind: 'table' | 'bullmq', name: string): Target {
  let onStart: (enqueuedAt: number) => void = () => {};
  const jobs: JobService = site.service(kind, (at) => onStart(at));
  let worker: ReturnType<typeof startWorker> | undefined;
  return {
    name,
    async enqueue(i) {
      await enqueue({ site: site.site, user: 'Administrator', jobs }, 'bench.noop', { i });
    },
    startWorker(concurrency, listener) {
      onStart = listener;
      worker = startWorker(jobs, { queues: ['default'], concurrency });
    },
    async stopWorker() {
      await worker?.close(5000);
    },
  };
}

// Best of ROUNDS per target (throughput max, latency min): other processes on a shared machine add noise.
const rounds = Number(process.env.ROUNDS ?? 3);
const site = await createBenchSite(url);
const raw = rawBullmq(url);
const targets = [
  raw,
  cortado(site, 'bullmq', 'Cortado BullMQ'),
  cortado(site, 'table', 'Cortado table (SQLite)'),
];
const best = new Map<string, Result>();
try {
  process.stderr.write(
    `jobs=${options.n} window=${options.window} concurrency=${options.concurrency} rounds=${rounds}\n`,
  );
  for (let round = 1; round <= rounds; round++) {
    // Interleaved, so that a burst of load elsewhere hits every target alike.
    for (const target of targets) {
      process.stderr.write(`round ${round}: ${target.name}\n`);
      const r = await measure(target, options);
      const b = best.get(r.name);
      best.set(r.name, {
        name: r.name,
        enqueuePerSec: Math.max(r.enqueuePerSec, b?.enqueuePerSec ?? 0),
        processPerSec: Math.max(r.processPerSec, b?.processPerSec ?? 0),
        processCpuUs: Math.min(r.processCpuUs, b?.processCpuUs ?? Number.POSITIVE_INFINITY),
        latencyP50: Math.min(r.latencyP50, b?.latencyP50 ?? Number.POSITIVE_INFINITY),
        latencyP95: Math.min(r.latencyP95, b?.latencyP95 ?? Number.POSITIVE_INFINITY),
      });
    }
  }
} finally {
  await raw.close();
  await site.close();
}
const results = [...best.values()];

const base = results[0]!;
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(24) : c.padStart(14))).join('');
console.log(row(['', 'enqueue/s', 'process/s', 'CPU µs/job', 'latency p50', 'latency p95']));
for (const r of results) {
  console.log(
    row([
      r.name,
      r.enqueuePerSec.toFixed(0),
      r.processPerSec.toFixed(0),
      r.processCpuUs.toFixed(0),
      `${r.latencyP50} ms`,
      `${r.latencyP95} ms`,
    ]),
  );
}
console.log('\nslowdown against raw BullMQ (1.00 = as fast; target <= 1.5):');
console.log(row(['', 'enqueue', 'process', 'CPU/job', 'latency p50', 'latency p95']));
for (const r of results.slice(1)) {
  const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(2));
  console.log(
    row([
      r.name,
      ratio(base.enqueuePerSec, r.enqueuePerSec),
      ratio(base.processPerSec, r.processPerSec),
      ratio(r.processCpuUs, base.processCpuUs),
      ratio(r.latencyP50, Math.max(1, base.latencyP50)),
      ratio(r.latencyP95, Math.max(1, base.latencyP95)),
    ]),
  );
}
