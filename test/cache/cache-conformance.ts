import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cache } from '../../src/cache/cache.ts';
import { CacheClosedError, CacheNotIntegerError } from '../../src/cache/errors.ts';
import { until } from '../support/until.ts';

/** How the suite drives one Cache implementation. */
export interface CacheConformanceOptions {
  /** A fresh cache over an empty, private key space (the suite empties it with `delPrefix('')` and closes it). */
  newCache: () => Cache;
  /** Moves the cache's clock forward; without it the TTL tests poll real time with a bounded deadline. */
  advanceClock?: (ms: number) => void;
}

/**
 * The behaviour every Cache must have, run once per implementation (Hono's `runTest({ newRouter })` pattern).
 *
 * @example runCacheConformance('memory', { newCache: () => new MemoryCache() });
 */
export function runCacheConformance(name: string, options: CacheConformanceOptions): void {
  const { newCache, advanceClock } = options;

  async function withCache(test: (cache: Cache) => Promise<void>): Promise<void> {
    const cache = newCache();
    try {
      await test(cache);
    } finally {
      await cache.delPrefix('');
      await cache.close();
    }
  }

  /** Waits until `gone()` holds: by moving the injected clock, or by polling real time (TTLs here are ~1 s). */
  async function passTime(gone: () => Promise<boolean>, what: string, stepMs = 250): Promise<void> {
    if (!advanceClock) {
      await until(gone, what);
      return;
    }
    for (let i = 0; i < 100; i++) {
      if (await gone()) return;
      advanceClock(stepMs);
    }
    assert.fail(`clock moved 25 s and still not: ${what}`);
  }

  describe(`${name}: Cache conformance`, () => {
    it('returns what was set, undefined for a missing key, and the latest value after an overwrite', () =>
      withCache(async (cache) => {
        assert.equal(await cache.get('missing'), undefined);
        await cache.set('site1|greeting', 'hello');
        assert.equal(await cache.get('site1|greeting'), 'hello');
        await cache.set('site1|greeting', 'bonjour');
        assert.equal(await cache.get('site1|greeting'), 'bonjour');
      }));

    it('stores any string value exactly, including empty, unicode and large ones, under any key', () =>
      withCache(async (cache) => {
        const values = ['', 'ünïcödé ☕ 𝄞', '{"json":[1,2,3]}', 'x'.repeat(200_000), 'line\nbreak\0nul'];
        for (const [i, value] of values.entries()) await cache.set(`k*?[${i}]\\`, value);
        for (const [i, value] of values.entries()) assert.equal(await cache.get(`k*?[${i}]\\`), value);
      }));

    it('del removes the given keys and counts only those that existed', () =>
      withCache(async (cache) => {
        await cache.set('a', '1');
        await cache.set('b', '2');
        assert.equal(await cache.del('a', 'b', 'never-set'), 2);
        assert.equal(await cache.get('a'), undefined);
        assert.equal(await cache.get('b'), undefined);
        assert.equal(await cache.del('a'), 0);
        assert.equal(await cache.del(), 0);
      }));

    it('delPrefix removes every key with the prefix and nothing else, treating glob characters literally', () =>
      withCache(async (cache) => {
        for (let i = 0; i < 1_200; i++) await cache.set(`site1|doc|${i}`, String(i));
        await cache.set('site10|doc|1', 'other site');
        await cache.set('site2|doc|1', 'other site');
        await cache.set('a*|x', 'star');
        await cache.set('ab|x', 'no star');
        await cache.delPrefix('site1|');
        assert.equal(await cache.get('site1|doc|0'), undefined);
        assert.equal(await cache.get('site1|doc|1199'), undefined);
        assert.equal(await cache.get('site10|doc|1'), 'other site');
        assert.equal(await cache.get('site2|doc|1'), 'other site');
        await cache.delPrefix('a*');
        assert.equal(await cache.get('a*|x'), undefined);
        assert.equal(await cache.get('ab|x'), 'no star');
      }));

    it('incr counts from 1 on a new key and continues from an integer value', () =>
      withCache(async (cache) => {
        assert.equal(await cache.incr('hits'), 1);
        assert.equal(await cache.incr('hits'), 2);
        assert.equal(await cache.get('hits'), '2');
        await cache.set('answer', '41');
        assert.equal(await cache.incr('answer'), 42);
        await cache.set('negative', '-1');
        assert.equal(await cache.incr('negative'), 0);
      }));

    it('incr is atomic: concurrent calls each get a distinct count', () =>
      withCache(async (cache) => {
        const counts = await Promise.all(Array.from({ length: 100 }, () => cache.incr('burst', 60)));
        assert.deepEqual(
          counts.toSorted((a, b) => a - b),
          Array.from({ length: 100 }, (_, i) => i + 1),
        );
        assert.equal(await cache.get('burst'), '100');
      }));

    it('incr on a non-integer value rejects with CacheNotIntegerError and leaves the value alone', () =>
      withCache(async (cache) => {
        for (const bad of ['abc', '1.5', ' 1', '+1', '01', '']) {
          await cache.set('text', bad);
          await assert.rejects(
            cache.incr('text', 60),
            CacheNotIntegerError,
            `incr on ${JSON.stringify(bad)}`,
          );
          assert.equal(await cache.get('text'), bad);
        }
      }));

    it('a key set with a TTL is there at first and gone after it', () =>
      withCache(async (cache) => {
        await cache.set('session', 'abc', 1);
        assert.equal(await cache.get('session'), 'abc');
        await passTime(async () => (await cache.get('session')) === undefined, 'session to expire');
        assert.equal(await cache.del('session'), 0);
      }));

    it('no TTL, TTL <= 0 or a later set without TTL means the key outlives a 1 s key', () =>
      withCache(async (cache) => {
        await cache.set('sentinel', 'x', 1);
        await cache.set('forever', 'a');
        await cache.set('zero', 'b', 0);
        await cache.set('negative', 'c', -5);
        await cache.set('cleared', 'd', 1);
        await cache.set('cleared', 'e');
        await passTime(async () => (await cache.get('sentinel')) === undefined, 'sentinel to expire');
        assert.equal(await cache.get('forever'), 'a');
        assert.equal(await cache.get('zero'), 'b');
        assert.equal(await cache.get('negative'), 'c');
        assert.equal(await cache.get('cleared'), 'e');
      }));

    it('incr gives a new key its TTL once: further increments do not extend it (a fixed rate-limit window)', () =>
      withCache(async (cache) => {
        assert.equal(await cache.incr('rate', 1), 1);
        let highest = 1;
        // Were the TTL renewed on every incr, the count would keep climbing and never restart at 1.
        await passTime(
          async () => {
            const count = await cache.incr('rate', 1);
            highest = Math.max(highest, count);
            return count === 1;
          },
          'the window to restart',
          100,
        );
        assert.ok(highest >= 2, `counted within the window (highest ${highest})`);
      }));

    it('incr keeps the TTL of an existing key and adds none to a key without one', () =>
      withCache(async (cache) => {
        await cache.set('sentinel', 'x', 1);
        await cache.set('counted', '5', 1);
        await cache.set('plain', '7');
        assert.equal(await cache.incr('counted', 3600), 6);
        assert.equal(await cache.incr('plain', 1), 8);
        await passTime(async () => (await cache.get('sentinel')) === undefined, 'sentinel to expire');
        assert.equal(await cache.get('counted'), undefined);
        assert.equal(await cache.get('plain'), '8');
      }));

    it('rejects every operation after close with CacheClosedError, and close twice is harmless', async () => {
      const cache = newCache();
      await cache.close();
      await cache.close();
      await assert.rejects(cache.get('k'), CacheClosedError);
      await assert.rejects(cache.set('k', 'v'), CacheClosedError);
      await assert.rejects(cache.del('k'), CacheClosedError);
      await assert.rejects(cache.delPrefix(''), CacheClosedError);
      await assert.rejects(cache.incr('k'), CacheClosedError);
    });
  });
}
