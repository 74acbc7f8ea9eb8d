// Files that hold secrets (site and common configs with database passwords and the encryption key, a SQLite
// site's database with password hashes and API secrets, a backup's database dump and config) are created
// readable by their owner only, whatever the umask lets through, and stay so across rewrites and restores.
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backupSite, restoreSite } from '../../src/site/backup/index.ts';
import { type TestBench, testBench } from './support.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files with secrets are owner-only', () => {
  let t: TestBench;
  let site: string;
  let umask: number;
  before(async () => {
    umask = process.umask(0o022); // the common default, which would leave new files 0644
    t = testBench();
    site = await t.newSite('sqlite');
    await t.db(site).run(`UPDATE "tabUser" SET "modified" = "modified"`); // a write: -wal and -shm exist
  });
  after(async () => {
    await t.close();
    process.umask(umask);
  });

  it('creates the site config, common config and SQLite database (with -wal and -shm) 0600', () => {
    const folder = t.bench.sitePath(site);
    assert.equal(modeOf(t.bench.siteConfigPath(site)), 0o600);
    assert.equal(modeOf(t.bench.commonConfigPath), 0o600);
    for (const file of ['site.db', 'site.db-wal', 'site.db-shm'])
      assert.equal(modeOf(join(folder, file)), 0o600, file);
    assert.equal(modeOf(join(folder, 'private')), 0o700);
  });

  it('keeps 0600 when a config is rewritten, even over a looser file or a stale temp file', () => {
    const path = t.bench.siteConfigPath(site);
    writeFileSync(`${path}.${process.pid}.tmp`, 'stale', { mode: 0o644 });
    t.bench.updateSiteConfig(site, { pause_scheduler: 0 });
    assert.equal(modeOf(path), 0o600);
    assert.equal(t.bench.siteConfig(site).pause_scheduler, 0);
  });

  it('writes a backup dump and config 0600 in a 0700 folder, and a restore keeps the database 0600', async () => {
    const backup = await backupSite(t.bench, site);
    assert.equal(modeOf(backup.database.path), 0o600);
    const dir = join(t.bench.sitePath(site), 'private', 'backups');
    assert.equal(modeOf(dir), 0o700);
    const config = backup.database.path.replace(/-database\.jsonl\.gz$/, '-site_config_backup.json');
    assert.equal(modeOf(config), 0o600);
    await t.forget(site);
    await restoreSite(t.bench, site, backup.database.path, { siteConfigBackup: config });
    assert.equal(modeOf(join(t.bench.sitePath(site), 'site.db')), 0o600);
    assert.equal(modeOf(t.bench.siteConfigPath(site)), 0o600);
  });
});
