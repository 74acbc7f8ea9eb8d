// Real worker processes: one killed with SIGKILL mid-job, one stopped with SIGTERM past its grace period.
// Neither loses the job. (Table queue: the lease of a dead worker's job runs out after its timeout plus
// `job_stall_timeout`, and a live worker runs it again. BullMQ: its lock expires after `job_stall_timeout`
// and the stalled-job check puts it back in the queue.)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { exited, spawnCortado } from './support/child.ts';
import { createJobBench, type JobBench, queueKinds } from './support/job-bench.ts';
import { waitForStatus } from './support/wait.ts';

for (const queue of queueKinds) {
  for (const kind of databases) {
    describe(`${queue} queue on ${kind}: worker processes`, () => {
      let t: JobBench;
      let site: string;
      let dir: string;
      before(async () => {
        t = await createJobBench(kind, queue);
        site = t.sites[0]!;
        dir = mkdtempSync(join(tmpdir(), 'cortado-worker-'));
      });
      afterEach(() => t.closeServices());
      after(async () => {
        await t.close();
        rmSync(dir, { recursive: true, force: true });
      });

      // A child worker whose test jobs block until aborted (CORTADO_TEST_BLOCK), with a started-marker file.
      async function startBlockedJob(name: string, grace = 8) {
        const jobs = t.service();
        const marker = join(dir, `${name}.started`);
        const result = await enqueue({ site, user: 'ops@example.com', jobs }, 'test.slow', {
          name,
          ms: 10,
          marker,
          timeout: 3,
        });
        const id = (result as { id: string }).id;
        const child = spawnCortado(
          t.bench.sitesPath,
          ['worker', '--queue', 'default', '--grace', String(grace)],
          {
            CORTADO_TEST_BLOCK: '1',
            CORTADO_HEALTH_DIR: dir,
          },
        );
        const exit = exited(child);
        await until(() => existsSync(marker), `job ${name} running in the child worker`, {
          timeoutMs: 30_000,
        });
        assert.equal((await jobs.queue.get(site, id))?.status, 'started');
        return { jobs, id, child, exit };
      }

      it('a worker killed with SIGKILL mid-job does not lose it: another worker runs it again', async () => {
        const { jobs, id, child, exit } = await startBlockedJob('crash');
        child.kill('SIGKILL');
        assert.equal((await exit).signal, 'SIGKILL');
        assert.equal((await jobs.queue.get(site, id))?.status, 'started', 'still held by the dead worker');
        const worker = startWorker(jobs, { queues: ['default'] });
        try {
          const done = await waitForStatus(jobs, site, id, ['finished'], 30_000);
          assert.equal(done.attempts, 2, 'the killed run and the one that finished');
        } finally {
          await worker.close(5000);
        }
        assert.equal((await t.probes(site)).get('crash')?.owner, 'ops@example.com');
      });

      it('a worker stopped with SIGTERM returns a job still running after its grace period, then exits', async () => {
        const { jobs, id, child, exit } = await startBlockedJob('term', 1);
        child.kill('SIGTERM');
        const { code, output } = await exit;
        assert.equal(code, 0, output);
        const back = await jobs.queue.get(site, id);
        assert.equal(back?.status, 'queued', 'back in the queue at once, not after a lease');
        assert.equal((await t.probes(site)).has('term'), false);
        const worker = startWorker(jobs, { queues: ['default'] });
        try {
          await waitForStatus(jobs, site, id, ['finished'], 15_000);
        } finally {
          await worker.close(5000);
        }
        assert.ok((await t.probes(site)).has('term'));
      });
    });
  }
}
