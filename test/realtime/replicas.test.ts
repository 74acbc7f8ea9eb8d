// Two websocket replicas on one Redis: shared rooms, cross-replica doc_viewers, and each bus event delivered to
// each socket exactly once. Runs only when TEST_REDIS_URL is set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { Bus } from '../../src/bus/bus.ts';
import { createBus, publishRealtime } from '../../src/bus/index.ts';
import type { DocViewers } from '../../src/realtime/events.ts';
import { siteNamespace } from '../../src/realtime/namespaces.ts';
import { type RealtimeService, startRealtime } from '../../src/realtime/start-realtime.ts';
import { redisUrl } from '../support/services.ts';
import {
  alice,
  bob,
  client,
  connected,
  disconnectAll,
  EventLog,
  MapSessions,
  sidOf,
  TestPermissions,
  tempBench,
  uniqueSite,
} from './support.ts';

describe('two replicas sharing Redis', { skip: redisUrl ? false : 'TEST_REDIS_URL not set' }, () => {
  const site = uniqueSite('replicas');
  let remove: () => Promise<void>;
  const buses: Bus[] = [];
  let publisher: Bus;
  let replicas: [RealtimeService, RealtimeService];
  const sockets: Socket[] = [];

  before(async () => {
    const temp = await tempBench([site]);
    remove = temp.remove;
    const sessions = new MapSessions();
    for (const who of [alice, bob]) sessions.addSid(site, sidOf(who), who);
    const start = async () => {
      const bus = createBus({ redisUrl });
      buses.push(bus);
      return startRealtime({
        port: 0,
        host: '127.0.0.1',
        bench: temp.bench,
        bus,
        sessions,
        permissions: new TestPermissions(true),
        redisUrl,
      });
    };
    replicas = [await start(), await start()];
    publisher = createBus({ redisUrl });
    buses.push(publisher);
  });
  after(async () => {
    disconnectAll(...sockets);
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all(buses.map((b) => b.close()));
    await remove();
  });

  async function connectTo(replica: RealtimeService, who: typeof alice) {
    const socket = client(replica.port, site, { headers: { cookie: `sid=${sidOf(who)}` } });
    sockets.push(socket);
    const log = new EventLog(socket);
    await connected(socket);
    return { socket, log };
  }

  const publish = (event: string, message: unknown, room: string | null) =>
    publishRealtime(publisher, { event, message, room, namespace: site });

  test('each socket gets a bus event exactly once, whichever replica it is on', async () => {
    const [r1, r2] = replicas;
    const a1 = await connectTo(r1, alice);
    const a2 = await connectTo(r2, alice);
    const b2 = await connectTo(r2, bob);
    await publish('to-alice', { n: 1 }, `user:${alice.user}`);
    await publish('to-all', { n: 2 }, 'all');
    await publish('to-namespace', { n: 3 }, null);
    await publish('marker', {}, 'website');
    const all = [a1, a2, b2];
    // Once every socket has the marker, both replicas have handled every bus message.
    for (const { log } of all) await log.waitFor('marker');
    // A copy relayed by one replica through the Redis adapter would travel that replica's Redis connection ahead
    // of anything it broadcasts later: a broadcast flush from each replica is the marker for that path.
    replicas.forEach((replica, i) => {
      siteNamespace(replica.io, site)!.emit(`flush-${i}`);
    });
    const received = async ({ log }: { log: EventLog }) => {
      const last = Math.max(await log.waitFor('flush-0'), await log.waitFor('flush-1'));
      return log.events
        .slice(0, last + 1)
        .map((e) => e.event)
        .filter((e) => e.startsWith('to-'));
    };
    assert.deepEqual(await received(a1), ['to-alice', 'to-all', 'to-namespace']);
    assert.deepEqual(await received(a2), ['to-alice', 'to-all', 'to-namespace']);
    assert.deepEqual(await received(b2), ['to-all', 'to-namespace']);
  });

  test('rooms are shared: one replica sees the sockets of the other', async () => {
    const [r1, r2] = replicas;
    await connectTo(r2, bob);
    const nsp = siteNamespace(r1.io, site);
    assert.ok(nsp, 'namespace exists on replica 1 (an earlier socket created it)');
    const remote = await nsp.in(`user:${bob.user}`).fetchSockets();
    assert.ok(remote.length >= 1);
    assert.ok(remote.every((s) => s.data.user === bob.user && s.data.site === site));
    const local = await nsp.local.in(`user:${bob.user}`).fetchSockets();
    assert.equal(local.length, 0, 'bob is connected to replica 2 only');
  });

  test('doc_viewers lists users on both replicas, and drops one that disconnects', async () => {
    const [r1, r2] = replicas;
    const a = await connectTo(r1, alice);
    const b = await connectTo(r2, bob);
    const is = (users: string[]) => (arg: unknown) => {
      const v = arg as DocViewers;
      return v.docname === 'TD-9' && JSON.stringify(v.users) === JSON.stringify(users);
    };
    a.socket.emit('doc_open', 'ToDo', 'TD-9');
    b.socket.emit('doc_open', 'ToDo', 'TD-9');
    await a.log.waitFor('doc_viewers', is([alice.user, bob.user]));
    await b.log.waitFor('doc_viewers', is([alice.user, bob.user]));
    const from = a.log.events.length;
    b.socket.disconnect();
    await a.log.waitFor('doc_viewers', is([alice.user]), from);
  });
});
