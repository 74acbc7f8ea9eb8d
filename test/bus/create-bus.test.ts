import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBus, MemoryBus, RedisBus } from '../../src/bus/index.ts';

describe('createBus', () => {
  it('is in-process without a Redis URL (embedded) and Redis with one (redis_queue)', async () => {
    const embedded = createBus();
    assert.ok(embedded instanceof MemoryBus);
    await embedded.close();
    // Port 1 refuses at once; construction alone must not throw or need a server.
    const distributed = createBus({ redisUrl: 'redis://127.0.0.1:1' });
    assert.ok(distributed instanceof RedisBus);
    await distributed.close();
  });
});
