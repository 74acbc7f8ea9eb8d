// A worker process on BullMQ whose Redis stops answering (a frozen redis-server of the test's own) while it runs a
// job: SIGTERM still stops it within its grace period, and the job is not lost: once Redis answers again another
// worker runs it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { createJobService, type JobService } from '../../src/jobs/service.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { until } from '../support/until.ts';
import { exited, spawnCortado } from './support/child.ts';
import { createJobBench, type JobBench, testRegistry } from './support/job-bench.ts';

describe('bullmq worker process with its Redis unreachable', () => {
  let redis: OwnRedis;
  let t: JobBench;
  let jobs: JobService;
  let dir: string;
  before(async () => {
    redis = await startOwnRedis();
    t = await createJobBench('sqlite', 'table');
    t.bench.updateCommonConfig({
      redis_queue: redis.url,
      redis_queue_prefix: 'cortado-test',
      job_stall_timeout: 1,
    });
    jobs = createJobService({
      bench: t.bench,
      databases: t.databases,
      bus: new MemoryBus(),
      registry: testRegistry(),
      retryBaseMs: 20,
    });
    dir = mkdtempSync(join(tmpdir(), 'cortado-worker-'));
  });
  after(async () => {
    redis.resume();
    await jobs.close();
    await t.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops within its grace period on SIGTERM, and the job it held runs again once Redis is back', async (test) => {
    const site = t.sites[0]!;
    const marker = join(dir, 'held.started');
    const result = await enqueue({ site, user: 'ops@example.com', jobs }, 'test.slow', {
      name: 'held',
      ms: 10,
      marker,
      timeout: 30,
    });
    const id = (result as { id: string }).id;
    const graceSeconds = 2;
    const child = spawnCortado(
      t.bench.sitesPath,
      ['worker', '--queue', 'default', '--grace', String(graceSeconds)],
      {
        CORTADO_TEST_BLOCK: '1',
        CORTADO_HEALTH_DIR: dir,
      },
    );
    const exit = exited(child);
    await until(() => existsSync(marker), 'the job running in the child worker', { timeoutMs: 30_000 });

    redis.pause();
    const stopped = performance.now();
    child.kill('SIGTERM');
    const { code, output } = await exit;
    const ms = performance.now() - stopped;
    // Correctness bound: its own close path (exit 0, not the deadline's exit 1), within its grace period and the
    // process's own exit (it used to wait for Redis for minutes).
    assert.equal(code, 0, output);
    assert.ok(ms < graceSeconds * 1000 + 2_000, `stopped only after ${Math.round(ms)} ms`);
    test.diagnostic(`stopped ${Math.round(ms)} ms after SIGTERM`);

    redis.resume();
    const worker = startWorker(jobs, { queues: ['default'] });
    try {
      const done = await until(
        async () => {
          const job = await jobs.queue.get(site, id).catch(() => undefined);
          return job?.status === 'finished' ? job : undefined;
        },
        'the held job finished by another worker',
        { timeoutMs: 30_000, everyMs: 50 },
      );
      assert.equal(done.status, 'finished');
    } finally {
      await worker.close(5_000);
    }
    assert.ok((await t.probes(site)).has('held'), 'its write is there once');
  });
});
