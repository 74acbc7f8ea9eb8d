// The Library Management example app end to end through the router (`startStack`) on SQLite and PostgreSQL:
// installed with get-app + install-app, its DocTypes used over /api/resource, its rules answered as Frappe's
// 417 envelope, realtime list_update/doc_update seen by a Socket.IO client, its whitelisted methods, and its
// daily job run by the stack's worker through the document engine.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Stack, startStack } from '../../../src/cli/stack.ts';
import { Bench } from '../../../src/config/bench.ts';
import { dropServerDatabase } from '../../../src/db/index.ts';
import { createSite } from '../../../src/site/create-site.ts';
import { serverAdmin } from '../../db/support.ts';
import { connectSocket, login, runCortado } from '../../support/e2e.ts';
import { databases } from '../../support/services.ts';
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

type Json = Record<string, unknown>;

for (const kind of databases.filter((k) => k !== 'mariadb')) {
  describe(`${kind}: the Library Management app through the router`, () => {
    const root = mkdtempSync(join(tmpdir(), 'cortado-library-'));
    const sitesPath = join(root, 'sites');
    const bench = new Bench(sitesPath);
    const site = `library-${randomBytes(4).toString('hex')}.test`;
    const password = 'library-Pa55';
    let stack: Stack;
    let admin: LibraryClient;

    before(async () => {
      const server = kind === 'sqlite' ? undefined : serverAdmin(kind);
      await createSite(bench, {
        name: site,
        dbType: kind,
        adminPassword: password,
        ...(server && {
          dbHost: server.host,
          dbPort: server.port,
          rootUser: server.rootUser,
          rootPassword: server.rootPassword,
        }),
      });
      await installExample(sitesPath, site);
      process.env.FRAPPE_SITE_NAME_HEADER = site;
      stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
      const base = `http://127.0.0.1:${stack.port}`;
      const loggedIn = await login(base, 'Administrator', password);
      assert.equal(loggedIn.status, 200);
      admin = new LibraryClient(base, loggedIn.sid!);
    });
    after(async () => {
      await stack?.close();
      delete process.env.FRAPPE_SITE_NAME_HEADER;
      if (kind !== 'sqlite') {
        const dbName = bench.siteConfig(site).db_name!;
        await dropServerDatabase({ ...serverAdmin(kind), dbName, dbUser: dbName });
      }
      rmSync(root, { recursive: true, force: true });
    });

    it('is installed on the site: listed, recorded, its fixture imported and after_install run', async () => {
      assert.match(
        await runCortado(['--sites-path', sitesPath, '--site', site, 'list-apps']),
        /library_management/,
      );
      const installed = await admin.call('GET', resource('Installed Applications', 'Installed Applications'));
      assert.equal(installed.status, 200, JSON.stringify(installed.body));
      const apps = (installed.body.data as { installed_applications: Json[] }).installed_applications.map(
        (row) => row.app_name,
      );
      assert.deepEqual(apps, ['frappe', appName]);
      const versions = await admin.call('GET', '/api/method/frappe.utils.change_log.get_versions');
      assert.equal((versions.body.message as Record<string, Json>)[appName]?.version, '0.1.0');
      const role = await admin.call('GET', resource('Role', 'Librarian'));
      assert.equal(role.status, 200, 'the Librarian role came with the fixture');
      const settings = await admin.get('Library Settings', 'Library Settings');
      assert.equal(settings.loan_period, 30, 'after_install stored the settings');
      assert.equal(settings.max_articles, 2);
    });

    it('keeps the tutorial records over /api/resource: full name, naming series, default status', async () => {
      const member = await admin.insert('Library Member', { first_name: 'Ada', last_name: 'Lovelace' });
      assert.equal(member.full_name, 'Ada Lovelace');
      assert.match(member.name, /^LM\d{5}$/, "Frappe's naming series: LM.##### makes LM00001");
      const membership = await admin.insert('Library Membership', { library_member: member.name, paid: 1 });
      assert.match(membership.name, /^LMS\d{5}$/);
      assert.equal(membership.full_name, 'Ada Lovelace');
      assert.equal(membership.to_date, day(30), 'To Date = From Date + Loan Period');
      assert.equal((await admin.submit('Library Membership', membership.name)).status, 200);
      const overlapping = await admin.insert('Library Membership', {
        library_member: member.name,
        from_date: day(5),
      });
      assertRefused(
        await admin.submit('Library Membership', overlapping.name),
        /already has an active membership/,
      );
      const article = await admin.insert('Article', {
        article_name: 'Sense and Sensibility',
        author: 'Jane Austen',
      });
      assert.equal(article.status, 'Available');
    });

    it('issues an article under the rules: 417 without a paid membership, Issued after, never twice', async () => {
      const article = await admin.insert('Article', { article_name: 'Emma', author: 'Jane Austen' });
      const unpaid = await admin.insert('Library Member', { first_name: 'Unpaid' });
      await admin
        .insert('Library Membership', { library_member: unpaid.name, paid: 0 })
        .then((m) => admin.submit('Library Membership', m.name));
      const refused = await admin.call('POST', resource('Library Transaction'), {
        article: article.name,
        library_member: unpaid.name,
        type: 'Issue',
      });
      assertRefused(refused, /no active paid membership/);

      const reader = await admin.paidMember('Charlotte', 'Bronte');
      const issued = await admin.transact({ article: article.name, library_member: reader, type: 'Issue' });
      assert.equal(issued.reply.status, 200, JSON.stringify(issued.reply.body));
      assert.equal((await admin.get('Article', article.name)).status, 'Issued');
      const again = await admin.transact({ article: article.name, library_member: reader, type: 'Issue' });
      assertRefused(again.reply, /already issued/);
      assert.equal(
        (await admin.get('Library Transaction', again.name)).docstatus,
        0,
        'the refused one stays a draft',
      );
    });

    it('refuses an issue beyond max_articles of Library Settings', async () => {
      const settings = await admin.call('PUT', resource('Library Settings', 'Library Settings'), {
        max_articles: 1,
      });
      assert.equal(settings.status, 200, JSON.stringify(settings.body));
      try {
        const reader = await admin.paidMember('Anne', 'Bronte');
        const [one, two] = [
          await admin.insert('Article', { article_name: 'Agnes Grey' }),
          await admin.insert('Article', { article_name: 'The Tenant of Wildfell Hall' }),
        ];
        assert.equal(
          (await admin.transact({ article: one.name, library_member: reader, type: 'Issue' })).reply.status,
          200,
        );
        const over = await admin.transact({ article: two.name, library_member: reader, type: 'Issue' });
        assertRefused(over.reply, /Maximum limit reached/);
        assert.equal((await admin.get('Article', two.name)).status, 'Available', 'nothing changed');
      } finally {
        await admin.call('PUT', resource('Library Settings', 'Library Settings'), { max_articles: 2 });
      }
    });

    it('sends list_update and doc_update over Socket.IO when a loan changes an article', async () => {
      const socket = await connectSocket(admin.base, site, { sid: admin.sid });
      const lists: Json[] = [];
      const docs: Json[] = [];
      socket.on('list_update', (m: Json) => lists.push(m));
      socket.on('doc_update', (m: Json) => docs.push(m));
      try {
        const article = await admin.insert('Article', { article_name: 'Persuasion' });
        socket.emit('doctype_subscribe', 'Article');
        socket.emit('doc_subscribe', 'Article', article.name);
        // Subscriptions are checked asynchronously: touch the article until its notices arrive.
        let n = 0;
        await until(
          async () => {
            await admin.call('PUT', resource('Article', article.name), { description: `probe ${++n}` });
            return docs.some((m) => m.name === article.name) && lists.some((m) => m.name === article.name);
          },
          'the first doc_update and list_update',
          { timeoutMs: 10_000, everyMs: 100 },
        );
        const seen = docs.length;
        const reader = await admin.paidMember('Mary', 'Shelley');
        const issued = await admin.transact({ article: article.name, library_member: reader, type: 'Issue' });
        assert.equal(issued.reply.status, 200);
        const stored = await admin.get('Article', article.name);
        const update = await until(
          () => docs.slice(seen).find((m) => m.name === article.name && m.modified === stored.modified),
          'doc_update of the issued article',
        );
        assert.deepEqual(update, { doctype: 'Article', name: article.name, modified: stored.modified });
        assert.ok(
          lists.some((m) => m.doctype === 'Article' && m.name === article.name && m.user === 'Administrator'),
        );
      } finally {
        socket.close();
      }
    });

    it('answers its whitelisted methods: available articles (GET) and return_article (POST only)', async () => {
      const article = await admin.insert('Article', { article_name: 'Mansfield Park' });
      const available = await admin.call('GET', `/api/method/${modulePath}.api.get_available_articles`);
      assert.equal(available.status, 200, JSON.stringify(available.body));
      const names = (available.body.message as Json[]).map((a) => a.name);
      assert.ok(names.includes(article.name));

      const reader = await admin.paidMember('Jane', 'Austen');
      const issued = await admin.transact({ article: article.name, library_member: reader, type: 'Issue' });
      assert.equal(issued.reply.status, 200);
      const after = await admin.call('GET', `/api/method/${modulePath}.api.get_available_articles`);
      assert.ok(
        !(after.body.message as Json[]).some((a) => a.name === article.name),
        'an issued article is out',
      );

      const wrongVerb = await admin.call(
        'GET',
        `/api/method/${modulePath}.api.return_article?transaction=${encodeURIComponent(issued.name)}`,
      );
      assert.equal(wrongVerb.status, 403, JSON.stringify(wrongVerb.body));
      const missing = await admin.call('POST', `/api/method/${modulePath}.api.return_article`, {});
      assert.equal(missing.status, 417, 'a missing argument is refused before the call');
      const returned = await admin.call('POST', `/api/method/${modulePath}.api.return_article`, {
        transaction: issued.name,
      });
      assert.equal(returned.status, 200, JSON.stringify(returned.body));
      const returnDoc = await admin.get('Library Transaction', String(returned.body.message));
      assert.equal(returnDoc.type, 'Return');
      assert.equal(returnDoc.docstatus, 1);
      assert.equal((await admin.get('Article', article.name)).status, 'Available');

      const notWhitelisted = await admin.call('POST', `/api/method/${modulePath}.tasks.mark_overdue`);
      assert.ok([403, 404, 417].includes(notWhitelisted.status), 'a job function is not a method');
      assert.equal(typeof notWhitelisted.body.exc_type, 'string');
      const dotted = await admin.call('POST', `/api/method/${modulePath}..api.get_available_articles`);
      assert.ok([403, 404, 417].includes(dotted.status), JSON.stringify(dotted.body));
    });

    it('runs the daily job in the worker through the document engine: overdue loans flagged', async () => {
      const reader = await admin.paidMember('Emily', 'Bronte', { from_date: day(-60), to_date: day(10) });
      const [old, recent] = [
        await admin.insert('Article', { article_name: 'Wuthering Heights' }),
        await admin.insert('Article', { article_name: 'Poems' }),
      ];
      const late = await admin.transact({
        article: old.name,
        library_member: reader,
        type: 'Issue',
        date: day(-45),
      });
      assert.equal(late.reply.status, 200, JSON.stringify(late.reply.body));
      const fresh = await admin.transact({ article: recent.name, library_member: reader, type: 'Issue' });
      assert.equal(fresh.reply.status, 200);

      // install-app registered the hook as a Daily Scheduled Job Type; Execute hands it to the worker now.
      const jobType = await admin.get('Scheduled Job Type', 'tasks.mark_overdue');
      assert.equal(jobType.method, `${modulePath}.tasks.mark_overdue`);
      assert.equal(jobType.frequency, 'Daily');
      const executed = await admin.call(
        'POST',
        '/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
        { doc: JSON.stringify({ name: 'tasks.mark_overdue' }) },
      );
      assert.equal(executed.status, 200, JSON.stringify(executed.body));
      const job = await until(
        async () => {
          const reply = await admin.call(
            'GET',
            resource('RQ Job', `scheduled_job::${modulePath}.tasks.mark_overdue`),
          );
          const status = (reply.body.data as Json | undefined)?.status;
          return status === 'finished' || status === 'failed' ? (reply.body.data as Json) : undefined;
        },
        'the overdue job finished',
        { timeoutMs: 30_000, everyMs: 200 },
      );
      assert.equal(job.status, 'finished', String(job.exc_info));
      const flagged = await admin.get('Library Transaction', late.name);
      assert.equal(flagged.overdue, 1);
      assert.equal(flagged.modified_by, 'Administrator', 'saved as the scheduler user');
      assert.equal((await admin.get('Library Transaction', fresh.name)).overdue, 0);
    });
  });
}
