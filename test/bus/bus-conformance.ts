import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Bus } from '../../src/bus/bus.ts';
import { BusClosedError } from '../../src/bus/errors.ts';
import { until } from '../support/until.ts';

/** Where messages are published and where they are received: the same bus in-process, two on Redis. */
export interface BusPair {
  publisher: Bus;
  subscriber: Bus;
}

/**
 * The behaviour every Bus must have, run once per implementation (Hono's `runTest({ newRouter })` pattern).
 * `newBuses` gives a publisher and a subscriber that share messages: for Redis two instances (two processes).
 *
 * @example runBusConformance('memory', () => { const bus = new MemoryBus(); return { publisher: bus, subscriber: bus }; });
 */
export function runBusConformance(name: string, newBuses: () => BusPair): void {
  // Channel names unique to this run: concurrent runs on one Redis never hear each other.
  const run = `cortado-test:bus:${randomUUID()}`;
  let n = 0;
  const channel = (label: string) => `${run}:${n++}:${label}`;

  async function withBuses(test: (buses: BusPair) => Promise<void>): Promise<void> {
    const buses = newBuses();
    try {
      await test(buses);
    } finally {
      await buses.publisher.close();
      await buses.subscriber.close();
    }
  }

  describe(`${name}: Bus conformance`, () => {
    it('delivers a published message to a subscriber, byte for byte', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('hello');
        const got: string[] = [];
        await subscriber.subscribe(ch, (m) => got.push(m));
        const message = JSON.stringify({ event: 'msgprint', message: 'ünïcödé ☕ 𝄞\n', room: null });
        await publisher.publish(ch, message);
        await until(() => got.length === 1, 'the message');
        assert.deepEqual(got, [message]);
      }));

    it('never runs a subscriber inside the publisher call', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('async');
        const got: string[] = [];
        await subscriber.subscribe(ch, (m) => got.push(m));
        const published = publisher.publish(ch, 'm');
        assert.deepEqual(got, [], 'nothing delivered before publish returned');
        await published;
        await until(() => got.length === 1, 'the message');
      }));

    it('keeps the order of one publisher', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('order');
        const got: string[] = [];
        await subscriber.subscribe(ch, (m) => got.push(m));
        const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
        await Promise.all(sent.map((m) => publisher.publish(ch, m)));
        await until(() => got.length === sent.length, 'all 200 messages');
        assert.deepEqual(got, sent);
      }));

    it('gives every handler of a channel the message, and one that throws spoils nothing', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('fanout');
        const first: string[] = [];
        const last: string[] = [];
        await subscriber.subscribe(ch, (m) => first.push(m));
        await subscriber.subscribe(ch, () => {
          throw new Error('hostile handler');
        });
        await subscriber.subscribe(ch, (m) => last.push(m));
        await publisher.publish(ch, 'one');
        await publisher.publish(ch, 'two');
        await until(() => last.length === 2, 'both messages at the last handler');
        assert.deepEqual(first, ['one', 'two']);
        assert.deepEqual(last, ['one', 'two']);
      }));

    it('keeps channels apart', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const docs = channel('docs');
        const tasks = channel('tasks');
        const onDocs: string[] = [];
        const onTasks: string[] = [];
        await subscriber.subscribe(docs, (m) => onDocs.push(m));
        await subscriber.subscribe(tasks, (m) => onTasks.push(m));
        // Published in this order: by the time `docs` has its message, a leak from `tasks` would have arrived.
        await publisher.publish(tasks, 'for tasks');
        await publisher.publish(docs, 'for docs');
        await until(() => onDocs.length === 1 && onTasks.length === 1, 'one message on each channel');
        assert.deepEqual(onDocs, ['for docs']);
        assert.deepEqual(onTasks, ['for tasks']);
      }));

    it('stops delivering to a handler once unsubscribed, leaving the others subscribed', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('unsub');
        const leaving: string[] = [];
        const staying: string[] = [];
        const off = await subscriber.subscribe(ch, (m) => leaving.push(m));
        await subscriber.subscribe(ch, (m) => staying.push(m));
        await publisher.publish(ch, 'before');
        await until(() => leaving.length === 1 && staying.length === 1, 'the first message at both');
        await off();
        await off(); // twice is harmless
        await publisher.publish(ch, 'after');
        await until(() => staying.length === 2, 'the second message at the remaining handler');
        assert.deepEqual(leaving, ['before']);
        assert.deepEqual(staying, ['before', 'after']);
      }));

    it('treats each subscribe as its own subscription, even of the same handler', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('twice');
        const got: string[] = [];
        const handler = (m: string) => got.push(m);
        const offFirst = await subscriber.subscribe(ch, handler);
        await subscriber.subscribe(ch, handler);
        await publisher.publish(ch, 'a');
        await until(() => got.length === 2, 'two deliveries');
        await offFirst();
        await publisher.publish(ch, 'b');
        await until(() => got.length === 3, 'one more delivery');
        assert.deepEqual(got, ['a', 'a', 'b']);
      }));

    it('delivers again after the last handler left and a new one came', () =>
      withBuses(async ({ publisher, subscriber }) => {
        const ch = channel('again');
        const got: string[] = [];
        const off = await subscriber.subscribe(ch, () => {});
        await off();
        await subscriber.subscribe(ch, (m) => got.push(m));
        await publisher.publish(ch, 'back');
        await until(() => got.length === 1, 'the message');
        assert.deepEqual(got, ['back']);
      }));

    it('rejects publish and subscribe after close with BusClosedError', async () => {
      const { publisher, subscriber } = newBuses();
      await publisher.close();
      await subscriber.close();
      await publisher.close();
      await assert.rejects(publisher.publish(channel('closed'), 'm'), BusClosedError);
      await assert.rejects(
        subscriber.subscribe(channel('closed'), () => {}),
        BusClosedError,
      );
    });
  });
}
