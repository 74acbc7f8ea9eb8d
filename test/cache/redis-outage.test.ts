// The Redis cache while its Redis goes away and comes back (a redis-server of the test's own).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BusUnavailableError } from '../../src/bus/errors.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { CacheUnavailableError } from '../../src/cache/errors.ts';
import { RedisCache } from '../../src/cache/redis-cache.ts';
import { BullmqQueue } from '../../src/jobs/bullmq/bullmq-queue.ts';
import { QueueUnavailableError } from '../../src/jobs/errors.ts';
import { captureLogger } from '../support/log-lines.ts';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { until } from '../support/until.ts';

/** Fails the test unless `work` rejects with `type` (default CacheUnavailableError) within `boundMs` (a correctness bound). */
async function failsFast(
  work: () => Promise<unknown>,
  boundMs = 1_000,
  type: new (...args: never[]) => Error = CacheUnavailableError,
): Promise<void> {
  const started = performance.now();
  await assert.rejects(work(), type);
  const ms = performance.now() - started;
  assert.ok(ms < boundMs, `failed after ${Math.round(ms)} ms, not at once`);
}

/** Whether the cache answers a read now (for `until`). */
function answers(cache: RedisCache): Promise<boolean> {
  return cache.get('k').then(
    () => true,
    () => false,
  );
}

describe('RedisCache during a Redis outage', () => {
  let redis: OwnRedis;
  before(async () => {
    redis = await startOwnRedis();
  });
  after(() => redis.stop());

  it('fails every command at once while Redis is down, recovers by itself, and logs the outage in two lines', async () => {
    const { log, lines } = captureLogger();
    const cache = new RedisCache({ url: redis.url, logger: log });
    try {
      await cache.set('k', 'before');
      assert.equal(await cache.get('k'), 'before');

      await redis.stop();
      await failsFast(() => cache.get('k'));
      // Several reconnect attempts (at most a second apart) go by; every command meanwhile fails at once.
      const outageStart = Date.now();
      await until(
        async () => {
          await failsFast(() => cache.set('k', 'during'));
          await failsFast(() => cache.incr('n', 60));
          return Date.now() - outageStart > 3_000;
        },
        'three seconds of outage',
        { timeoutMs: 20_000, everyMs: 100 },
      );

      await redis.start();
      await until(() => answers(cache), 'the cache answering again', { timeoutMs: 10_000 });
      await cache.set('k', 'after');
      assert.equal(await cache.get('k'), 'after');

      const messages = lines.map((line) => line.msg);
      assert.deepEqual(
        messages.filter((m) => m !== 'redis still unavailable'),
        ['redis unavailable; retrying', 'redis available again'],
        'one line when it starts, one when it ends, not one per reconnect attempt',
      );
      const recovered = lines.at(-1)!;
      assert.ok(Number(recovered.failures) >= 3, 'the recovery line counts the failed attempts');
    } finally {
      await cache.close();
    }
  });

  it('a cache that starts while Redis is down fails fast and works once Redis is up', async () => {
    await redis.stop();
    const cache = new RedisCache({ url: redis.url, logger: captureLogger().log });
    try {
      // The first command waits for the one connection attempt only (refused at once), the next fail at once.
      await failsFast(() => cache.get('k'), 3_000);
      await failsFast(() => cache.get('k'));
      await redis.start();
      await until(() => answers(cache), 'the cache answering', { timeoutMs: 10_000 });
    } finally {
      await cache.close();
    }
  });

  it('a Redis that stops answering (frozen) fails one command after its timeout, the next ones at once', async () => {
    const cache = new RedisCache({ url: redis.url, logger: captureLogger().log });
    try {
      await cache.set('k', 'v');
      redis.pause();
      await failsFast(() => cache.get('k'), 3_000);
      for (let i = 0; i < 3; i++) await failsFast(() => cache.get('k'));
      redis.resume();
      await until(
        () =>
          cache.get('k').then(
            (value) => value === 'v',
            () => false,
          ),
        'the cache answering again, its data intact',
        { timeoutMs: 10_000 },
      );
    } finally {
      redis.resume();
      await cache.close();
    }
  });

  it('a process whose cache, bus, job queue and worker share the Redis logs one outage, not a line per attempt', async () => {
    const cacheLog = captureLogger();
    const busLog = captureLogger();
    const jobsLog = captureLogger();
    const cache = new RedisCache({ url: redis.url, logger: cacheLog.log });
    const bus = new RedisBus({ url: redis.url, logger: busLog.log });
    const queue = new BullmqQueue({ url: redis.url, queues: ['default'], logger: jobsLog.log });
    const consumer = queue.consume({ queues: ['default'] }, async () => ({ kind: 'finished', result: null }));
    try {
      await bus.subscribe('events', () => {});
      await queue.ping();
      await redis.stop();
      const outageStart = Date.now();
      await until(
        async () => {
          await failsFast(() => cache.get('k'));
          await failsFast(() => bus.publish('events', '{}'), 1_000, BusUnavailableError);
          await failsFast(() => queue.ping(), 1_000, QueueUnavailableError);
          return Date.now() - outageStart > 3_000;
        },
        'three seconds of outage',
        { timeoutMs: 20_000, everyMs: 100 },
      );
      await redis.start();
      await until(
        async () =>
          await Promise.all([cache.get('k'), bus.publish('events', '{}'), queue.ping()]).then(
            () => true,
            () => false,
          ),
        'everything answering again',
        { timeoutMs: 10_000 },
      );
      const lines = [...cacheLog.lines, ...busLog.lines, ...jobsLog.lines].map((line) => line.msg);
      assert.deepEqual(lines.sort(), ['redis available again', 'redis unavailable; retrying']);
    } finally {
      await consumer.close(1_000);
      await Promise.all([cache.close(), bus.close(), queue.close()]);
    }
  });
});
