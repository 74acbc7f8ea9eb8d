// The distributed topology as separate processes: one router, two backends, two websocket services,
// Redis for cache and bus, the site on PostgreSQL. Everything goes through the router, as in production.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBus } from '../../src/bus/index.ts';
import { publishRealtime } from '../../src/bus/realtime-publisher.ts';
import { Bench } from '../../src/config/bench.ts';
import { dropServerDatabase } from '../../src/db/index.ts';
import { serverAdmin } from '../db/support.ts';
import {
  type CortadoProcess,
  connectSocket,
  freePort,
  login,
  nextEvent,
  runCortado,
  spawnCortado,
  upgraded,
  waitHealthy,
} from '../support/e2e.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';

const skip = !postgresUrl || !redisUrl ? 'needs TEST_POSTGRES_URL and TEST_REDIS_URL' : false;

describe('distributed topology: router, 2 backends, 2 websockets, Redis, PostgreSQL', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'cortado-dist-'));
  const sitesPath = join(root, 'sites');
  const site = `e2e-${randomBytes(4).toString('hex')}.test`;
  const processes: CortadoProcess[] = [];
  let base: string;

  before(async () => {
    const admin = serverAdmin('postgres');
    mkdirSync(sitesPath, { recursive: true });
    writeFileSync(
      join(sitesPath, 'common_site_config.json'),
      JSON.stringify({
        db_host: admin.host,
        db_port: admin.port,
        redis_cache: redisUrl,
        redis_queue: redisUrl,
      }),
    );
    await runCortado([
      '--sites-path',
      sitesPath,
      'new-site',
      site,
      '--db-type',
      'postgres',
      '--db-root-username',
      admin.rootUser,
      '--admin-password',
      'dist-pw',
    ]);

    const [frontend, b1, b2, w1, w2] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    for (const port of [b1, b2]) {
      processes.push(
        spawnCortado(['--sites-path', sitesPath, 'backend', '--port', String(port), '--host', '127.0.0.1']),
      );
    }
    for (const port of [w1, w2]) {
      processes.push(
        spawnCortado(['--sites-path', sitesPath, 'websocket', '--port', String(port), '--host', '127.0.0.1']),
      );
    }
    processes.push(
      spawnCortado(['--sites-path', sitesPath, 'frontend', '--port', String(frontend)], {
        BACKEND: `127.0.0.1:${b1},127.0.0.1:${b2}`,
        SOCKETIO: `127.0.0.1:${w1},127.0.0.1:${w2}`,
        // Port-based tenancy: every request is this site whatever the Host (frappe_docker's fixed header).
        FRAPPE_SITE_NAME_HEADER: site,
      }),
    );
    await Promise.all(
      [b1, b2, w1, w2, frontend].map((port, i) =>
        waitHealthy(`http://127.0.0.1:${port}/health`, processes[i]),
      ),
    );
    base = `http://127.0.0.1:${frontend}`;
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    const config = new Bench(sitesPath).siteConfig(site);
    await dropServerDatabase({
      ...serverAdmin('postgres'),
      dbName: config.db_name!,
      dbUser: config.db_name!,
    });
    rmSync(root, { recursive: true, force: true });
  });

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
