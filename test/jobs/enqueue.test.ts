// enqueue's contract (queues, timeouts, validation, kwargs) and the pieces it rests on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DbError } from '../../src/db/errors.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import {
  MissingJobIdError,
  RetryJobError,
  UnknownJobMethodError,
  UnknownQueueError,
} from '../../src/jobs/errors.ts';
import { parseQueueList, queueTimeouts } from '../../src/jobs/queue-names.ts';
import { cronFor, nextExecution, queueForFrequency } from '../../src/jobs/scheduler/frequencies.ts';
import { flattenSchedulerEvents } from '../../src/jobs/scheduler/scheduler-events.ts';
import { backoffDelay, isTransientError } from '../../src/jobs/transient.ts';
import { createJobBench, type JobBench } from './support/job-bench.ts';

describe('enqueue', () => {
  let t: JobBench;
  let site: string;
  before(async () => {
    t = await createJobBench('sqlite', 'table');
    site = t.sites[0]!;
    t.bench.updateCommonConfig({ workers: { reports: { timeout: 3600 }, bulk: {} } });
  });
  after(() => t.close());

  it('uses the queue timeout unless given one; custom queues come from `workers`', async () => {
    const jobs = t.service();
    assert.deepEqual(jobs.timeouts, { short: 300, default: 300, long: 1500, reports: 3600, bulk: 300 });
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{}, 'default', 300],
      [{ queue: 'long' }, 'long', 1500],
      [{ queue: 'reports' }, 'reports', 3600],
      [{ queue: 'short', timeout: 42 }, 'short', 42],
    ];
    for (const [options, queue, timeout] of cases) {
      const result = await enqueue({ site, user: 'a@b', jobs }, 'test.noop', options);
      const job = await jobs.queue.get(site, (result as { id: string }).id);
      assert.deepEqual([job?.queue, job?.timeout], [queue, timeout]);
    }
  });

  it('passes every other option to the method as kwargs, and drops Frappe legacy ones', async () => {
    const jobs = t.service();
    const result = await enqueue({ site, user: 'a@b', jobs }, 'test.noop', {
      queue: 'short',
      job_name: 'legacy',
      event: 'x',
      is_async: true,
      item: 'A-1',
      qty: 3,
      nested: { a: [1] },
    });
    const job = await jobs.queue.get(site, (result as { id: string }).id);
    assert.deepEqual(job?.kwargs, { item: 'A-1', qty: 3, nested: { a: [1] } });
  });

  it('refuses unknown queues, unregistered methods and deduplicate without job_id (417)', async () => {
    const jobs = t.service();
    const ctx = { site, user: 'a@b', jobs };
    await assert.rejects(enqueue(ctx, 'test.noop', { queue: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof UnknownQueueError && e instanceof ValidationError);
      assert.equal(e.status, 417);
      assert.match(e.message, /Queue should be one of short, default, long, reports, bulk/);
      return true;
    });
    await assert.rejects(enqueue(ctx, 'no.such.method'), UnknownJobMethodError);
    await assert.rejects(
      enqueue(ctx, 'test.noop', { on_success: 'no.such.callback' }),
      UnknownJobMethodError,
    );
    await assert.rejects(enqueue(ctx, 'test.noop', { deduplicate: true }), MissingJobIdError);
    assert.equal((await jobs.queue.list(site, { queues: ['nope'] })).length, 0);
  });

  it('treats `is_async: false` as `now`', async () => {
    const jobs = t.service();
    const result = await enqueue({ site, user: 'a@b', jobs }, 'test.record', {
      name: 'sync',
      result: 1,
      is_async: false,
    });
    assert.deepEqual(result, { status: 'ran', result: 1 });
  });
});

describe('queue names', () => {
  it('parses --queue lists and ignores malformed `workers` config', () => {
    assert.deepEqual(parseQueueList(' short, default,,short '), ['short', 'default']);
    assert.deepEqual(Object.keys(queueTimeouts({ workers: 'nonsense' })), ['short', 'default', 'long']);
  });
});

describe('transient failures', () => {
  it('retries deadlocks, lock timeouts, busy databases, lost connections and RetryJobError; not bugs', () => {
    for (const code of [
      '40P01',
      '40001',
      'ER_LOCK_DEADLOCK',
      'ER_LOCK_WAIT_TIMEOUT',
      'SQLITE_BUSY',
      'ECONNRESET',
    ]) {
      assert.equal(isTransientError(new DbError('x', { code })), true, code);
    }
    assert.equal(isTransientError(new RetryJobError('later')), true);
    assert.equal(
      isTransientError(new Error('wrapped', { cause: new DbError('x', { code: '40P01' }) })),
      true,
    );
    assert.equal(isTransientError(new DbError('x', { code: '23505' })), false);
    assert.equal(isTransientError(new TypeError('bug')), false);
  });

  it('backs off exponentially, capped at a minute', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n)),
      [1000, 2000, 4000, 8000, 16000],
    );
    assert.equal(backoffDelay(20), 60_000);
  });
});

describe('scheduler events', () => {
  it('become Frappe frequencies, with cron expressions validated', () => {
    assert.deepEqual(
      flattenSchedulerEvents({
        all: ['a.x'],
        daily_long: ['a.y'],
        annual: ['a.z'],
        cron: { '0/15 * * * *': ['a.c'] },
      }),
      [
        { method: 'a.x', frequency: 'All' },
        { method: 'a.y', frequency: 'Daily Long' },
        { method: 'a.z', frequency: 'Annual' },
        { method: 'a.c', frequency: 'Cron', cronFormat: '0/15 * * * *' },
      ],
    );
    assert.throws(
      () => flattenSchedulerEvents({ cron: { 'not a cron': ['a.c'] } }),
      /Invalid cron expression/,
    );
    assert.throws(() => flattenSchedulerEvents({ fortnightly: ['a.f'] } as never), /Unknown scheduler event/);
  });

  it('map to cron expressions and queues as Frappe does', () => {
    assert.equal(cronFor('All', null), '*/4 * * * *');
    assert.equal(cronFor('All', null, 60), '*/1 * * * *');
    assert.equal(cronFor('Weekly Long', null), '0 0 * * 0');
    assert.equal(cronFor('Cron', '5 4 * * *'), '5 4 * * *');
    assert.equal(queueForFrequency('Daily Long'), 'long');
    assert.equal(queueForFrequency('Cron'), 'default');
    const after = new Date(2024, 4, 1, 10, 30);
    assert.deepEqual(nextExecution('0 * * * *', after), new Date(2024, 4, 1, 11, 0));
  });
});
