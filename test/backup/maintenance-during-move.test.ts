// move-site and restore on a site that a running backend keeps serving, under a stream of writes: while they
// run the site is in maintenance, so a write is either refused (503) or kept: never acknowledged and then lost.
// The backend sees maintenance the way another process does (its config recheck), not through a shortcut.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { generateApiKeys } from '../../src/auth/users.ts';
import { buildBackend } from '../../src/backend/app.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { createLogger } from '../../src/config/log.ts';
import { openDatabase, SiteDatabases, siteOpenOptions } from '../../src/db/index.ts';
import { backupSite, moveSite, restoreSite } from '../../src/site/backup/index.ts';
import { serverAdmin } from '../db/support.ts';
import { type DbKind, databases, mariadbUrl, postgresUrl } from '../support/services.ts';
import { until } from '../support/until.ts';
import { testBench } from './support.ts';

interface Write {
  sentAt: number;
  status: number;
  name?: string;
  excType?: string;
}

/** A backend serving one site of a test bench, and a stream of ToDo inserts against it. */
async function servedSite(kind: DbKind) {
  const t = testBench();
  const site = await t.newSite(kind);
  const keys = await generateApiKeys(t.db(site), 'Administrator');
  await t.forget(site);
  const databases = new SiteDatabases(t.bench);
  const cache = new MemoryCache({ sweepIntervalMs: 0 });
  const bus = new MemoryBus({ logger: createLogger('test-bus', 'silent') });
  const app: FastifyInstance = buildBackend({
    bench: t.bench,
    databases,
    cache,
    bus,
    logger: createLogger('backend-test', process.env.LOG_LEVEL ?? 'silent'),
  });
  await app.ready();
  const headers = { host: site, authorization: `token ${keys.apiKey}:${keys.apiSecret}` };
  const writes: Write[] = [];
  let stop = false;
  let n = 0;
  const writer = async () => {
    while (!stop) {
      const sentAt = Date.now();
      const response = await app.inject({
        method: 'POST',
        url: '/api/resource/ToDo',
        headers,
        payload: { description: `write ${n++}` },
      });
      const body = response.json();
      writes.push({ sentAt, status: response.statusCode, name: body.data?.name, excType: body.exc_type });
      if (response.statusCode !== 200 && process.env.DEBUG_WRITES) console.log(response.body.slice(0, 600));
      // Yield to the timers and I/O of the move (app.inject answers without a socket).
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  let running: Array<Promise<void>> = [];
  return {
    t,
    site,
    cache,
    writes,
    /** Starts two writers, each sending its next insert as soon as the last one is answered. */
    start() {
      writes.length = 0;
      stop = false;
      running = [writer(), writer()];
    },
    /** Lets the writers go on until `count` more writes were acknowledged, then stops them. */
    async stopAfter(count: number) {
      const acknowledged = () => writes.filter((w) => w.status === 200).length;
      const target = acknowledged() + count;
      try {
        await until(() => acknowledged() >= target, `${count} more acknowledged writes`, {
          timeoutMs: 20_000,
        });
      } finally {
        stop = true;
        await Promise.all(running);
      }
    },
    /** The ToDo names stored in the database the site's config names now. */
    async stored(): Promise<Set<string>> {
      const db = openDatabase(siteOpenOptions(t.bench.siteConfig(site), t.bench.sitePath(site)));
      try {
        const q = db.dialect.quote;
        const rows = await db.all<{ name: string }>(`SELECT ${q('name')} FROM ${q('tabToDo')}`);
        return new Set(rows.map((r) => r.name));
      } finally {
        await db.close();
      }
    },
    async close() {
      stop = true;
      await Promise.all(running);
      await app.close();
      await databases.closeAll();
      await cache.close();
      await bus.close();
      await t.close();
    },
  };
}

function moveTarget(kind: DbKind): 'postgres' | 'mariadb' | undefined {
  if (kind !== 'postgres' && postgresUrl) return 'postgres';
  if (kind !== 'mariadb' && mariadbUrl) return 'mariadb';
  return undefined;
}

for (const kind of databases) {
  const to = moveTarget(kind);
  describe(`${kind}: writes during a restore and a move${to ? ` to ${to}` : ''}`, () => {
    let s: Awaited<ReturnType<typeof servedSite>>;
    before(async () => {
      s = await servedSite(kind);
    });
    after(() => s?.close());

    const checkRefusals = (writes: Write[], from: number, to_: number) => {
      const during = writes.filter((w) => w.sentAt >= from && w.sentAt <= to_);
      for (const w of writes)
        if (w.status !== 200)
          assert.ok(
            w.excType === 'SessionStopped' || w.excType === 'InReadOnlyMode',
            `a write is refused only for maintenance: ${JSON.stringify(w)}`,
          );
      assert.ok(
        during.some((w) => w.status === 503),
        'writes were refused while it ran',
      );
    };

    it('restore: no write acknowledged after the restore began is lost', async () => {
      const backup = await backupSite(s.t.bench, s.site);
      s.start();
      // The claim is about writes on both sides of the restore's start: let the first ones land first.
      await until(() => s.writes.some((w) => w.status === 200), 'a write acknowledged before the restore', {
        timeoutMs: 30_000,
      });
      let restoringSince = Number.POSITIVE_INFINITY;
      await restoreSite(s.t.bench, s.site, backup.database.path, {
        cache: s.cache,
        onProgress: () => {
          restoringSince = Math.min(restoringSince, Date.now());
        },
      });
      const ended = Date.now();
      await s.stopAfter(3);
      assert.ok(Number.isFinite(restoringSince), 'the restore reported progress');
      const stored = await s.stored();
      const mustKeep = s.writes.filter((w) => w.status === 200 && w.sentAt >= restoringSince);
      assert.ok(mustKeep.length >= 3, 'writes were acknowledged after the restore');
      for (const w of mustKeep) assert.ok(stored.has(w.name!), `acknowledged ${w.name} is kept`);
      checkRefusals(s.writes, restoringSince, ended);
      assert.ok(
        s.writes.some((w) => w.sentAt < restoringSince && w.status === 200),
        'writes were acknowledged before maintenance began',
      );
    });

    it('move-site: every acknowledged write is in the new database', { skip: to === undefined }, async () => {
      const admin = serverAdmin(to!);
      s.start();
      const started = Date.now();
      const moved = await moveSite(s.t.bench, s.site, {
        to: to!,
        dbHost: admin.host,
        dbPort: admin.port,
        rootUser: admin.rootUser,
        rootPassword: admin.rootPassword,
        cache: s.cache,
      });
      const ended = Date.now();
      await s.stopAfter(3);
      assert.equal(s.t.bench.siteConfig(s.site).db_type, to);
      assert.equal(s.t.bench.siteConfig(s.site).maintenance_mode, undefined, 'maintenance is off again');
      const stored = await s.stored();
      const acknowledged = s.writes.filter((w) => w.status === 200);
      assert.ok(
        acknowledged.some((w) => w.sentAt > ended),
        'the backend writes to the new database after it',
      );
      for (const w of acknowledged)
        assert.ok(stored.has(w.name!), `acknowledged ${w.name} is in ${moved.database}`);
      checkRefusals(s.writes, started, ended);
    });
  });
}
