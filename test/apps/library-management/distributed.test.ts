// The Library Management example app in the distributed layout: the app installed before the processes
// start, then the router in front of two backends and two websockets, a separate worker and the scheduler,
// on PostgreSQL and Redis. A loan made through one backend shows on the other; the scheduler process has
// registered the app's daily job; the separate worker runs it with the document engine, and the change
// reaches a Socket.IO client through the bus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectSocket, login, runCortado } from '../../support/e2e.ts';
import { postgresUrl, redisUrl } from '../../support/services.ts';
import { startTopology, type Topology } from '../../support/topology.ts';
import { until } from '../../support/until.ts';
import {
  appName,
  assertRefused,
  day,
  installExample,
  LibraryClient,
  modulePath,
  resource,
} from './support.ts';

const skip = !postgresUrl || !redisUrl ? 'needs TEST_POSTGRES_URL and TEST_REDIS_URL' : false;
const password = 'library-topo-Pa55';
type Json = Record<string, unknown>;

describe('Library Management in the distributed layout (backend, worker, scheduler processes)', {
  skip,
}, () => {
  let topology: Topology;
  let admin: LibraryClient;

  before(async () => {
    topology = await startTopology({
      adminPassword: password,
      jobs: true,
      prepare: ({ sitesPath, site }) => installExample(sitesPath, site),
    });
    const loggedIn = await login(topology.base, 'Administrator', password);
    assert.equal(loggedIn.status, 200);
    admin = new LibraryClient(topology.base, loggedIn.sid!);
  });
  after(async () => {
    await topology?.close();
  });

  it('serves the app from every backend: its DocTypes, rules and methods', async () => {
    const listed = await runCortado([
      '--sites-path',
      topology.sitesPath,
      '--site',
      topology.site,
      'list-apps',
    ]);
    assert.match(listed, new RegExp(appName));
    // Each backend answers directly (no router), so both have loaded the app.
    for (const { port } of topology.backends) {
      const direct = new LibraryClient(`http://127.0.0.1:${port}`, admin.sid);
      const reply = await fetch(`${direct.base}/api/method/${modulePath}.api.get_available_articles`, {
        headers: {
          cookie: `sid=${admin.sid}`,
          'x-frappe-site-name': topology.site,
          accept: 'application/json',
        },
      });
      assert.equal(reply.status, 200, `backend ${port}: ${await reply.clone().text()}`);
    }
    const article = await admin.insert('Article', { article_name: 'Middlemarch', author: 'George Eliot' });
    const stranger = await admin.insert('Library Member', { first_name: 'No', last_name: 'Membership' });
    const refused = await admin.call('POST', resource('Library Transaction'), {
      article: article.name,
      library_member: stranger.name,
      type: 'Issue',
    });
    assertRefused(refused, /no active paid membership/);
  });

  it('has the scheduler register the daily job, and the separate worker run it through the document engine', async () => {
    const jobType = await until(
      async () => {
        const reply = await admin.call('GET', resource('Scheduled Job Type', 'tasks.mark_overdue'));
        return reply.status === 200 ? (reply.body.data as Json) : undefined;
      },
      'the Daily job registered',
      { timeoutMs: 30_000, everyMs: 250 },
    );
    assert.equal(jobType.method, `${modulePath}.tasks.mark_overdue`);
    assert.equal(jobType.frequency, 'Daily');

    const reader = await admin.paidMember('George', 'Eliot', { from_date: day(-90), to_date: day(30) });
    const book = await admin.insert('Article', { article_name: 'Silas Marner' });
    const late = await admin.transact({
      article: book.name,
      library_member: reader,
      type: 'Issue',
      date: day(-60),
    });
    assert.equal(late.reply.status, 200, JSON.stringify(late.reply.body));

    const socket = await connectSocket(topology.base, topology.site, { sid: admin.sid });
    const updates: Json[] = [];
    socket.on('list_update', (m: Json) => updates.push(m));
    try {
      socket.emit('doctype_subscribe', 'Library Transaction');
      // The subscription is checked asynchronously: add draft loans (the job ignores drafts) until one is seen.
      await until(
        async () => {
          await admin.insert('Library Transaction', {
            article: book.name,
            library_member: reader,
            type: 'Return',
          });
          return updates.length > 0;
        },
        'the first list_update',
        { timeoutMs: 15_000, everyMs: 200 },
      );
      const executed = await admin.call(
        'POST',
        '/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
        { doc: JSON.stringify({ name: 'tasks.mark_overdue' }) },
      );
      assert.equal(executed.status, 200, JSON.stringify(executed.body));
      const flagged = await until(
        async () => {
          const doc = await admin.get('Library Transaction', late.name);
          return doc.overdue === 1 ? doc : undefined;
        },
        'the loan flagged overdue by the worker',
        { timeoutMs: 60_000, everyMs: 250 },
      );
      assert.equal(flagged.docstatus, 1, 'still submitted: changed after submit through the engine');
      const job = await admin.get('RQ Job', `scheduled_job::${modulePath}.tasks.mark_overdue`);
      assert.equal(job.status, 'finished', String(job.exc_info));
      // The worker's save reached this client through Redis and a websocket replica.
      await until(() => updates.some((m) => m.name === late.name), 'list_update of the flagged loan', {
        timeoutMs: 15_000,
      });
    } finally {
      socket.close();
    }
  });
});
