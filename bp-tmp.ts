import { createBenchSite } from './bench/jobs/setup.ts';
import { runJob } from './src/jobs/run-job.ts';
process.env.LOG_LEVEL='silent';
const site = await createBenchSite('redis://127.0.0.1:6379');
const N = 10000;
const jobs = site.service('bullmq', () => {});
async function fill() { let next = 0; await Promise.all(Array.from({ length: 32 }, async () => { while (next < N) { next++; await jobs.queue.add({ site: site.site, user: 'Administrator', method: 'bench.noop', kwargs: {}, queue: 'default', timeout: 300, maxAttempts: 6, enqueuedAt: Date.now() }); } })); }
async function drain(name: string, handler: any) {
  await fill();
  let n = 0; let done!: () => void; const all = new Promise<void>((r) => { done = r; });
  const t0 = performance.now();
  const c = jobs.queue.consume({ queues: ['default'], concurrency: 8 }, async (job: any, sig: any) => { const o = await handler(job, sig); if (++n === N) done(); return o; });
  await all; console.log(name, (N / (performance.now() - t0) * 1000).toFixed(0));
  await c.close(1000);
}
for (let r = 0; r < 3; r++) {
  await drain('bare  ', async () => ({ kind: 'finished', result: null }));
  await drain('runJob', (job: any, sig: any) => runJob(jobs, job, sig));
}
await site.close();
