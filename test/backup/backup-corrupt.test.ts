import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BackupError, backupSite, restoreSite, type SiteBackup } from '../../src/site/backup/index.ts';
import { databases } from '../support/services.ts';
import { fingerprint, populate, type TestBench, testBench } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: a damaged backup is refused and the target stays as it was`, () => {
    let t: TestBench;
    let backup: SiteBackup;
    let target: string;
    let untouched: Record<string, unknown>;

    before(async () => {
      t = testBench();
      const source = await t.newSite(kind);
      await populate(t, source);
      backup = await backupSite(t.bench, source, { withFiles: true });
      target = await t.newSite(kind);
      await populate(t, target);
      untouched = await fingerprint(t, target);
    });
    after(() => t.close());

    const damaged: Array<[string, (bytes: Buffer) => Buffer]> = [
      ['truncated', (b) => b.subarray(0, Math.floor(b.length / 2))],
      [
        'corrupt (bytes flipped)',
        (b) => Buffer.concat([b.subarray(0, 200), Buffer.alloc(64, 0x5a), b.subarray(264)]),
      ],
      [
        'cut at a line (no end record)',
        (b) => {
          const lines = gunzipSync(b).toString('utf8').trimEnd().split('\n');
          return gzipSync(`${lines.slice(0, -3).join('\n')}\n`);
        },
      ],
      ['not a backup', () => gzipSync('{"hello":"world"}\n')],
    ];
    for (const [what, damage] of damaged) {
      test(`${what}: one-line BackupError, nothing restored`, async () => {
        const path = `${backup.database.path.replace('.jsonl.gz', '')}-${what.split(' ')[0]}.jsonl.gz`;
        writeFileSync(path, damage(readFileSync(backup.database.path)));
        const error = await restoreSite(t.bench, target, path).then(
          () => assert.fail('restore succeeded'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof BackupError, String(error));
        assert.doesNotMatch(error.message, /\n/);
        await t.forget(target);
        assert.deepEqual(await fingerprint(t, target), untouched);
      });
    }

    test('a truncated files archive: refused before the database is touched', async () => {
      const path = backup.files!.path.replace('.tar.gz', '-cut.tar.gz');
      const bytes = readFileSync(backup.files!.path);
      writeFileSync(path, bytes.subarray(0, bytes.length - 40));
      await assert.rejects(
        restoreSite(t.bench, target, backup.database.path, { filesArchive: path }),
        BackupError,
      );
      await t.forget(target);
      assert.deepEqual(await fingerprint(t, target), untouched);
    });
  });
}
