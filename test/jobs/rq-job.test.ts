// The virtual RQ Job DocType: System Managers only, the site's own jobs, Frappe's row shape and filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataError, DoesNotExistError, PermissionError } from '../../src/errors/index.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import {
  countRqJobs,
  deleteRqJob,
  getRqJob,
  listRqJobs,
  removeFailedRqJobs,
} from '../../src/jobs/rq-job/rq-jobs.ts';
import { runScheduledJobMethod } from '../../src/jobs/scheduler/tick.ts';
import type { JobService } from '../../src/jobs/service.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { createJobBench, type JobBench, queueKinds } from './support/job-bench.ts';
import { waitForStatus } from './support/wait.ts';

for (const queue of queueKinds) {
  describe(`${queue} queue: RQ Job`, () => {
    let t: JobBench;
    let jobs: JobService;
    let site: string;
    let other: string;
    let failedId: string;
    let finishedId: string;
    const admin = () => ({ site, user: 'sm@example.com', roles: ['System Manager'] });

    before(async () => {
      t = await createJobBench('sqlite', queue, 2);
      [site, other] = t.sites as [string, string];
      jobs = t.service();
      const ctx = { site, user: 'ann@example.com', jobs };
      failedId = ((await enqueue(ctx, 'test.fail', { name: 'rq-f', queue: 'short' })) as { id: string }).id;
      finishedId = ((await enqueue(ctx, 'test.record', { name: 'rq-ok', result: 'r' })) as { id: string }).id;
      const worker = startWorker(jobs, { queues: ['short', 'default'] });
      await waitForStatus(jobs, site, failedId, ['failed']);
      await waitForStatus(jobs, site, finishedId, ['finished']);
      await worker.close(5000);
      await enqueue(ctx, 'test.noop', { queue: 'long', job_id: 'waiting-one' });
      await enqueue({ site, user: 'Administrator', jobs }, runScheduledJobMethod, {
        queue: 'long',
        job_type: 'app.tasks.nightly',
        job_id: 'scheduled_job::app.tasks.nightly',
      });
      await enqueue({ site: other, user: 'eve@example.com', jobs }, 'test.noop', { job_id: 'theirs' });
    });
    after(() => t.close());

    it('is readable by System Managers and Administrator only', async () => {
      const clerk = { site, user: 'clerk@example.com', roles: ['Employee'] };
      await assert.rejects(listRqJobs(jobs, clerk), PermissionError);
      await assert.rejects(getRqJob(jobs, clerk, finishedId), PermissionError);
      assert.ok((await listRqJobs(jobs, { site, user: 'Administrator', roles: [] })).length > 0);
    });

    it("lists the site's jobs as Frappe serialises them", async () => {
      const rows = await listRqJobs(jobs, admin(), { page_length: 0 });
      assert.deepEqual(
        rows.map((r) => r.job_id).sort(),
        [failedId, finishedId, 'scheduled_job::app.tasks.nightly', 'waiting-one'].sort(),
      );
      const failed = rows.find((r) => r.name === failedId)!;
      assert.equal(failed.doctype, 'RQ Job');
      assert.equal(failed.status, 'failed');
      assert.equal(failed.queue, 'short');
      assert.equal(failed.job_name, 'test.fail');
      assert.equal(failed.timeout, 300);
      assert.equal(failed.owner, 'ann@example.com');
      assert.match(failed.exc_info ?? '', /boom rq-f/);
      assert.match(failed.started_at ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      assert.ok(typeof failed.time_taken === 'number' && failed.time_taken >= 0);
      assert.deepEqual(JSON.parse(failed.arguments), {
        site,
        user: 'ann@example.com',
        method: 'test.fail',
        job_name: 'test.fail',
        is_async: true,
        kwargs: { name: 'rq-f' },
      });
      const scheduled = rows.find((r) => r.name === 'scheduled_job::app.tasks.nightly')!;
      assert.equal(scheduled.job_name, 'app.tasks.nightly', 'scheduled runs are named after their method');
      assert.equal(scheduled.status, 'queued');
      assert.equal(scheduled.ended_at, null);
    });

    it('filters, sorts, pages and counts', async () => {
      const ids = async (args: Parameters<typeof listRqJobs>[2]) =>
        (await listRqJobs(jobs, admin(), args)).map((r) => r.name);
      assert.deepEqual(await ids({ filters: { status: 'failed' } }), [failedId]);
      assert.deepEqual(await ids({ filters: [['queue', '=', 'short']] }), [failedId]);
      assert.deepEqual(await ids({ filters: JSON.stringify([['RQ Job', 'job_name', 'like', '%record%']]) }), [
        finishedId,
      ]);
      assert.deepEqual(
        (await ids({ filters: { status: ['in', ['queued', 'failed']] }, order_by: 'job_id asc' })).length,
        3,
      );
      assert.equal((await ids({ page_length: 2 })).length, 2);
      assert.equal(await countRqJobs(jobs, admin(), { queue: 'long' }), 2);
      await assert.rejects(listRqJobs(jobs, admin(), { filters: { password: 'x' } }), DataError);
    });

    it("never shows another site's job", async () => {
      assert.equal((await getRqJob(jobs, admin(), finishedId)).name, finishedId);
      await assert.rejects(getRqJob(jobs, admin(), 'theirs'), DoesNotExistError);
      const theirs = await listRqJobs(jobs, { site: other, user: 'Administrator', roles: [] });
      assert.deepEqual(
        theirs.map((r) => r.job_id),
        ['theirs'],
      );
    });

    it('removes failed jobs and deletes single jobs for System Managers', async () => {
      await assert.rejects(removeFailedRqJobs(jobs, { site, user: 'x@y', roles: [] }), PermissionError);
      assert.equal(await removeFailedRqJobs(jobs, admin()), 1);
      await assert.rejects(getRqJob(jobs, admin(), failedId), DoesNotExistError);
      await deleteRqJob(jobs, admin(), 'waiting-one');
      await assert.rejects(deleteRqJob(jobs, admin(), 'waiting-one'), DoesNotExistError);
    });
  });
}
