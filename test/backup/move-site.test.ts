// `cortado move-site` through the real CLI: a site made on SQLite moves to PostgreSQL / MariaDB and keeps
// every document, secret and file; the admin logs in after, and a session from before no longer works.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { serverAdmin } from '../db/support.ts';
import { freePort, login, runCortado, spawnCortado, waitHealthy } from '../support/e2e.ts';
import { databases } from '../support/services.ts';
import { fingerprint, populate, type TestBench, testBench } from './support.ts';

for (const to of databases.filter((k) => k !== 'sqlite') as Array<'postgres' | 'mariadb'>) {
  describe(`move-site: SQLite -> ${to} through the CLI`, () => {
    let t: TestBench;
    let site: string;
    let expected: Record<string, unknown>;

    before(async () => {
      t = testBench();
      site = await t.newSite('sqlite');
      await populate(t, site);
      expected = await fingerprint(t, site);
      await t.forget(site);
    });
    after(() => t.close());

    /** Runs a backend on the bench for `fn`, then stops it (a move happens with the services stopped). */
    async function withBackend<T>(
      fn: (base: string, headers: Record<string, string>) => Promise<T>,
    ): Promise<T> {
      const port = await freePort();
      const backend = spawnCortado([
        '--sites-path',
        t.sitesPath,
        'backend',
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ]);
      try {
        await waitHealthy(`http://127.0.0.1:${port}/health`, backend);
        return await fn(`http://127.0.0.1:${port}`, { 'x-frappe-site-name': site });
      } finally {
        await backend.stop();
      }
    }

    const whoami = (base: string, headers: Record<string, string>, sid: string) =>
      fetch(`${base}/api/method/frappe.auth.get_logged_user`, {
        headers: { ...headers, cookie: `sid=${sid}` },
      });

    test('keeps every document, secret and file; old sessions end; the admin logs in after', async () => {
      const oldSid = await withBackend(async (base, headers) => {
        const { status, sid } = await login(base, 'Administrator', 'admin-pw', headers);
        assert.equal(status, 200);
        assert.equal((await whoami(base, headers, sid!)).status, 200);
        return sid!;
      });
      const admin = serverAdmin(to);
      const args = ['--sites-path', t.sitesPath, '--site', site, 'move-site', '--to', to];
      args.push(
        '--db-host',
        admin.host,
        '--db-port',
        String(admin.port),
        '--db-root-username',
        admin.rootUser,
      );
      if (admin.rootPassword) args.push('--db-root-password', admin.rootPassword);
      const output = await runCortado(args);
      assert.match(output, new RegExp(`Moved ${site.replaceAll('.', '\\.')} to ${to}`));

      const config = t.bench.siteConfig(site);
      assert.equal(config.db_type, to);
      assert.equal(config.db_file, undefined);
      // The old SQLite file is archived beside, not deleted; the backup stays in private/backups.
      const folder = readdirSync(t.bench.sitePath(site));
      assert.ok(
        folder.some((f) => f.startsWith('site.db.moved-')),
        folder.join(),
      );
      assert.ok(!existsSync(`${t.bench.sitePath(site)}/site.db`));
      assert.deepEqual(await fingerprint(t, site), expected);

      await withBackend(async (base, headers) => {
        assert.equal((await whoami(base, headers, oldSid)).status, 403);
        const { status, sid } = await login(base, 'Administrator', 'admin-pw', headers);
        assert.equal(status, 200);
        const order = await fetch(`${base}/api/resource/Backup%20Order/ORD-0002`, {
          headers: { ...headers, cookie: `sid=${sid}` },
        });
        assert.equal(order.status, 200);
        const { data } = (await order.json()) as { data: { lines: unknown[]; customer: string } };
        assert.equal(data.lines.length, 2);
        assert.match(data.customer, /Customer 2/);
      });
    });
  });
}
