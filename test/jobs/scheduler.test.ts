// The scheduler: scheduler_events become Scheduled Job Types; each due slot is enqueued once even with two
// schedulers (in-process instances with their own connections, and two real processes); runs are logged in
// Scheduled Job Log; pause per site and stopped job types are honoured.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { formatDatetime } from '../../src/db/values.ts';
import { logCleanupMethod } from '../../src/jobs/core-jobs.ts';
import { jobLogTable } from '../../src/jobs/scheduler/job-log.ts';
import { jobTypeTable, setJobTypeStopped } from '../../src/jobs/scheduler/job-types.ts';
import { Scheduler } from '../../src/jobs/scheduler/scheduler.ts';
import { executeJobType, runScheduledJobMethod, scheduledJobId } from '../../src/jobs/scheduler/tick.ts';
import type { JobService } from '../../src/jobs/service.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { exited, spawnCortado } from './support/child.ts';
import { createJobBench, type JobBench, queueKinds } from './support/job-bench.ts';

const scheduled = [
  'test.sched_all',
  'test.sched_hourly',
  'test.sched_cron',
  'test.sched_daily_fail',
  logCleanupMethod,
];
const hour = 3_600_000;

for (const queue of queueKinds) {
  for (const kind of databases) {
    describe(`${queue} queue on ${kind}: scheduler`, () => {
      let t: JobBench;
      let site: string;
      let other: string;
      before(async () => {
        t = await createJobBench(kind, queue, 2);
        [site, other] = t.sites as [string, string];
      });
      afterEach(() => t.closeServices());
      after(() => t.close());

      const q = (name: string) => t.databases.get(site).dialect.quote(name);

      /** Scheduled runs in the queue, per scheduled method (any status). */
      async function runsByMethod(jobs: JobService, on = site): Promise<Map<string, number>> {
        const counts = new Map<string, number>();
        for (const job of await jobs.queue.list(on)) {
          if (job.method !== runScheduledJobMethod) continue;
          const method = String(job.kwargs.job_type);
          counts.set(method, (counts.get(method) ?? 0) + 1);
        }
        return counts;
      }

      async function drain(jobs: JobService): Promise<void> {
        const worker = startWorker(jobs, { queues: ['default', 'long'], concurrency: 2 });
        try {
          await until(
            async () => {
              const live = await jobs.queue.list(site, { statuses: ['queued', 'started', 'scheduled'] });
              return live.length === 0;
            },
            'scheduled jobs drained',
            { timeoutMs: 60_000 },
          );
        } finally {
          await worker.close(5000);
        }
      }

      async function setLastExecution(on: string, when: Date): Promise<void> {
        const db = t.databases.get(on);
        await db.run(`UPDATE ${q(jobTypeTable)} SET ${q('last_execution')} = ?`, [formatDatetime(when)]);
      }

      it('turns scheduler_events into Scheduled Job Types (Frappe names, frequencies, logging)', async () => {
        const jobs = t.service();
        await new Scheduler(jobs, { bench: t.bench }).tick();
        const db = t.databases.get(site);
        const rows = await db.all<Record<string, unknown>>(
          `SELECT ${q('name')}, ${q('method')}, ${q('frequency')}, ${q('cron_format')}, ${q('create_log')}, ${q('stopped')} FROM ${q(jobTypeTable)} ORDER BY ${q('name')}`,
        );
        const byName = new Map(rows.map((r) => [r.name, r]));
        assert.deepEqual([...byName.keys()].sort(), [
          'log_settings.run_log_clean_up',
          'test.sched_all',
          'test.sched_cron',
          'test.sched_daily_fail',
          'test.sched_hourly',
        ]);
        assert.deepEqual(
          { ...byName.get('test.sched_cron'), create_log: Number(byName.get('test.sched_cron')!.create_log) },
          {
            name: 'test.sched_cron',
            method: 'test.sched_cron',
            frequency: 'Cron',
            cron_format: '*/5 * * * *',
            create_log: 1,
            stopped: 0,
          },
        );
        assert.equal(byName.get('test.sched_daily_fail')!.frequency, 'Daily Long');
        assert.equal(Number(byName.get('test.sched_all')!.create_log), 0, '`All` jobs log only when asked');
      });

      it('two schedulers with their own connections enqueue each due job exactly once per slot', async () => {
        const jobs = t.service();
        const [a, b] = [t.service(), t.service()].map((s) => new Scheduler(s, { bench: t.bench }));
        await a!.tick(); // creates the job types (nothing is due at creation)
        // 01:00 forty days on, then every two hours: every job type is due in the first slot; in the next ones
        // (no midnight crossed) the hourly, five-minute and `All` ones.
        const start = new Date();
        start.setDate(start.getDate() + 40);
        start.setHours(1, 0, 0, 0);
        const frequent = ['test.sched_all', 'test.sched_cron', 'test.sched_hourly'];
        for (let slot = 0; slot < 3; slot++) {
          const now = new Date(start.getTime() + slot * 2 * hour);
          const [fromA, fromB] = await Promise.all([a!.tick(now), b!.tick(now)]);
          const enqueued = [...(fromA[site] ?? []), ...(fromB[site] ?? [])].sort();
          assert.deepEqual(enqueued, slot === 0 ? [...scheduled].sort() : frequent, `slot ${slot}`);
          for (const [method, count] of await runsByMethod(jobs)) {
            assert.equal(count, 1, `${method} enqueued ${count} times in slot ${slot}`);
          }
          // Ticking again in the same slot finds nothing due.
          const [againA, againB] = await Promise.all([a!.tick(now), b!.tick(now)]);
          assert.deepEqual([...(againA[site] ?? []), ...(againB[site] ?? [])], []);
          await drain(jobs);
        }
      });

      it('leaves a due slot for later while the previous run is still queued', async () => {
        const jobs = t.service();
        const scheduler = new Scheduler(jobs, { bench: t.bench });
        await setLastExecution(site, new Date(Date.now() - 3 * hour));
        await setLastExecution(other, new Date(Date.now() - 3 * hour));
        const first = await scheduler.tick(new Date(Date.now() + 60_000));
        assert.ok(first[site]?.includes('test.sched_hourly'));
        const later = await scheduler.tick(new Date(Date.now() + 2 * hour));
        assert.ok(!later[site]?.includes('test.sched_hourly'), 'not twice while queued');
        assert.equal((await runsByMethod(jobs)).get('test.sched_hourly'), 1);
        assert.equal((await jobs.queue.get(site, scheduledJobId('test.sched_hourly')))?.status, 'queued');
        await drain(jobs);
        const next = await scheduler.tick(new Date(Date.now() + 2 * hour));
        assert.ok(next[site]?.includes('test.sched_hourly'), 'enqueued once the previous run is done');
        await drain(jobs);
      });

      it('logs runs in Scheduled Job Log: Start then Complete, or Failed with the trace and nothing written', async () => {
        const jobs = t.service();
        const db = t.databases.get(site);
        await db.run(`DELETE FROM ${q(jobLogTable)}`);
        await setLastExecution(site, new Date(Date.now() - 3 * 24 * hour));
        await new Scheduler(jobs, { bench: t.bench }).tick();
        await drain(jobs);
        const logs = await db.all<{ scheduled_job_type: string; status: string; details: string | null }>(
          `SELECT ${q('scheduled_job_type')}, ${q('status')}, ${q('details')} FROM ${q(jobLogTable)}`,
        );
        const byType = new Map(logs.map((l) => [l.scheduled_job_type, l]));
        assert.equal(byType.get('test.sched_hourly')?.status, 'Complete');
        assert.equal(byType.get('test.sched_cron')?.status, 'Complete');
        assert.equal(byType.get('test.sched_daily_fail')?.status, 'Failed');
        assert.match(byType.get('test.sched_daily_fail')?.details ?? '', /scheduled boom/);
        assert.equal(byType.has('test.sched_all'), false, 'no log for `All` without create_log');
        const probes = [...(await t.probes(site)).keys()];
        assert.ok(probes.some((n) => n.startsWith('test.sched_hourly:')));
        assert.ok(
          !probes.some((n) => n.startsWith('test.sched_daily_fail:')),
          'the failed run was rolled back',
        );
        const failedRun = await jobs.queue.get(site, scheduledJobId('test.sched_daily_fail'));
        assert.equal(
          failedRun?.status,
          'finished',
          'as in Frappe, the failure lives in the log, not the job',
        );
      });

      it('skips a paused site and a stopped job type', async () => {
        const jobs = t.service();
        const scheduler = new Scheduler(jobs, { bench: t.bench });
        await scheduler.tick();
        // The first tick may have queued jobs on `other` (a daily job right after midnight): the paused tick
        // must add nothing to them.
        const liveOnOther = async () =>
          (await jobs.queue.list(other, { statuses: ['queued', 'started'] }))
            .map((j) => `${j.id}@${j.enqueuedAt}`)
            .sort();
        const before = await liveOnOther();
        t.bench.updateSiteConfig(other, { pause_scheduler: 1 });
        await setJobTypeStopped(t.databases.get(site), 'test.sched_cron', true);
        try {
          await setLastExecution(site, new Date(Date.now() - 3 * hour));
          await setLastExecution(other, new Date(Date.now() - 3 * hour));
          const result = await scheduler.tick(new Date(Date.now() + 60_000));
          assert.equal(result[other], undefined, 'paused site untouched');
          assert.deepEqual(
            await liveOnOther(),
            before,
            'the paused tick enqueued nothing on the paused site',
          );
          assert.ok(result[site]?.includes('test.sched_hourly'));
          assert.ok(!result[site]?.includes('test.sched_cron'), 'stopped job type skipped');
        } finally {
          t.bench.updateSiteConfig(other, { pause_scheduler: 0 });
          await setJobTypeStopped(t.databases.get(site), 'test.sched_cron', false);
          await drain(jobs);
        }
      });

      it('executes a job type on request, whatever its schedule, once while it is queued', async () => {
        const jobs = t.service();
        await new Scheduler(jobs, { bench: t.bench }).tick();
        const row = { method: 'test.sched_hourly', frequency: 'Hourly' };
        assert.equal((await executeJobType(jobs, site, row)).status, 'queued');
        assert.equal((await executeJobType(jobs, site, row)).status, 'deduplicated');
        await drain(jobs);
        assert.equal((await jobs.queue.get(site, scheduledJobId('test.sched_hourly')))?.status, 'finished');
      });

      it('two scheduler processes ticking at once enqueue each due job once', async () => {
        const jobs = t.service();
        await setLastExecution(site, new Date(Date.now() - 3 * 24 * hour));
        const children = [0, 1].map(() =>
          exited(spawnCortado(t.bench.sitesPath, ['--site', site, 'scheduler', 'tick'])),
        );
        const outputs = await Promise.all(children);
        for (const { code, output } of outputs) assert.equal(code, 0, output);
        const reported = outputs.flatMap(({ output }) =>
          output
            .split('\n')
            .filter((line) => line.startsWith(`${site}: `) && !line.endsWith('nothing due'))
            .flatMap((line) => line.slice(site.length + 2).split(', ')),
        );
        assert.deepEqual(reported.sort(), [...scheduled].sort());
        const runs = await runsByMethod(jobs);
        for (const method of scheduled) assert.equal(runs.get(method), 1, method);
        await drain(jobs);
      });
    });
  }
}
