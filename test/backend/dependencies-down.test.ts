// The backend with a dependency gone: its Redis cache or queue stopped (a redis-server of the test's own), or a
// site's database refusing or never answering. Every request fails fast with a 503 in Frappe's envelope that
// names what is missing, and works again by itself once it is back.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildBackend } from '../../src/backend/app.ts';
import { RedisCache } from '../../src/cache/redis-cache.ts';
import { writeJsonAtomic } from '../../src/config/bench.ts';
import { createLogger } from '../../src/config/log.ts';
import { SiteDatabases } from '../../src/db/index.ts';
import { BullmqQueue } from '../../src/jobs/bullmq/bullmq-queue.ts';
import { testMethods } from '../support/backend-methods.ts';
import { adminPassword, type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { freePort, type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { type SilentServer, startSilentServer } from '../support/silent-server.ts';
import { until } from '../support/until.ts';

/** Correctness bounds: "fast" is well under the 2–4 s a queued Redis command took, and far under a proxy's 120 s. */
const redisBoundMs = 1_000;
const dbBoundMs = 5_000;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function assertEnvelope(body: Record<string, unknown>, excType: string, message: RegExp): void {
  assert.equal(body.exc_type, excType);
  assert.match(String(body.exception), new RegExp(`^frappe\\.exceptions\\.${excType}: `));
  const messages = JSON.parse(String(body._server_messages)) as string[];
  assert.match(JSON.parse(messages[0]!).message, message);
  assert.doesNotMatch(
    JSON.stringify(body),
    /127\.0\.0\.1|ECONNREFUSED|redis:\/\//,
    'no address or driver detail',
  );
}

describe('backend with its Redis cache and queue stopped', () => {
  let redis: OwnRedis;
  let t: BackendSite;
  let app: FastifyInstance;
  let cache: RedisCache;
  let queue: BullmqQueue;
  let databases: SiteDatabases;
  before(async () => {
    redis = await startOwnRedis();
    t = await createBackendSite('sqlite');
    cache = new RedisCache({ url: redis.url, logger: createLogger('test-cache', 'silent') });
    queue = new BullmqQueue({
      url: redis.url,
      queues: ['default'],
      logger: createLogger('test-jobs', 'silent'),
    });
    const methods = testMethods();
    methods.whitelist('test.enqueue', { allowGuest: true }, async (ctx) => {
      const added = await queue.add({
        site: ctx.site,
        user: ctx.user,
        method: 'test.nothing',
        kwargs: {},
        queue: 'default',
        timeout: 60,
        maxAttempts: 1,
        enqueuedAt: Date.now(),
      });
      return added.id;
    });
    databases = new SiteDatabases(t.bench);
    app = buildBackend({
      bench: t.bench,
      databases,
      cache,
      bus: t.bus,
      methods,
      logger: createLogger('test-backend', 'silent'),
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await Promise.all([cache.close(), queue.close(), databases.closeAll()]);
    await t.close();
    await redis.stop();
  });

  async function login(): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/method/login',
      headers: { host: testSite },
      payload: { usr: 'Administrator', pwd: adminPassword },
    });
    assert.equal(response.statusCode, 200, response.body);
    const sid = response.cookies.find((c) => c.name === 'sid')?.value;
    assert.ok(sid);
    return sid;
  }

  const whoAmI = (sid: string, path = '/api/method/frappe.auth.get_logged_user') =>
    app.inject({ url: path, headers: { host: testSite, cookie: `sid=${sid}` } });

  it('answers 503 CacheUnavailable at once while the cache is down, and serves again once it is back', async (test) => {
    const sid = await login();
    assert.equal((await whoAmI(sid)).json().message, 'Administrator');

    await redis.stop();
    let slowest = 0;
    for (let i = 0; i < 5; i++) {
      const { value: response, ms } = await timed(() => whoAmI(sid));
      assert.equal(response.statusCode, 503);
      assertEnvelope(response.json(), 'CacheUnavailable', /cache is unavailable/);
      assert.ok(ms < redisBoundMs, `answered after ${Math.round(ms)} ms`);
      slowest = Math.max(slowest, ms);
    }
    test.diagnostic(`slowest 503 while the cache was down: ${slowest.toFixed(1)} ms`);
    const v2 = await whoAmI(sid, '/api/v2/method/frappe.auth.get_logged_user');
    assert.equal(v2.statusCode, 503);
    assert.equal(v2.json().errors[0].type, 'CacheUnavailable');

    await redis.start();
    // The restarted Redis is empty (the session went with it): a new login works without restarting anything.
    const again = await until(() => login().catch(() => undefined), 'login working again', {
      timeoutMs: 10_000,
    });
    assert.equal((await whoAmI(again)).json().message, 'Administrator');
  });

  it('answers 503 QueueUnavailable at once when an enqueue finds the queue down, and enqueues again once it is back', async () => {
    const enqueue = () => app.inject({ url: '/api/method/test.enqueue', headers: { host: testSite } });
    assert.equal((await enqueue()).statusCode, 200);
    await redis.stop();
    for (let i = 0; i < 3; i++) {
      const { value: response, ms } = await timed(enqueue);
      assert.equal(response.statusCode, 503);
      assertEnvelope(response.json(), 'QueueUnavailable', /job queue is unavailable/);
      assert.ok(ms < redisBoundMs, `answered after ${Math.round(ms)} ms`);
    }
    await redis.start();
    await until(async () => (await enqueue()).statusCode === 200, 'enqueue working again', {
      timeoutMs: 10_000,
    });
  });
});

describe('backend with a site database refusing or never answering', () => {
  let t: BackendSite;
  let silent: SilentServer;
  let databases: SiteDatabases;
  let app: FastifyInstance;
  before(async () => {
    t = await createBackendSite('sqlite');
    silent = await startSilentServer();
    const sites = { 'silent.localhost': silent.port, 'refused.localhost': await freePort() };
    for (const [site, port] of Object.entries(sites)) {
      mkdirSync(t.bench.sitePath(site), { recursive: true });
      writeJsonAtomic(t.bench.siteConfigPath(site), {
        db_type: 'postgres',
        db_name: 'nowhere',
        db_password: 'x',
        db_port: port,
        db_connect_timeout: 1,
      });
    }
    databases = new SiteDatabases(t.bench, { statementTimeouts: true });
    app = buildBackend({
      bench: t.bench,
      databases,
      cache: t.cache,
      bus: t.bus,
      logger: createLogger('test-backend', 'silent'),
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await databases.closeAll();
    await silent.close();
    await t.close();
  });

  for (const site of ['silent.localhost', 'refused.localhost']) {
    it(`${site}: a login answers 503 DatabaseUnavailable within the connect timeout, not a 500 or a hang`, async (test) => {
      const { value: response, ms } = await timed(() =>
        app.inject({
          method: 'POST',
          url: '/api/method/login',
          headers: { host: site },
          payload: { usr: 'Administrator', pwd: 'whatever' },
        }),
      );
      assert.equal(response.statusCode, 503, response.body);
      assertEnvelope(response.json(), 'DatabaseUnavailable', /database is unavailable/);
      assert.ok(ms < dbBoundMs, `answered after ${Math.round(ms)} ms`);
      test.diagnostic(`answered after ${Math.round(ms)} ms`);
    });
  }
});
