// The pieces under upload_file: the multipart parser and file-name sanitising.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeFileName, withSuffix } from '../../src/backend/files/file-name.ts';
import { pathInside } from '../../src/backend/files/file-storage.ts';
import { boundaryOf, parseMultipart } from '../../src/backend/files/multipart.ts';
import { ValidationError } from '../../src/errors/index.ts';

const body = (boundary: string, parts: string[]) =>
  Buffer.from(`preamble\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`);

describe('multipart parser', () => {
  it('reads fields and files, the first of a repeated field winning', () => {
    const parsed = parseMultipart(
      body('XyZ', [
        'Content-Disposition: form-data; name="is_private"\r\n\r\n1',
        'Content-Disposition: form-data; name="is_private"\r\n\r\n0',
        'Content-Disposition: form-data; name="file"; filename="a \\"b\\".txt"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2',
        'Content-Disposition: form-data; name="other"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf\r\n\r\n%PDF',
      ]),
      'XyZ',
    );
    assert.deepEqual({ ...parsed.fields }, { is_private: '1' });
    assert.equal(parsed.files.length, 2);
    assert.equal(parsed.files[0]!.filename, 'a "b".txt');
    assert.equal(parsed.files[0]!.contentType, 'text/plain');
    assert.equal(parsed.files[0]!.data.toString(), 'line1\r\nline2');
    assert.equal(parsed.files[1]!.filename, 'résumé.pdf');
  });

  it('finds the boundary in a Content-Type, quoted or not', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary=----abc'), '----abc');
    assert.equal(boundaryOf('multipart/form-data; charset=utf-8; boundary="q b"'), 'q b');
    assert.equal(boundaryOf('application/json'), undefined);
  });

  it('refuses malformed or oversized bodies with a 417 ValidationError', () => {
    const bad = [
      Buffer.from('no boundary at all'),
      Buffer.from('--B\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'),
      body('B', ['Content-Disposition: form-data\r\n\r\nno name']),
      body(
        'B',
        Array.from({ length: 101 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nv`),
      ),
      body('B', [`Content-Disposition: form-data; name="big"\r\n\r\n${'x'.repeat((1 << 20) + 1)}`]),
    ];
    for (const b of bad) assert.throws(() => parseMultipart(b, 'B'), ValidationError);
  });
});

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
