// Background jobs end to end through the router (`startStack`, on every database): a job enqueued through the
// stack's JobService runs in the in-process worker, shows as a virtual `RQ Job` over v1, v2 and frappe.client
// (System Managers only), its progress reaches a Socket.IO task subscriber, and the RQ Job / Scheduled Job Type
// methods work.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench } from '../../src/config/bench.ts';
import { dropServerDatabase } from '../../src/db/index.ts';
import { benchJobRegistry, enqueue } from '../../src/jobs/index.ts';
import { createSite } from '../../src/site/create-site.ts';
import { connectSocket, login } from '../support/e2e.ts';
import { type DbKind, databases, mariadbUrl, postgresUrl } from '../support/services.ts';
import { until } from '../support/until.ts';

function server(kind: Exclude<DbKind, 'sqlite'>) {
  const url = new URL((kind === 'postgres' ? postgresUrl : mariadbUrl)!);
  return {
    host: url.hostname,
    port: Number(url.port) || (kind === 'postgres' ? 5432 : 3306),
    rootUser: decodeURIComponent(url.username) || (kind === 'postgres' ? 'postgres' : 'root'),
    rootPassword: decodeURIComponent(url.password),
  };
}

type Json = Record<string, unknown>;

for (const kind of databases) {
  describe(`${kind}: background jobs through the router`, () => {
    const root = mkdtempSync(join(tmpdir(), 'cortado-jobs-stack-'));
    const bench = new Bench(join(root, 'sites'));
    const site = `jobs-${randomBytes(4).toString('hex')}.test`;
    const password = 'jobs-Pa55';
    const userPassword = 'user-Pa55-word';
    let stack: Stack;
    let base: string;
    const sids: Record<string, string> = {};
    // The report job publishes progress until the test has seen it (a subscription has no acknowledgement).
    let progressSeen = false;

    const call = async (who: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          cookie: `sid=${sids[who]}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const listJobs = async (filters: unknown) =>
      (
        await call(
          'admin',
          'GET',
          `/api/resource/RQ Job?filters=${encodeURIComponent(JSON.stringify(filters))}&limit_page_length=0`,
        )
      ).body.data as Json[];
    const waitStatus = (id: string, status: string) =>
      until(
        async () => (await listJobs([['status', '=', status]])).find((row) => row.name === id),
        `job ${id} ${status}`,
        { timeoutMs: 20_000, everyMs: 100 },
      );

    before(async () => {
      const admin = kind === 'sqlite' ? undefined : server(kind);
      await createSite(bench, {
        name: site,
        dbType: kind,
        adminPassword: password,
        ...(admin && {
          dbHost: admin.host,
          dbPort: admin.port,
          rootUser: admin.rootUser,
          rootPassword: admin.rootPassword,
        }),
      });
      const registry = await benchJobRegistry(bench);
      registry.register('test_app.tasks.report', async (ctx, { task_id }) => {
        for (let i = 0; i < 200 && !progressSeen && !ctx.signal.aborted; i++) {
          await ctx.publishProgress(50, { title: 'Halfway', taskId: String(task_id) });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return 'reported';
      });
      registry.register('test_app.tasks.explode', () => {
        throw new Error('explode on purpose');
      });
      registry.register('test_app.tasks.nightly', () => undefined);
      registry.schedule({ weekly: ['test_app.tasks.nightly'] });
      process.env.FRAPPE_SITE_NAME_HEADER = site;
      stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0, registry });
      base = `http://127.0.0.1:${stack.port}`;
      const db = stack.runtime.databases.get(site);
      await createUser(db, { email: 'desk@example.com', firstName: 'Desk', password: userPassword });
      await createUser(db, {
        email: 'portal@example.com',
        firstName: 'Portal',
        password: userPassword,
        userType: 'Website User',
      });
      for (const [who, usr, pwd] of [
        ['admin', 'Administrator', password],
        ['desk', 'desk@example.com', userPassword],
        ['portal', 'portal@example.com', userPassword],
      ] as const) {
        const loggedIn = await login(base, usr, pwd);
        assert.equal(loggedIn.status, 200, `${usr} logs in`);
        sids[who] = loggedIn.sid!;
      }
    });
    after(async () => {
      await stack?.close();
      delete process.env.FRAPPE_SITE_NAME_HEADER;
      if (kind !== 'sqlite') {
        const dbName = bench.siteConfig(site).db_name!;
        await dropServerDatabase({ type: kind, ...server(kind), dbName, dbUser: dbName });
      }
      rmSync(root, { recursive: true, force: true });
    });

    it('runs an enqueued job in the worker, lists it as RQ Job and sends its progress to a task subscriber', async () => {
      const socket = await connectSocket(base, site, { sid: sids.admin! });
      const taskId = randomBytes(8).toString('hex');
      const progress: Json[] = [];
      socket.on('progress', (message: Json) => {
        progress.push(message);
        progressSeen = true;
      });
      try {
        socket.emit('task_subscribe', taskId);
        const queued = await enqueue(
          { site, user: 'Administrator', jobs: stack.runtime.jobs },
          'test_app.tasks.report',
          { task_id: taskId },
        );
        assert.equal(queued.status, 'queued');
        const id = (queued as { id: string }).id;
        await until(() => progress.length > 0, 'progress event', { timeoutMs: 15_000 });
        assert.deepEqual(progress[0], { percent: 50, title: 'Halfway', description: null, task_id: taskId });

        const row = await waitStatus(id, 'finished');
        assert.equal(row.doctype, 'RQ Job');
        assert.equal(row.job_id, id);
        assert.equal(row.queue, 'default');
        assert.equal(row.job_name, 'test_app.tasks.report');
        assert.equal(row.timeout, 300);
        assert.equal(row.exc_info, null);
        assert.ok(typeof row.time_taken === 'number' && row.time_taken >= 0);
        assert.match(String(row.started_at), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
        assert.match(String(row.ended_at), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
        assert.deepEqual(JSON.parse(String(row.arguments)), {
          site,
          user: 'Administrator',
          method: 'test_app.tasks.report',
          job_name: 'test_app.tasks.report',
          is_async: true,
          kwargs: { task_id: taskId },
        });

        const one = await call('admin', 'GET', `/api/resource/RQ Job/${encodeURIComponent(id)}`);
        assert.equal(one.status, 200);
        assert.equal((one.body.data as Json).status, 'finished');
        const v2 = await call(
          'admin',
          'GET',
          `/api/v2/document/RQ Job?filters=${encodeURIComponent('{"queue":"default"}')}&limit=1`,
        );
        assert.equal(v2.status, 200);
        assert.equal((v2.body.data as Json[]).length, 1);
        assert.equal(typeof v2.body.has_next_page, 'boolean');
        const count = await call('admin', 'POST', '/api/method/frappe.client.get_count', {
          doctype: 'RQ Job',
          filters: [['status', '=', 'finished']],
        });
        assert.equal(count.status, 200);
        assert.ok((count.body.message as number) >= 1);
        const listed = await call('admin', 'POST', '/api/method/frappe.client.get_list', {
          doctype: 'RQ Job',
          filters: { job_name: 'test_app.tasks.report' },
        });
        assert.deepEqual(
          (listed.body.message as Json[]).map((r) => r.name),
          [id],
        );
      } finally {
        socket.close();
      }
    });

    it('refuses RQ Jobs and the job methods to users without System Manager', async () => {
      for (const who of ['desk', 'portal']) {
        const list = await call(who, 'GET', '/api/resource/RQ Job');
        assert.equal(list.status, 403, `${who} lists`);
        assert.equal(list.body.exc_type, 'PermissionError');
        const v2 = await call(who, 'GET', '/api/v2/document/RQ Job');
        assert.equal(v2.status, 403, `${who} lists over v2`);
        const removed = await call(
          who,
          'POST',
          '/api/method/frappe.core.doctype.rq_job.rq_job.remove_failed_jobs',
        );
        assert.equal(removed.status, 403, `${who} removes failed jobs`);
        const executed = await call(
          who,
          'POST',
          '/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
          { doc: JSON.stringify({ name: 'tasks.nightly' }) },
        );
        assert.equal(executed.status, 403, `${who} executes an event`);
      }
    });

    it('removes failed jobs, deletes one job, and executes a Scheduled Job Type', async () => {
      const jobs = stack.runtime.jobs;
      const failed = await enqueue({ site, user: 'Administrator', jobs }, 'test_app.tasks.explode');
      const failedRow = await waitStatus((failed as { id: string }).id, 'failed');
      assert.match(String(failedRow.exc_info), /explode on purpose/);
      const removed = await call(
        'admin',
        'POST',
        '/api/method/frappe.core.doctype.rq_job.rq_job.remove_failed_jobs',
      );
      assert.equal(removed.status, 200);
      assert.deepEqual(await listJobs({ status: 'failed' }), []);
      assert.equal(
        (await call('admin', 'GET', '/api/method/frappe.core.doctype.rq_job.rq_job.remove_failed_jobs'))
          .status,
        403,
        'POST only (Frappe: PermissionError for another HTTP method)',
      );

      // The scheduler synced the registered event at start; Execute enqueues it now.
      const db = stack.runtime.databases.get(site);
      const q = db.dialect.quote;
      await until(
        async () =>
          (await db.one(`SELECT ${q('name')} FROM ${q('tabScheduled Job Type')} WHERE ${q('name')} = ?`, [
            'tasks.nightly',
          ])) !== undefined,
        'Scheduled Job Type synced',
      );
      const executed = await call(
        'admin',
        'POST',
        '/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
        { doc: JSON.stringify({ name: 'tasks.nightly', method: 'test_app.tasks.nightly' }) },
      );
      assert.equal(executed.status, 200, JSON.stringify(executed.body));
      assert.deepEqual(executed.body.message, { name: 'tasks.nightly', method: 'test_app.tasks.nightly' });
      const scheduled = await waitStatus('scheduled_job::test_app.tasks.nightly', 'finished');
      assert.equal(scheduled.job_name, 'test_app.tasks.nightly');
      const missing = await call(
        'admin',
        'POST',
        '/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
        { doc: 'no.such' },
      );
      assert.equal(missing.status, 404);

      const deleted = await call(
        'admin',
        'DELETE',
        '/api/resource/RQ Job/scheduled_job::test_app.tasks.nightly',
      );
      assert.equal(deleted.status, 202);
      const gone = await call('admin', 'GET', '/api/resource/RQ Job/scheduled_job::test_app.tasks.nightly');
      assert.equal(gone.status, 404);
      assert.equal(gone.body.exc_type, 'DoesNotExistError');
    });
  });
}
