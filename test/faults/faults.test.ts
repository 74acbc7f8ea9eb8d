// The fault suite: the distributed topology as separate processes (router, two backends, two websockets,
// worker, scheduler, a Redis of its own, the site on PostgreSQL) under the faults production meets —
// a backend killed or stopped under load, Redis down, a worker killed mid-job, a database that accepts
// connections and never answers — each asserting what a user relies on: no failed GET, no body that is not
// an answer or Frappe's error envelope, fast 503s and full recovery, no lost job, no hang.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { Bench } from '../../src/config/bench.ts';
import { SiteDatabases } from '../../src/db/index.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import type { JobInfo } from '../../src/jobs/job.ts';
import { JobRegistry } from '../../src/jobs/registry.ts';
import { createJobService, type JobService } from '../../src/jobs/service.ts';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { postgresUrl } from '../support/services.ts';
import { startSilentServer } from '../support/silent-server.ts';
import { startTopology, type Topology } from '../support/topology.ts';
import { until } from '../support/until.ts';
import { type Answer, call, frappeError, json, loginSid, underLoad } from './support/http.ts';
import { registerJobs } from './support/jobs.ts';

const jobModule = fileURLToPath(new URL('./support/jobs.ts', import.meta.url));
const redisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (process.env.CI === 'true' && !redisServer) throw new Error('CI=true but redis-server cannot be run');
const skip = !postgresUrl || !redisServer ? 'needs TEST_POSTGRES_URL and a redis-server binary' : false;

const PASSWORD = 'faults-Pa55-word';
const WHO_AM_I = '/api/method/frappe.auth.get_logged_user';

