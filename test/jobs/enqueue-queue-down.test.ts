// `enqueue_after_commit` with the BullMQ queue's Redis stopped (a redis-server of the test's own): the caller's
// transaction is refused before it commits, so nothing is written whose job would then be lost; once Redis is
// back the same work commits and its job is queued.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { QueueUnavailableError } from '../../src/jobs/errors.ts';
import { createJobService, type JobService } from '../../src/jobs/service.ts';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { until } from '../support/until.ts';
import { createJobBench, type JobBench, testRegistry } from './support/job-bench.ts';
import { probeTable } from './support/test-jobs.ts';

describe('enqueue after commit with the queue down', () => {
  let redis: OwnRedis;
  let t: JobBench;
  let jobs: JobService;
  before(async () => {
    redis = await startOwnRedis();
    t = await createJobBench('sqlite', 'table');
    t.bench.updateCommonConfig({ redis_queue: redis.url, redis_queue_prefix: 'cortado-test' });
    jobs = createJobService({
      bench: t.bench,
      databases: t.databases,
      bus: new MemoryBus(),
      registry: testRegistry(),
    });
  });
  after(async () => {
    await jobs.close();
    await t.close();
    await redis.stop();
  });

  it('refuses the transaction before commit (nothing written), and commits with its job once Redis is back', async () => {
    const site = t.sites[0]!;
    const db = t.databases.get(site);
    const q = db.dialect.quote;
    const work = (name: string) =>
      db.transaction(async (tx) => {
        await tx.run(`INSERT INTO ${q(probeTable)} (${q('name')}, ${q('value')}) VALUES (?, ?)`, [
          name,
          'written',
        ]);
        return enqueue({ site, user: 'Administrator', db: tx, jobs }, 'test.noop', {
          enqueue_after_commit: true,
          job_id: name,
        });
      });
    await until(
      () =>
        jobs.queue.ping().then(
          () => true,
          () => false,
        ),
      'the queue answering',
    );

    await redis.stop();
    await until(
      () =>
        jobs.queue.ping().then(
          () => false,
          () => true,
        ),
      'the queue seen down',
    );
    await assert.rejects(work('refused'), QueueUnavailableError);
    assert.equal((await t.probes(site)).has('refused'), false, 'the refused transaction wrote nothing');

    await redis.start();
    const result = await until(() => work('accepted').catch(() => undefined), 'the work committing again', {
      timeoutMs: 10_000,
    });
    assert.deepEqual(result, { status: 'deferred' });
    assert.equal((await t.probes(site)).get('accepted')?.value, 'written');
    const job = await until(() => jobs.queue.get(site, 'accepted'), 'its job queued');
    assert.equal(job.status, 'queued');
  });
});
