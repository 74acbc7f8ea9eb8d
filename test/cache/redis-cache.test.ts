import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { CacheUnavailableError } from '../../src/cache/errors.ts';
import { RedisCache } from '../../src/cache/redis-cache.ts';
import { redisUrl } from '../support/services.ts';

describe('RedisCache', () => {
  it('rejects with CacheUnavailableError, without the password, when Redis cannot be reached', async () => {
    // Nothing listens on port 1: commands must fail after bounded retries instead of hanging.
    const cache = new RedisCache({ url: 'redis://:hunter2@127.0.0.1:1/0' });
    try {
      const error = await cache.get('k').then(
        () => assert.fail('get succeeded without a server'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof CacheUnavailableError);
      assert.match(error.message, /^cache at redis:\/\/127\.0\.0\.1:1\/0 unavailable: /);
      assert.doesNotMatch(error.message, /hunter2/);
      await assert.rejects(cache.incr('k', 5), CacheUnavailableError);
    } finally {
      await cache.close();
    }
  });

  it('keeps key prefixes apart: one tenant never reads or deletes another', { skip: !redisUrl }, async () => {
    const run = `cortado-test|cache|${randomUUID()}|`;
    const a = new RedisCache({ url: redisUrl!, keyPrefix: `${run}a|` });
    const b = new RedisCache({ url: redisUrl!, keyPrefix: `${run}b|` });
    try {
      await a.set('k', 'from a');
      await b.set('k', 'from b');
      assert.equal(await a.get('k'), 'from a');
      await a.delPrefix('');
      assert.equal(await a.get('k'), undefined);
      assert.equal(await b.get('k'), 'from b');
    } finally {
      await b.delPrefix('');
      await Promise.all([a.close(), b.close()]);
    }
  });
});
