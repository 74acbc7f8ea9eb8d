// The distributed topology as separate processes: one router, two backends, two websocket services,
// Redis for cache and bus, the site on PostgreSQL. Everything goes through the router, as in production.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBus } from '../../src/bus/index.ts';
import { publishRealtime } from '../../src/bus/realtime-publisher.ts';
import { connectSocket, login, nextEvent, upgraded } from '../support/e2e.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { startTopology, type Topology } from '../support/topology.ts';

const skip = !postgresUrl || !redisUrl ? 'needs TEST_POSTGRES_URL and TEST_REDIS_URL' : false;

describe('distributed topology: router, 2 backends, 2 websockets, Redis, PostgreSQL', { skip }, () => {
  let topology: Topology;
  let base: string;
  let site: string;

  before(async () => {
    topology = await startTopology({ adminPassword: 'dist-pw' });
    ({ base, site } = topology);
  });

  after(() => topology.close());

  it('logs in through the router and stays logged in on either backend', async () => {
    const { status, sid } = await login(base, 'Administrator', 'dist-pw');
    assert.equal(status, 200);
    // Requests are balanced over both backends; the session lives in Redis + PostgreSQL, so all succeed.
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${base}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${sid}` },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { message: 'Administrator' });
    }
  });

  for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
    it(`receives a backend publish on user:Administrator over Redis (${transports.join(' then ')})`, async () => {
      const { sid } = await login(base, 'Administrator', 'dist-pw');
      const bus = createBus({ redisUrl });
      // Several connections, so both websocket replicas hold some: each must get the event exactly once.
      const sockets = await Promise.all(
        [1, 2, 3, 4].map(() => connectSocket(base, site, { sid, transports: [...transports] })),
      );
      try {
        if (transports.length === 2) await Promise.all(sockets.map((s) => upgraded(s)));
        const counts = sockets.map(() => 0);
        sockets.forEach((s, i) => {
          s.on('msgprint', () => counts[i]!++);
        });
        const received = Promise.all(sockets.map((s) => nextEvent<{ n: number }>(s, 'msgprint')));
        await publishRealtime(bus, {
          event: 'msgprint',
          message: { n: 1 },
          room: 'user:Administrator',
          namespace: site,
        });
        assert.deepEqual(
          await received,
          sockets.map(() => ({ n: 1 })),
        );
        // A second event proves ordering and that the first was not delivered twice.
        const marker = Promise.all(sockets.map((s) => nextEvent(s, 'marker')));
        await publishRealtime(bus, {
          event: 'marker',
          message: {},
          room: 'user:Administrator',
          namespace: site,
        });
        await marker;
        assert.deepEqual(
          counts,
          sockets.map(() => 1),
        );
      } finally {
        for (const socket of sockets) socket.close();
        await bus.close();
      }
    });
  }

  it('refuses a bad sid with a clear connect_error', async () => {
    await assert.rejects(connectSocket(base, site, { sid: '0'.repeat(56) }), /Unauthorized/);
  });
});
