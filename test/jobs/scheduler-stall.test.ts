// The scheduler with one site whose database accepts connections and never answers: the other sites are still
// served on every tick, the stuck site is not piled up on, and `health scheduler` reports the stall.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeJsonAtomic } from '../../src/config/bench.ts';
import { checkHeartbeat, Heartbeat } from '../../src/jobs/heartbeat.ts';
import { Scheduler } from '../../src/jobs/scheduler/scheduler.ts';
import { type SilentServer, startSilentServer } from '../support/silent-server.ts';
import { until } from '../support/until.ts';
import { createJobBench, type JobBench } from './support/job-bench.ts';

describe('scheduler with one stalled site', () => {
  let t: JobBench;
  let silent: SilentServer;
  let dir: string;
  const stalled = 'stalled.localhost';
  before(async () => {
    t = await createJobBench('sqlite', 'table');
    silent = await startSilentServer();
    mkdirSync(t.bench.sitePath(stalled), { recursive: true });
    // No connect timeout: the site's database hangs for as long as it likes.
    writeJsonAtomic(t.bench.siteConfigPath(stalled), {
      db_type: 'postgres',
      db_name: 'nowhere',
      db_password: 'x',
      db_port: silent.port,
      db_connect_timeout: 0,
    });
    dir = mkdtempSync(join(tmpdir(), 'cortado-health-'));
  });
  after(async () => {
    await t.closeServices();
    await silent.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the other sites within the site timeout, skips the stuck one, and reports it unhealthy', async () => {
    const jobs = t.service();
    const healthy = t.sites[0]!;
    const heartbeat = new Heartbeat('scheduler', t.bench.sitesPath, dir);
    const scheduler = new Scheduler(jobs, {
      bench: t.bench,
      tickMs: 60_000,
      siteTimeoutMs: 500,
      heartbeat,
      heartbeatMs: 50,
    });
    try {
      const started = performance.now();
      const first = await scheduler.tick();
      // Correctness bound: the tick ends once the site timeout has passed, not when the stuck database answers.
      assert.ok(performance.now() - started < 5_000, 'the tick did not wait for the stalled site');
      assert.ok(Array.isArray(first[healthy]), 'the healthy site was served');
      assert.equal(first[stalled], undefined);
      assert.deepEqual(scheduler.health().stalledSites, [stalled]);

      // The next tick serves the healthy site again and does not start a second run on the stuck one.
      const second = await scheduler.tick();
      assert.ok(Array.isArray(second[healthy]));
      assert.equal(silent.connections, 1, 'one connection attempt to the stalled database, not one per tick');

      scheduler.start();
      const report = await until(() => {
        const r = checkHeartbeat('scheduler', t.bench.sitesPath, { dir });
        return r.message.includes('stalled') ? r : undefined;
      }, 'the heartbeat reporting the stall');
      assert.equal(report.healthy, false);
      assert.match(report.message, /tick stalled for stalled\.localhost/);
    } finally {
      await scheduler.close();
    }
  });
});
