import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CacheNotIntegerError } from '../../src/cache/errors.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';

describe('MemoryCache', () => {
  it('keeps at most maxEntries, evicting the least recently used (reads count as use)', async () => {
    const cache = new MemoryCache({ maxEntries: 3, sweepIntervalMs: 0 });
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.set('c', '3');
    assert.equal(await cache.get('a'), '1'); // a is now the most recent; b the least
    await cache.set('d', '4');
    assert.equal(cache.size, 3);
    assert.equal(await cache.get('b'), undefined);
    assert.deepEqual(await Promise.all(['a', 'c', 'd'].map((k) => cache.get(k))), ['1', '3', '4']);
    await cache.close();
  });

  it('counts a rewrite and an incr as use too', async () => {
    const cache = new MemoryCache({ maxEntries: 2, sweepIntervalMs: 0 });
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.incr('a');
    await cache.set('c', '3');
    assert.equal(await cache.get('a'), '2');
    assert.equal(await cache.get('b'), undefined);
    await cache.close();
  });

  it('sweep reclaims expired entries nobody reads, a bounded batch at a time', async () => {
    let now = 0;
    const cache = new MemoryCache({ now: () => now, sweepIntervalMs: 0, sweepBatch: 10 });
    for (let i = 0; i < 25; i++) await cache.set(`short|${i}`, 'x', 1);
    await cache.set('long', 'y', 3600);
    now += 1_000;
    assert.equal(cache.size, 26);
    assert.equal(cache.sweep(), 10);
    assert.equal(cache.sweep(), 10);
    assert.equal(cache.sweep(), 5);
    assert.equal(cache.size, 1);
    assert.equal(await cache.get('long'), 'y');
    await cache.close();
  });

  it('refuses to incr past the largest safe integer', async () => {
    const cache = new MemoryCache({ sweepIntervalMs: 0 });
    await cache.set('big', String(Number.MAX_SAFE_INTEGER));
    await assert.rejects(cache.incr('big'), CacheNotIntegerError);
    assert.equal(await cache.get('big'), String(Number.MAX_SAFE_INTEGER));
    await cache.close();
  });

  it('does not keep the process alive: its sweep timer is unref-ed', () => {
    const module = fileURLToPath(new URL('../../src/cache/memory-cache.ts', import.meta.url));
    const script = `const { MemoryCache } = await import(${JSON.stringify(module)}); new MemoryCache({ sweepIntervalMs: 10 }); console.log('made');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.signal, null, 'exited on its own (not killed by the timeout)');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'made');
  });
});
