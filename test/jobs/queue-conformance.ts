import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { enqueue, isJobEnqueued } from '../../src/jobs/enqueue.ts';
import type { Consumer } from '../../src/jobs/queue.ts';
import type { JobService } from '../../src/jobs/service.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import type { DbKind } from '../support/services.ts';
import { until } from '../support/until.ts';
import { createJobBench, type JobBench, type QueueKind } from './support/job-bench.ts';
import { waitForStatus } from './support/wait.ts';

/**
 * The behaviour every JobQueue must have, through `enqueue` and `startWorker`, run once per queue
 * implementation and database (Hono's `runTest` pattern).
 */
export function runQueueConformance(queue: QueueKind, kind: DbKind): void {
  describe(`${queue} queue on ${kind}: job conformance`, () => {
    let t: JobBench;
    let site: string;
    let other: string;
    before(async () => {
      t = await createJobBench(kind, queue, 2);
      [site, other] = t.sites as [string, string];
    });
    afterEach(() => t.closeServices());
    after(() => t.close());

    const ctx = (jobs: JobService, user = 'worker@example.com') => ({ site, user, jobs });

    async function withWorker<T>(jobs: JobService, fn: () => Promise<T>, queues = ['default']): Promise<T> {
      const worker = startWorker(jobs, { queues, concurrency: 2 });
      try {
        return await fn();
      } finally {
        await worker.close(5000);
      }
    }

    it('runs a job as the enqueuing user on its site, commits its writes and keeps its result', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs, 'ann@example.com'), 'test.record', {
        name: 'r1',
        result: { n: 42 },
      });
      assert.equal(result.status, 'queued');
      const id = (result as { id: string }).id;
      assert.equal((await jobs.queue.get(site, id))?.status, 'queued');
      const done = await withWorker(jobs, () => waitForStatus(jobs, site, id, ['finished']));
      assert.deepEqual(done.result, { n: 42 });
      assert.equal(done.user, 'ann@example.com');
      assert.equal(done.attempts, 1);
      assert.ok(done.startedAt && done.endedAt && done.endedAt >= done.startedAt);
      const probes = await t.probes(site);
      assert.deepEqual(probes.get('r1'), { value: site, owner: 'ann@example.com' });
      assert.equal((await t.probes(other)).size, 0, 'nothing written on the other site');
    });

    it("lists a site's jobs only, and looks them up only on their own site", async () => {
      const jobs = t.service();
      const mine = await enqueue(ctx(jobs), 'test.record', { name: 'iso-1' });
      const theirs = await enqueue({ site: other, user: 'x@example.com', jobs }, 'test.record', {
        name: 'iso-2',
      });
      const id = (mine as { id: string }).id;
      const otherId = (theirs as { id: string }).id;
      assert.ok((await jobs.queue.list(site)).some((j) => j.id === id));
      assert.ok(!(await jobs.queue.list(site)).some((j) => j.id === otherId));
      assert.equal(await jobs.queue.get(other, id), undefined);
      await withWorker(jobs, async () => {
        await waitForStatus(jobs, site, id, ['finished']);
        await waitForStatus(jobs, other, otherId, ['finished']);
      });
      assert.ok((await t.probes(other)).has('iso-2'));
    });

    it('rolls back the writes of a job that throws, marks it failed with its trace and calls on_failure', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.fail', { name: 'f1', on_failure: 'test.on_failure' });
      const id = (result as { id: string }).id;
      const failed = await withWorker(jobs, () => waitForStatus(jobs, site, id, ['failed']));
      assert.match(failed.excInfo ?? '', /boom f1/);
      assert.equal(failed.attempts, 1, 'a plain error is not retried');
      const probes = await until(
        async () => {
          const rows = await t.probes(site);
          return rows.has(`failure:${id}`) ? rows : undefined;
        },
        'on_failure ran',
        { timeoutMs: 30_000 },
      );
      assert.equal(probes.has('f1'), false, 'the failed job wrote nothing');
      assert.match(probes.get(`failure:${id}`)!.value, /boom f1/);
    });

    it('calls on_success after the job committed', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.record', {
        name: 's1',
        result: 7,
        on_success: 'test.on_success',
      });
      const id = (result as { id: string }).id;
      await withWorker(jobs, () =>
        until(async () => (await t.probes(site)).has(`success:${id}`), 'on_success ran', {
          timeoutMs: 30_000,
        }),
      );
      assert.equal((await t.probes(site)).get(`success:${id}`)?.value, '7');
    });

    it('retries a transient failure with backoff until it succeeds', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.transient', { name: 't1', succeed_on: 3 });
      const id = (result as { id: string }).id;
      const done = await withWorker(jobs, () => waitForStatus(jobs, site, id, ['finished']));
      assert.equal(done.attempts, 3);
      assert.equal((await t.probes(site)).get('t1')?.value, 'attempt 3');
    });

    it('fails a transient failure for good once its attempts are used up', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.transient', { name: 't2', succeed_on: 99 });
      const id = (result as { id: string }).id;
      const failed = await withWorker(jobs, () => waitForStatus(jobs, site, id, ['failed']));
      assert.equal(failed.attempts, jobs.maxAttempts);
      assert.match(failed.excInfo ?? '', /RetryJobError: not yet \(attempt 6\)/);
    });

    it('stops a job past its timeout, rolls back its writes and marks it failed', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.hang', { name: 'h1', timeout: 1 });
      const id = (result as { id: string }).id;
      const failed = await withWorker(jobs, () => waitForStatus(jobs, site, id, ['failed']));
      assert.match(failed.excInfo ?? '', /Task exceeded maximum timeout value \(1 seconds\)/);
      assert.equal(failed.attempts, 1, 'a timeout is not retried');
      assert.equal((await t.probes(site)).has('h1'), false);
    });

    it('enqueues once per job_id under concurrent enqueues, and again once the job is done', async () => {
      const jobs = t.service();
      const others = [t.service(), t.service()];
      const job_id = `dedupe-${queue}-${kind}`;
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          enqueue(ctx([jobs, ...others][i % 3]!), 'test.record', {
            name: `d-${i}`,
            job_id,
            deduplicate: true,
          }),
        ),
      );
      const queued = results.filter((r) => r.status === 'queued');
      assert.equal(
        queued.length,
        1,
        `exactly one added, got ${JSON.stringify(results.map((r) => r.status))}`,
      );
      assert.ok(results.every((r) => r.status === 'queued' || r.status === 'deduplicated'));
      assert.equal(await isJobEnqueued(jobs, site, job_id), true);
      await withWorker(jobs, () => waitForStatus(jobs, site, job_id, ['finished']));
      assert.equal(await isJobEnqueued(jobs, site, job_id), false);
      const names = [...(await t.probes(site)).keys()].filter((n) => n.startsWith('d-'));
      assert.equal(names.length, 1, 'the job ran once');
      const again = await enqueue(ctx(jobs), 'test.record', { name: 'd-again', job_id, deduplicate: true });
      assert.equal(again.status, 'queued', 'a finished job of that id is replaced');
    });

    it('holds an enqueue_after_commit job until commit, and drops it on rollback', async () => {
      const jobs = t.service();
      const db = t.databases.get(site);
      await assert.rejects(
        db.transaction(async (tx) => {
          await enqueue({ ...ctx(jobs), db: tx }, 'test.record', {
            name: 'ac-rolled-back',
            job_id: 'ac-rb',
            enqueue_after_commit: true,
          });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await jobs.queue.get(site, 'ac-rb'), undefined);
      await db.transaction(async (tx) => {
        await enqueue({ ...ctx(jobs), db: tx }, 'test.record', {
          name: 'ac-committed',
          job_id: 'ac-ok',
          enqueue_after_commit: true,
        });
        const reader = t.service();
        assert.equal(await reader.queue.get(site, 'ac-ok'), undefined, 'not visible before commit');
      });
      assert.equal((await jobs.queue.get(site, 'ac-ok'))?.status, 'queued');
      await withWorker(jobs, () => waitForStatus(jobs, site, 'ac-ok', ['finished']));
      assert.ok((await t.probes(site)).has('ac-committed'));
    });

    it('runs an at_front job before the jobs already waiting', async () => {
      const jobs = t.service();
      for (const name of ['q1', 'q2']) await enqueue(ctx(jobs), 'test.record', { name, queue: 'short' });
      const front = await enqueue(ctx(jobs), 'test.record', {
        name: 'q-front',
        queue: 'short',
        at_front: true,
      });
      const frontId = (front as { id: string }).id;
      const worker = startWorker(jobs, { queues: ['short'], concurrency: 1 });
      try {
        await until(
          async () => (await jobs.queue.list(site, { queues: ['short'], statuses: ['queued'] })).length === 0,
          'short drained',
          { timeoutMs: 30_000 },
        );
        await waitForStatus(jobs, site, frontId, ['finished']);
      } finally {
        await worker.close(5000);
      }
      const finished = (await jobs.queue.list(site, { queues: ['short'], statuses: ['finished'] })).sort(
        (a, b) => a.startedAt! - b.startedAt!,
      );
      assert.equal(finished[0]?.id, frontId);
    });

    it('lets running jobs finish on a graceful close', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.slow', { name: 'g-finish', ms: 300 });
      const id = (result as { id: string }).id;
      const worker = startWorker(jobs, { queues: ['default'] });
      await waitForStatus(jobs, site, id, ['started']);
      await worker.close(10_000);
      assert.equal((await jobs.queue.get(site, id))?.status, 'finished');
      assert.ok((await t.probes(site)).has('g-finish'));
    });

    it('returns a job still running after the grace period to the queue, where another worker finishes it', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.slow', { name: 'g-return', ms: 60_000 });
      const id = (result as { id: string }).id;
      const worker = startWorker(jobs, { queues: ['default'] });
      await waitForStatus(jobs, site, id, ['started']);
      await worker.close(200);
      const back = await jobs.queue.get(site, id);
      assert.equal(back?.status, 'queued');
      assert.equal((await t.probes(site)).has('g-return'), false, 'the interrupted run was rolled back');
      // A second worker with a shorter job: the same job id, run in full this time.
      const next = t.service();
      const consumer: Consumer = next.queue.consume({ queues: ['default'] }, async (job) =>
        job.id === id ? { kind: 'finished', result: 'second run' } : { kind: 'interrupted' },
      );
      try {
        const done = await waitForStatus(next, site, id, ['finished']);
        assert.equal(done.result, 'second run');
      } finally {
        await consumer.close(1000);
      }
    });

    it('retries a failed job on request and removes jobs that are not running', async () => {
      const jobs = t.service();
      const result = await enqueue(ctx(jobs), 'test.fail', { name: 'rr', job_id: 'retry-me' });
      assert.equal(result.status, 'queued');
      await withWorker(jobs, () => waitForStatus(jobs, site, 'retry-me', ['failed']));
      assert.equal(await jobs.queue.retry(site, 'retry-me'), true);
      assert.equal((await jobs.queue.get(site, 'retry-me'))?.status, 'queued');
      assert.equal(await jobs.queue.retry(site, 'retry-me'), false, 'only failed jobs are retried');
      assert.equal(await jobs.queue.remove(site, 'retry-me'), true);
      assert.equal(await jobs.queue.get(site, 'retry-me'), undefined);
    });

    it('runs a job inline with `now`, in the caller transaction', async () => {
      const jobs = t.service();
      const db = t.databases.get(site);
      const result = await db.transaction((tx) =>
        enqueue({ ...ctx(jobs), db: tx }, 'test.record', { name: 'inline', result: 'here', now: true }),
      );
      assert.deepEqual(result, { status: 'ran', result: 'here' });
      assert.ok((await t.probes(site)).has('inline'));
    });
  });
}
