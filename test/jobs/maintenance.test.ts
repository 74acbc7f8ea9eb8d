// Workers leave a site in maintenance alone: its jobs wait (not run, not failed, attempts untouched) while the
// other sites' jobs run, and run once maintenance is off.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { siteConfigRecheckMs } from '../../src/config/maintenance.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { createJobBench, type JobBench, queueKinds } from './support/job-bench.ts';
import { waitForStatus } from './support/wait.ts';

for (const queue of queueKinds) {
  for (const kind of databases) {
    describe(`${queue} queue on ${kind}: a site in maintenance`, () => {
      let t: JobBench;
      before(async () => {
        t = await createJobBench(kind, queue, 2);
      });
      afterEach(() => t.closeServices());
      after(() => t.close());

      it('runs no job of that site until maintenance is off, and counts no attempt meanwhile', async () => {
        const [paused, active] = t.sites as [string, string];
        t.bench.updateSiteConfig(paused, { maintenance_mode: 1 });
        const jobs = t.service();
        const held = await enqueue({ site: paused, user: 'ann@example.com', jobs }, 'test.record', {
          name: 'held',
        });
        const free = await enqueue({ site: active, user: 'ann@example.com', jobs }, 'test.record', {
          name: 'free',
        });
        const heldId = (held as { id: string }).id;
        const worker = startWorker(jobs, { queues: ['default'], concurrency: 1 });
        try {
          await waitForStatus(jobs, active, (free as { id: string }).id, ['finished']);
          // The worker has been past the held job (it is older): it must still be waiting, untouched.
          await until(async () => (await t.probes(active)).has('free'), 'the other site ran');
          const waiting = await jobs.queue.get(paused, heldId);
          assert.ok(waiting && !['started', 'finished', 'failed'].includes(waiting.status), waiting?.status);
          assert.equal(
            (await t.probes(paused)).has('held'),
            false,
            'nothing written on the site in maintenance',
          );

          t.bench.updateSiteConfig(paused, { maintenance_mode: 0 });
          const done = await waitForStatus(jobs, paused, heldId, ['finished'], 20_000);
          // BullMQ's count is of runs started (a postponed look included); its retry budget is attemptsMade.
          if (queue === 'table') assert.equal(done.attempts, 1, 'the waiting did not count as attempts');
          assert.ok((await t.probes(paused)).has('held'));
        } finally {
          await worker.close(5000);
        }
      });

      it('rolls back a job that was running when maintenance began, and runs it again after', async () => {
        const [site] = t.sites as [string];
        const marker = join(mkdtempSync(join(tmpdir(), 'cortado-maint-')), 'started');
        const jobs = t.service();
        const queued = await enqueue({ site, user: 'ann@example.com', jobs }, 'test.slow', {
          name: 'midway',
          ms: siteConfigRecheckMs + 1000,
          marker,
        });
        const id = (queued as { id: string }).id;
        const worker = startWorker(jobs, { queues: ['default'], concurrency: 1 });
        try {
          await until(() => existsSync(marker), 'the job started');
          t.bench.updateSiteConfig(site, { maintenance_mode: 1 });
          // It ends its sleep, writes its probe row, and must then roll it back instead of committing.
          await until(
            async () => {
              const job = await jobs.queue.get(site, id);
              return job && job.status !== 'started' ? job : undefined;
            },
            'the run ended',
            { timeoutMs: 15_000 },
          );
          assert.notEqual((await jobs.queue.get(site, id))?.status, 'finished');
          assert.equal((await t.probes(site)).has('midway'), false, 'its writes were rolled back');
          t.bench.updateSiteConfig(site, { maintenance_mode: 0 });
          await waitForStatus(jobs, site, id, ['finished'], 30_000);
          assert.ok((await t.probes(site)).has('midway'), 'it ran again and committed');
        } finally {
          await worker.close(5000);
        }
      });
    });
  }
}
