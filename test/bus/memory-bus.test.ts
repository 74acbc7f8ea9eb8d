import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { until } from '../support/until.ts';

describe('MemoryBus', () => {
  it('delivers only to handlers subscribed when the message was published', async () => {
    const bus = new MemoryBus();
    const early: string[] = [];
    const late: string[] = [];
    await bus.subscribe('events', (m) => early.push(m));
    await bus.publish('events', 'first');
    await bus.subscribe('events', (m) => late.push(m));
    await bus.publish('events', 'second');
    await until(() => late.length === 1, 'the second message at the late handler');
    assert.deepEqual(early, ['first', 'second']);
    assert.deepEqual(late, ['second']);
    await bus.close();
  });

  it('delivers a message a handler publishes after the current one, without recursion', async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    await bus.subscribe('events', (m) => {
      got.push(m);
      if (m === 'ping') void bus.publish('events', 'pong');
      got.push(`end ${m}`);
    });
    await bus.publish('events', 'ping');
    await until(() => got.length === 4, 'ping and pong');
    assert.deepEqual(got, ['ping', 'end ping', 'pong', 'end pong']);
    await bus.close();
  });

  it('drops queued messages on close', async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    await bus.subscribe('events', (m) => got.push(m));
    const other = new MemoryBus();
    const marker: string[] = [];
    await other.subscribe('x', (m) => marker.push(m));
    await bus.publish('events', 'never');
    await other.publish('x', 'turn');
    await bus.close();
    // The other bus delivers on the same later turn, so by then `never` would have arrived.
    await until(() => marker.length === 1, 'a later turn');
    assert.deepEqual(got, []);
    await other.close();
  });
});
