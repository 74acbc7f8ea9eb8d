import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RealtimeEvent, realtimeChannel } from '../../src/bus/bus.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import {
  maxRealtimeEventBytes,
  parseRealtimeEvent,
  publishRealtime,
} from '../../src/bus/realtime-publisher.ts';
import { until } from '../support/until.ts';

const valid = {
  event: 'list_update',
  message: { doctype: 'ToDo', name: 'abc' },
  room: 'doctype:ToDo',
  namespace: 'site1.local',
};

describe('publishRealtime', () => {
  it("publishes Frappe's JSON {event, message, room, namespace} on channel events", async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    await bus.subscribe(realtimeChannel, (m) => got.push(m));
    await publishRealtime(bus, valid);
    await publishRealtime(bus, {
      event: 'msgprint',
      message: undefined,
      room: null,
      namespace: 'site1.local',
    });
    await until(() => got.length === 2, 'both events');
    assert.equal(realtimeChannel, 'events');
    assert.equal(
      got[0],
      '{"event":"list_update","message":{"doctype":"ToDo","name":"abc"},"room":"doctype:ToDo","namespace":"site1.local"}',
    );
    assert.equal(got[1], '{"event":"msgprint","message":null,"room":null,"namespace":"site1.local"}');
    assert.deepEqual(parseRealtimeEvent(got[0]!), valid);
    await bus.close();
  });
});

describe('parseRealtimeEvent', () => {
  const parse = (value: unknown) => parseRealtimeEvent(JSON.stringify(value));

  it('reads a valid event; a missing or empty room means everyone, a missing message null', () => {
    assert.deepEqual(parse(valid), valid);
    assert.deepEqual(parse({ event: 'e', namespace: 'localhost' }), {
      event: 'e',
      message: null,
      room: null,
      namespace: 'localhost',
    });
    assert.equal(parse({ ...valid, room: '' })?.room, null);
    assert.equal(parse({ ...valid, room: null })?.room, null);
  });

  it('drops what is not JSON or not an object', () => {
    for (const raw of [
      '',
      'not json',
      '{"event":',
      'null',
      '42',
      '"str"',
      'true',
      '[]',
      JSON.stringify([valid]),
    ]) {
      assert.equal(parseRealtimeEvent(raw), undefined, raw);
    }
  });

  it('drops a missing, empty, ill-typed, oversized or control-character event name', () => {
    const { event: _, ...withoutEvent } = valid;
    for (const event of [
      undefined,
      '',
      42,
      null,
      ['e'],
      { e: 1 },
      'x'.repeat(201),
      'evil\nforged log line',
      'nul\0',
    ]) {
      assert.equal(parse({ ...withoutEvent, event }), undefined, JSON.stringify(event));
    }
  });

  it('drops a namespace that is missing, ill-typed or not a site name', () => {
    const { namespace: _, ...withoutNamespace } = valid;
    for (const namespace of [
      undefined,
      '',
      null,
      7,
      ['site1.local'],
      '../etc',
      'a/b',
      '/site1',
      'site..local',
      'a b',
    ]) {
      assert.equal(parse({ ...withoutNamespace, namespace }), undefined, JSON.stringify(namespace));
    }
  });

  it('drops an ill-typed or oversized room', () => {
    for (const room of [1, true, ['all'], { room: 'all' }, 'x'.repeat(1001), 'user:a\r\nb']) {
      assert.equal(parse({ ...valid, room }), undefined, JSON.stringify(room));
    }
  });

  it('drops a payload over the size limit, counted in UTF-8 bytes', () => {
    const filler = (n: number) => ({ ...valid, message: 'x'.repeat(n) });
    const overhead = JSON.stringify(filler(0)).length;
    assert.ok(parse(filler(maxRealtimeEventBytes - overhead)), 'exactly at the limit is fine');
    assert.equal(parse(filler(maxRealtimeEventBytes - overhead + 1)), undefined);
    // Fewer UTF-16 units than the limit, more bytes: 'é' is one unit, two bytes.
    assert.equal(parse({ ...valid, message: 'é'.repeat(maxRealtimeEventBytes / 2 + 1) }), undefined);
  });

  it('survives pathological JSON and passes on only the four fields', () => {
    assert.equal(parseRealtimeEvent('['.repeat(500_000)), undefined);
    const polluted = '{"event":"e","namespace":"localhost","__proto__":{"admin":true},"extra":1}';
    const event = parseRealtimeEvent(polluted) as RealtimeEvent & Record<string, unknown>;
    assert.deepEqual(Object.keys(event), ['event', 'message', 'room', 'namespace']);
    assert.equal(event.admin, undefined);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });
});