describe('faults in the distributed topology', { skip }, () => {
  let redis: OwnRedis;
  let topology: Topology;
  let base: string;
  let site: string;
  let sid: string;
  let jobs: JobService;
  let databases: SiteDatabases;
  const scratch = mkdtempSync(join(tmpdir(), 'cortado-faults-'));

  const whoAmI = (timeoutMs?: number) => call(base, 'GET', WHO_AM_I, { host: site, sid, timeoutMs });
  const isAdministrator = (r: Answer) => r.status === 200 && r.text === '{"message":"Administrator"}';
  const jobInfo = async (id: string): Promise<JobInfo | undefined> => jobs.queue.get(site, id);
  const add = async (method: string, kwargs: Record<string, unknown>) => {
    const queued = await enqueue({ site, user: 'Administrator', jobs }, method, kwargs);
    assert.equal(queued.status, 'queued');
    return (queued as { id: string }).id;
  };

  before(async () => {
    // Persistent: a stop loses no acknowledged job, as with a production queue Redis.
    redis = await startOwnRedis({ persistent: true });
    topology = await startTopology({
      adminPassword: PASSWORD,
      jobs: true,
      redisUrl: redis.url,
      // A dead worker's job is taken over after 3 s instead of 30.
      commonConfig: { job_stall_timeout: 3, job_modules: [jobModule] },
      // The site comes from the Host, so a second site (the silent database's) is reachable too.
      frontendEnv: { FRAPPE_SITE_NAME_HEADER: '$host' },
    });
    ({ base, site } = topology);
    sid = await loginSid(base, site, 'Administrator', PASSWORD);
    const bench = new Bench(topology.sitesPath);
    const registry = new JobRegistry();
    registerJobs(registry);
    databases = new SiteDatabases(bench);
    jobs = createJobService({ bench, databases, bus: new MemoryBus(), registry });
  });

  after(async () => {
    await jobs?.close();
    await databases?.closeAll();
    await topology?.close();
    await redis?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('kill -9 of one backend under a stream of GETs fails none of them', async () => {
    const victim = topology.backends[0]!.process;
    const answers = await underLoad(
      300,
      8,
      () => whoAmI(),
      100,
      async () => {
        victim.child.kill('SIGKILL');
      },
    );
    assert.equal(victim.child.signalCode, 'SIGKILL');
    assert.deepEqual(
      answers.filter((r) => !isAdministrator(r)),
      [],
      'every GET answered 200 by the surviving backend',
    );
    await topology.restartBackend(0);
  });

  it('SIGTERM of a backend under load: only answers or Frappe error envelopes, no acknowledged write lost', async () => {
    const victim = topology.backends[1]!.process;
    const tag = randomBytes(4).toString('hex');
    type Sent = { i: number; post: boolean; answer: Answer };
    const sent = await underLoad<Sent>(
      320,
      16,
      async (i) => {
        const post = i % 4 === 0;
        const answer = post
          ? await call(base, 'POST', '/api/resource/ToDo', {
              host: site,
              sid,
              body: { description: `faults-term-${tag}-${i}` },
            })
          : await whoAmI();
        return { i, post, answer };
      },
      100,
      async () => {
        victim.child.kill('SIGTERM');
      },
    );
    const odd = sent.filter(({ post, answer }) => {
      if (answer.status === 200) {
        if (!post) return !isAdministrator(answer);
        return (json(answer.text)?.data as { description?: string } | undefined)?.description === undefined;
      }
      return frappeError(answer.text) === undefined;
    });
    assert.deepEqual(odd, [], 'every body is a normal answer or Frappe’s error envelope');
    const acknowledged = sent
      .filter((s) => s.post && s.answer.status === 200)
      .map((s) => `faults-term-${tag}-${s.i}`);
    const filters = encodeURIComponent(JSON.stringify([['description', 'like', `faults-term-${tag}-%`]]));
    const list = await call(
      base,
      'GET',
      `/api/resource/ToDo?fields=${encodeURIComponent('["description"]')}&filters=${filters}&limit_page_length=0`,
      { host: site, sid },
    );
    assert.equal(list.status, 200);
    const stored = new Set(
      (JSON.parse(list.text).data as Array<{ description: string }>).map((d) => d.description),
    );
    assert.deepEqual(
      acknowledged.filter((d) => !stored.has(d)),
      [],
      'every write answered 200 is stored',
    );
    await until(() => victim.child.exitCode !== null, 'the backend exits after SIGTERM', {
      timeoutMs: 30_000,
      everyMs: 50,
    });
    await topology.restartBackend(1);
  });

  it('kill -9 of the worker mid-job: BullMQ’s stalled check hands the job to the next worker, which finishes it', async () => {
    const marker = join(scratch, `block-${randomBytes(4).toString('hex')}`);
    const id = await add('faults.block_once', { marker, timeout: 120 });
    await until(() => existsSync(marker), 'the job running in the worker', {
      timeoutMs: 30_000,
      everyMs: 50,
    });
    const worker = topology.worker!;
    assert.equal(readFileSync(marker, 'utf8'), String(worker.child.pid), 'the topology’s worker runs it');
    worker.child.kill('SIGKILL');
    await until(() => worker.child.signalCode === 'SIGKILL', 'the worker is dead', { timeoutMs: 10_000 });
    assert.equal((await jobInfo(id))?.status, 'started', 'still held by the dead worker');
    await topology.restartWorker();
    const done = await until(
      async () => {
        const info = await jobInfo(id);
        return info && (info.status === 'finished' || info.status === 'failed') ? info : undefined;
      },
      'the job finished or failed',
      { timeoutMs: 60_000, everyMs: 200 },
    );
    assert.equal(done.status, 'finished', done.excInfo);
    assert.equal(done.result, 'second run');
  });

  it('Redis down for 10 s: fast 503s in Frappe’s envelope naming the cache or queue, then full recovery and no lost job', async () => {
    assert.ok(isAdministrator(await whoAmI()), 'healthy before');
    // Queued and running when Redis goes: each takes 300 ms, one worker at a time.
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) => add('faults.sleep', { ms: 300, result: i })),
    );
    await until(async () => (await jobInfo(ids[0]!))?.status !== 'queued', 'the first job started', {
      timeoutMs: 30_000,
      everyMs: 20,
    });
    await redis.stop();
    const outage: Answer[] = [];
    const end = Date.now() + 10_000;
    try {
      while (Date.now() < end) outage.push(await whoAmI(2_000));
    } finally {
      await redis.start();
    }
    assert.ok(outage.length >= 5, `${outage.length} requests during the outage`);
    // A request the backend can serve without Redis may succeed; every other one is a quick 503 that says why.
    const unavailable = (r: Answer) =>
      r.status === 503 && /cache|queue|redis/i.test(frappeError(r.text)?.messages ?? '');
    const wrong = outage.filter((r) => !isAdministrator(r) && !unavailable(r));
    assert.deepEqual(
      wrong.slice(0, 3),
      [],
      `${wrong.length} of ${outage.length} outage answers were neither a 200 nor a 503 envelope within 2 s`,
    );
    assert.ok(outage.some(unavailable), 'the outage was noticed');

    await until(async () => isAdministrator(await whoAmI()), 'requests succeed again', {
      timeoutMs: 30_000,
      everyMs: 200,
    });
    const afterwards = await Promise.all(Array.from({ length: 20 }, () => whoAmI()));
    assert.deepEqual(
      afterwards.filter((r) => !isAdministrator(r)),
      [],
      'full recovery',
    );
    for (const id of ids) {
      const info = await until(
        async () => {
          const job = await jobInfo(id);
          return job && (job.status === 'finished' || job.status === 'failed') ? job : undefined;
        },
        `job ${id} done`,
        { timeoutMs: 60_000, everyMs: 200 },
      );
      assert.equal(info.status, 'finished', `job ${id}: ${info.excInfo ?? ''}`);
    }
    const probe = await add('faults.sleep', { ms: 0, result: 'after' });
    const ran = await until(async () => (await jobInfo(probe))?.status === 'finished', 'a new job runs', {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    assert.ok(ran);
  });

  it('a database that accepts connections and never answers: a bounded error for its site, other sites unaffected', async () => {
    const silent = await startSilentServer();
    const port = silent.port;
    const silentSite = `silent-${randomBytes(4).toString('hex')}.test`;
    const folder = join(topology.sitesPath, silentSite);
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'site_config.json'),
      JSON.stringify({
        db_type: 'postgres',
        db_host: '127.0.0.1',
        db_port: port,
        db_name: 'silent',
        db_password: 'silent',
      }),
    );
    try {
      // Bounded well inside the router's 120 s read timeout: a hang is status 0 here.
      const stalled = call(base, 'POST', '/api/method/login', {
        host: silentSite,
        body: { usr: 'Administrator', pwd: PASSWORD },
        timeoutMs: 30_000,
      });
      await until(() => silent.connections > 0, 'a backend connected to the silent database', {
        timeoutMs: 30_000,
        everyMs: 20,
      });
      assert.ok(isAdministrator(await whoAmI()), 'the other site answers while one database is silent');
      const answer = await stalled;
      assert.notEqual(answer.status, 0, `the silent site's request ended (${answer.error ?? ''})`);
      assert.ok(answer.status >= 500, `status ${answer.status}`);
      const error = frappeError(answer.text);
      assert.ok(error, `Frappe's envelope: ${answer.text.slice(0, 200)}`);
      assert.notEqual(error.excType, 'GatewayTimeout', 'the backend gave up, not the router');
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await silent.close();
    }
  });
});
