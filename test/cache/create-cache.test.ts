import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCache, MemoryCache, RedisCache } from '../../src/cache/index.ts';

describe('createCache', () => {
  it('is in-process without a Redis URL (embedded) and Redis with one (redis_cache)', async () => {
    const embedded = createCache();
    assert.ok(embedded instanceof MemoryCache);
    await embedded.close();
    // Port 1 refuses at once; construction alone must not throw or need a server.
    const distributed = createCache({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: 'x|' });
    assert.ok(distributed instanceof RedisCache);
    await distributed.close();
  });
});
