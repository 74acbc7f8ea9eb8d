// The pieces under upload_file: file-name sanitising and stored paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeFileName, withSuffix } from '../../src/backend/files/file-name.ts';
import { pathInside } from '../../src/backend/files/file-storage.ts';

describe('file names', () => {
  it('keeps one safe path segment', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('C:\\Users\\me\\report?.pdf'), 'report_.pdf');
    assert.equal(safeFileName('.env'), 'env');
    assert.equal(safeFileName('trailing. . '), 'trailing');
    assert.equal(safeFileName('Résumé final.pdf'), 'Résumé final.pdf');
    assert.match(safeFileName('...'), /^file-[0-9a-f]{10}$/);
    assert.match(safeFileName('/'), /^file-[0-9a-f]{10}$/);
  });

  it('cuts long names by bytes and keeps the extension', () => {
    const name = safeFileName(`${'字'.repeat(200)}.xlsx`);
    assert.ok(Buffer.byteLength(name) <= 180);
    assert.ok(name.endsWith('.xlsx'));
    assert.equal(withSuffix('a.tar.gz', '3f9c2e'), 'a.tar3f9c2e.gz');
  });

  it('resolves a stored name only inside its folder', () => {
    assert.equal(pathInside('/srv/files', 'a.txt'), '/srv/files/a.txt');
    for (const name of ['..', '.', '../a', 'a/b', 'a\\b', 'a\0b', ''])
      assert.equal(pathInside('/srv/files', name), undefined);
  });
});
