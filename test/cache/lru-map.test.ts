// The bounded LRU behind the statement, query-plan and API key caches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruMap } from '../../src/cache/lru-map.ts';

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its limit', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3);
    assert.deepEqual([lru.get('a'), lru.get('b'), lru.get('c')], [1, undefined, 3]);
    assert.equal(lru.size, 2);
  });

  it('keeps the order right when the newest key is read again and after it is deleted', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('b'), 2);
    assert.equal(lru.get('b'), 2);
    lru.set('c', 3); // a is the oldest
    assert.equal(lru.get('a'), undefined);
    assert.equal(lru.delete('c'), true);
    lru.set('d', 4);
    assert.equal(lru.get('b'), 2, 'b moves to the end although it was not the newest key deleted');
    lru.set('e', 5);
    assert.deepEqual([lru.get('b'), lru.get('d'), lru.get('e')], [2, undefined, 5]);
  });

  it('replaces a value and clears', () => {
    const lru = new LruMap<string, number>(3);
    lru.set('a', 1);
    assert.equal(lru.set('a', 2), 2);
    assert.equal(lru.get('a'), 2);
    assert.equal(lru.size, 1);
    lru.clear();
    assert.equal(lru.get('a'), undefined);
    assert.equal(lru.size, 0);
  });
});
