// The job commands as an operator runs them: `jobs list|retry|purge|enqueue`, `health`, `scheduler pause`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { checkHeartbeat, Heartbeat } from '../../src/jobs/heartbeat.ts';
import type { JobService } from '../../src/jobs/service.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { exited, spawnCortado } from './support/child.ts';
import { createJobBench, type JobBench, queueKinds } from './support/job-bench.ts';
import { waitForStatus } from './support/wait.ts';

for (const queue of queueKinds) {
  describe(`${queue} queue: cortado jobs`, () => {
    let t: JobBench;
    let jobs: JobService;
    let site: string;
    const cortado = async (...args: string[]) =>
      exited(spawnCortado(t.bench.sitesPath, ['--site', site, ...args]));

    before(async () => {
      t = await createJobBench('sqlite', queue);
      site = t.sites[0]!;
      jobs = t.service();
    });
    after(() => t.close());

    it('lists failed jobs, retries them and purges them', async () => {
      await enqueue({ site, user: 'a@b', jobs }, 'test.fail', {
        name: 'cli-f',
        job_id: 'cli-failing',
        queue: 'short',
      });
      const worker = startWorker(jobs, { queues: ['short'] });
      await waitForStatus(jobs, site, 'cli-failing', ['failed']);
      await worker.close(5000);

      const listed = await cortado('jobs', 'list', '--status', 'failed', '--json');
      assert.equal(listed.code, 0, listed.output);
      const rows = listed.output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        rows.map((r) => [r.id, r.status, r.queue]),
        [['cli-failing', 'failed', 'short']],
      );

      const retried = await cortado('jobs', 'retry', '--queue', 'short');
      assert.equal(retried.code, 0, retried.output);
      assert.match(retried.output, /Retried 1 job\b/);
      assert.equal((await jobs.queue.get(site, 'cli-failing'))?.status, 'queued');

      const purged = await cortado('jobs', 'purge', '--status', 'queued', '--queue', 'short');
      assert.match(purged.output, /Purged 1 job\b/);
      assert.equal(await jobs.queue.get(site, 'cli-failing'), undefined);
    });

    it('enqueues a registered method, and refuses an unknown queue', async () => {
      const done = await cortado(
        'jobs',
        'enqueue',
        'test.record',
        '--kwargs',
        '{"name":"from-cli"}',
        '--job-id',
        'cli-job',
      );
      assert.equal(done.code, 0, done.output);
      assert.match(done.output, /"status":"queued"/);
      const worker = startWorker(jobs, { queues: ['default'] });
      await waitForStatus(jobs, site, 'cli-job', ['finished']);
      await worker.close(5000);
      assert.equal((await t.probes(site)).get('from-cli')?.owner, 'Administrator');
      const bad = await cortado('jobs', 'list', '--queue', 'nope');
      assert.equal(bad.code, 1);
      assert.match(bad.output, /unknown queue "nope"/);
    });
  });
}

describe('cortado health and scheduler pause', () => {
  let t: JobBench;
  let dir: string;
  before(async () => {
    t = await createJobBench('sqlite', 'table');
    dir = mkdtempSync(join(tmpdir(), 'cortado-health-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is unhealthy without a heartbeat, healthy with a fresh one, unhealthy when it is stale', async () => {
    const health = () =>
      exited(spawnCortado(t.bench.sitesPath, ['health', 'worker'], { CORTADO_HEALTH_DIR: dir }));
    const none = await health();
    assert.equal(none.code, 1);
    assert.match(none.output, /no running worker/);
    const beat = new Heartbeat('worker', t.bench.sitesPath, dir);
    beat.beat({ queues: ['default'] });
    const fresh = await health();
    assert.equal(fresh.code, 0, fresh.output);
    const stale = checkHeartbeat('worker', t.bench.sitesPath, { dir, now: Date.now() + 60_000 });
    assert.equal(stale.healthy, false);
    assert.equal(
      checkHeartbeat('scheduler', t.bench.sitesPath, { dir }).healthy,
      false,
      'roles are separate',
    );
    assert.equal(checkHeartbeat('worker', '/another/bench', { dir }).healthy, false, 'benches are separate');
    beat.stop();
  });

  it('pauses and resumes the scheduler of a site', async () => {
    const site = t.sites[0]!;
    const paused = await exited(spawnCortado(t.bench.sitesPath, ['--site', site, 'scheduler', 'pause']));
    assert.equal(paused.code, 0, paused.output);
    assert.equal(t.bench.siteConfig(site).pause_scheduler, 1);
    await exited(spawnCortado(t.bench.sitesPath, ['--site', site, 'scheduler', 'resume']));
    assert.equal(t.bench.siteConfig(site).pause_scheduler, 0);
  });
});
