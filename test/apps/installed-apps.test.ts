// A site's installed apps as every process sees them: read from Installed Application rows, kept per process,
// and read again in every process once install/uninstall announces the change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forgetInstalledApps, InstalledApps, readInstalledAppNames } from '../../src/apps/installed-apps.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import installedApplication from '../../src/core/doctypes/installed_application.json' with { type: 'json' };
import type { Database } from '../../src/db/database.ts';
import type { DocTypeMeta } from '../../src/db/meta.ts';
import { syncTable } from '../../src/db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../db/support.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';

const site = 'apps.localhost';

async function addRow(db: Database, app: string, idx: number): Promise<void> {
  const q = db.dialect.quote;
  await db.run(
    `INSERT INTO ${q('tabInstalled Application')} (${q('name')}, ${q('parent')}, ${q('parenttype')}, ${q('parentfield')}, ${q('idx')}, ${q('app_name')})
      VALUES (?, 'Installed Applications', 'Installed Applications', 'installed_applications', ?, ?)`,
    [`row-${app}`, idx, app],
  );
}

for (const kind of databases) {
  describe(`installed apps (${kind})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    it('are only frappe on a site without the Installed Application table', async () => {
      assert.deepEqual(await readInstalledAppNames(t.db), ['frappe']);
    });

    it('follow idx, frappe first, and reach every process after forgetInstalledApps', async () => {
      await syncTable(t.db, installedApplication as unknown as DocTypeMeta);
      await addRow(t.db, 'shelf', 2);
      await addRow(t.db, 'frappe', 1);
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      const backend = new InstalledApps({
        cache,
        bus,
        checkIntervalMs: 60_000,
        read: () => readInstalledAppNames(t.db),
      });
      const stop = await backend.listen();
      try {
        assert.deepEqual(await backend.of(site), ['frappe', 'shelf']);
        await addRow(t.db, 'loans', 3);
        // Not announced yet: the process keeps its copy.
        assert.deepEqual(await backend.of(site), ['frappe', 'shelf']);
        // install-app, in another process with the same cache and bus, announces it after its commit.
        await forgetInstalledApps({ cache, bus }, site);
        await until(async () => (await backend.of(site)).includes('loans'), 'the announcement arrives');
        assert.deepEqual(await backend.of(site), ['frappe', 'shelf', 'loans']);
        // Callers that cannot wait (a controller's appliesTo) see the new list too.
        assert.deepEqual(backend.peek(site), ['frappe', 'shelf', 'loans']);
      } finally {
        await stop();
        await Promise.all([cache.close(), bus.close()]);
      }
    });

    it('are read again once the shared version moved, when the bus message was lost', async () => {
      const cache = new MemoryCache();
      const one = new InstalledApps({ cache, checkIntervalMs: 0, read: () => readInstalledAppNames(t.db) });
      assert.ok((await one.of(site)).includes('loans'));
      const q = t.db.dialect.quote;
      await t.db.run(`DELETE FROM ${q('tabInstalled Application')} WHERE ${q('app_name')} = ?`, ['loans']);
      await forgetInstalledApps({ cache }, site);
      assert.deepEqual(await one.of(site), ['frappe', 'shelf']);
      await cache.close();
    });
  });
}
