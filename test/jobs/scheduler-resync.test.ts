// A running scheduler follows changes to the registry's scheduled events (a developer-mode reload of the apps
// swaps them in `cortado start`): the next tick syncs the site's Scheduled Job Types again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jobTypeTable } from '../../src/jobs/scheduler/job-types.ts';
import { Scheduler } from '../../src/jobs/scheduler/scheduler.ts';
import { createJobBench, type JobBench } from './support/job-bench.ts';

describe('scheduler: scheduled events changed while it runs', () => {
  let t: JobBench;
  before(async () => {
    t = await createJobBench('sqlite', 'table', 1);
  });
  after(async () => {
    await t.closeServices();
    await t.close();
  });

  it('syncs Scheduled Job Types again on the next tick', async () => {
    const site = t.sites[0]!;
    const db = t.databases.get(site);
    const q = db.dialect.quote;
    const frequencyOf = async (name: string) =>
      (
        await db.one<{ frequency: string }>(
          `SELECT ${q('frequency')} FROM ${q(jobTypeTable)} WHERE ${q('name')} = ?`,
          [name],
        )
      )?.frequency;
    const jobs = t.service();
    const scheduler = new Scheduler(jobs, { bench: t.bench });
    await scheduler.tick();
    assert.equal(await frequencyOf('test.reloaded'), undefined);

    jobs.registry.register('test.reloaded', () => undefined).schedule({ weekly: ['test.reloaded'] });
    await scheduler.tick();
    assert.equal(await frequencyOf('test.reloaded'), 'Weekly');
  });
});
