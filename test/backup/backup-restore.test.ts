import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkPassword } from '../../src/auth/users.ts';
import { SharedVersion } from '../../src/bus/shared-version.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { insertDoc } from '../../src/model/index.ts';
import { siteVersionNames } from '../../src/model/meta/meta-cache.ts';
import { backupSite, restoreSite, type SiteBackup } from '../../src/site/backup/index.ts';
import { databases } from '../support/services.ts';
import { fingerprint, populate, type TestBench, testBench } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: backup, then restore into a fresh site`, () => {
    let t: TestBench;
    let source: string;
    let backup: SiteBackup;
    let expected: Record<string, unknown>;

    before(async () => {
      t = testBench();
      source = await t.newSite(kind);
      await populate(t, source);
      expected = await fingerprint(t, source);
      backup = await backupSite(t.bench, source, { withFiles: true });
    });
    after(() => t.close());

    for (const target of databases) {
      test(`restored on ${target}: same rows, documents, child rows, secrets, single, series and files`, async () => {
        const site = await t.newSite(target);
        const cache = new MemoryCache();
        await cache.set(`${site}|session|old`, '{}');
        await t
          .db(site)
          .run(
            `INSERT INTO ${t.db(site).dialect.quote('tabSessions')} (name, sid, ${t.db(site).dialect.quote('user')}) VALUES ('old', 'old', 'Administrator')`,
          );
        await t.forget(site);
        // A process's view of each of the site's shared versions (metas, roles, User Permissions).
        const stale: string[] = [];
        const watchers = siteVersionNames.map(
          (name) =>
            new SharedVersion({ site, name, cache, checkIntervalMs: 0, onStale: () => stale.push(name) }),
        );
        for (const watcher of watchers) await watcher.check();
        const restored = await restoreSite(t.bench, site, backup.database.path, {
          filesArchive: backup.files!.path,
          siteConfigBackup: backup.database.path.replace('-database.jsonl.gz', '-site_config_backup.json'),
          cache,
        });
        assert.equal(restored.rows, backup.database.rows);
        assert.equal(restored.files, 3);
        assert.deepEqual(await fingerprint(t, site), expected);
        assert.equal(await checkPassword(t.db(site), 'pat@example.com', 'pat-pw-1'), true);
        assert.equal(await checkPassword(t.db(site), 'Administrator', 'admin-pw'), true);
        // Sessions are invalidated on purpose: none carried over, the site's cache emptied.
        const sessions = await t
          .db(site)
          .one<{ n: unknown }>(`SELECT count(*) AS n FROM ${t.db(site).dialect.quote('tabSessions')}`);
        assert.equal(Number(sessions?.n), 0);
        assert.equal(await cache.get(`${site}|session|old`), undefined);
        for (const watcher of watchers) await watcher.check();
        assert.deepEqual(
          stale,
          siteVersionNames,
          'every process drops its metas, roles and User Permissions',
        );
        // The series counter came along: the next order continues it.
        const next = await t.as(site, (ctx) =>
          insertDoc(ctx, { doctype: 'Backup Order', customer: 'after restore' }),
        );
        assert.equal(next.name, 'ORD-0004');
      });
    }
  });
}
