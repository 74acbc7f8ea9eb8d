import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { BusUnavailableError } from '../../src/bus/errors.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { redisUrl } from '../support/services.ts';
import { until } from '../support/until.ts';

/** The CLIENT LIST id of the connection named `name`, if any. */
async function clientId(admin: Redis, name: string): Promise<string | undefined> {
  const list = (await admin.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  return line?.match(/^id=(\d+) /)?.[1];
}

describe('RedisBus', () => {
  it('rejects with BusUnavailableError, without the password, when Redis cannot be reached', async () => {
    // Nothing listens on port 1: commands must fail after bounded retries instead of hanging.
    const bus = new RedisBus({ url: 'redis://:hunter2@127.0.0.1:1' });
    try {
      const error = await bus.publish('events', '{}').then(
        () => assert.fail('publish succeeded without a server'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BusUnavailableError);
      assert.match(error.message, /^bus at redis:\/\/127\.0\.0\.1:1 unavailable: /);
      assert.doesNotMatch(error.message, /hunter2/);
      await assert.rejects(
        bus.subscribe('events', () => {}),
        BusUnavailableError,
      );
    } finally {
      await bus.close();
    }
  });

  it('fans a message out to subscribers in every process', { skip: !redisUrl }, async () => {
    const ch = `cortado-test:bus:${randomUUID()}`;
    const [publisher, one, two] = [0, 1, 2].map(() => new RedisBus({ url: redisUrl! })) as [
      RedisBus,
      RedisBus,
      RedisBus,
    ];
    try {
      const gotOne: string[] = [];
      const gotTwo: string[] = [];
      await one.subscribe(ch, (m) => gotOne.push(m));
      await two.subscribe(ch, (m) => gotTwo.push(m));
      await publisher.publish(ch, 'to all');
      await until(() => gotOne.length === 1 && gotTwo.length === 1, 'the message in both processes');
      assert.deepEqual([gotOne, gotTwo], [['to all'], ['to all']]);
    } finally {
      await Promise.all([publisher.close(), one.close(), two.close()]);
    }
  });

  it('resubscribes after its subscriber connection is dropped', { skip: !redisUrl }, async () => {
    const ch = `cortado-test:bus:${randomUUID()}`;
    const name = `cortado-test-${randomUUID()}`;
    const admin = new Redis(redisUrl!);
    const publisher = new RedisBus({ url: redisUrl! });
    const bus = new RedisBus({ url: redisUrl!, name });
    try {
      const got: string[] = [];
      await bus.subscribe(ch, (m) => got.push(m));
      const before = await clientId(admin, `${name}:sub`);
      assert.ok(before, 'subscriber connection listed');
      // Kill only our own connection, by id: other suites share this Redis.
      await admin.client('KILL', 'ID', before);
      // Messages sent while it is away are lost (pub/sub is at-most-once), so keep sending until one lands.
      let sent = 0;
      await until(async () => {
        await publisher.publish(ch, `after-${sent++}`);
        return got.length > 0;
      }, 'a message after the reconnect');
      const after = await clientId(admin, `${name}:sub`);
      assert.ok(after && after !== before, `a new connection (${before} -> ${after})`);
      assert.match(got[0]!, /^after-\d+$/);
    } finally {
      await Promise.all([publisher.close(), bus.close()]);
      admin.disconnect();
    }
  });
});
