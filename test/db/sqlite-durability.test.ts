// SQLite's durability setting: by default every acknowledged commit is on disk (synchronous=FULL in WAL mode);
// a site may trade that for speed with `sqlite_synchronous: "normal"` (docs/deploy.md).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { siteConfigSchema } from '../../src/config/schema.ts';
import { openDatabase } from '../../src/db/open.ts';
import { siteOpenOptions } from '../../src/db/site-databases.ts';

describe('SQLite durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-sync-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // The writer connection's setting (the one commits go through): 2 is FULL, 1 is NORMAL.
  const writerSetting = async (config: Record<string, unknown>, folder: string) => {
    const db = openDatabase(siteOpenOptions(siteConfigSchema.parse(config), join(dir, folder)));
    try {
      return await db.transaction(async (tx) => {
        const journal = await tx.one<{ journal_mode: string }>('PRAGMA journal_mode');
        const sync = await tx.one<{ synchronous: number }>('PRAGMA synchronous');
        return { journal: journal?.journal_mode, synchronous: sync?.synchronous };
      });
    } finally {
      await db.close();
    }
  };

  it('commits with synchronous=FULL in WAL mode unless the site config says otherwise', async () => {
    assert.deepEqual(await writerSetting({}, 'default'), { journal: 'wal', synchronous: 2 });
    assert.deepEqual(await writerSetting({ sqlite_synchronous: 'full' }, 'full'), {
      journal: 'wal',
      synchronous: 2,
    });
  });

  it('uses synchronous=NORMAL when the site config asks for it', async () => {
    assert.deepEqual(await writerSetting({ sqlite_synchronous: 'normal' }, 'normal'), {
      journal: 'wal',
      synchronous: 1,
    });
  });

  it('refuses any other value in the site config', () => {
    assert.equal(siteConfigSchema.safeParse({ sqlite_synchronous: 'off' }).success, false);
  });
});
