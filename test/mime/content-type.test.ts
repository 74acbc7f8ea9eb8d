// The one MIME table: what the router and the backend send as Content-Type, and which private files go out
// as downloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isActiveContent } from '../../src/backend/files/upload-types.ts';
import { contentTypeFor, extensionOf, mediaTypeFor } from '../../src/mime/content-type.ts';

describe('content types', () => {
  it('serves text, JSON, JavaScript and XML as UTF-8, binary types bare', () => {
    const expected: Record<string, string> = {
      'app.css': 'text/css; charset=utf-8',
      'app.JS': 'text/javascript; charset=utf-8',
      'mod.mjs': 'text/javascript; charset=utf-8',
      'page.html': 'text/html; charset=utf-8',
      'notes.txt': 'text/plain; charset=utf-8',
      'data.csv': 'text/csv; charset=utf-8',
      'boot.json': 'application/json; charset=utf-8',
      'app.js.map': 'application/json; charset=utf-8',
      'site.webmanifest': 'application/manifest+json; charset=utf-8',
      'feed.xml': 'application/xml; charset=utf-8',
      'page.xhtml': 'application/xhtml+xml; charset=utf-8',
      'logo.svg': 'image/svg+xml',
      'logo.png': 'image/png',
      'font.woff2': 'font/woff2',
      'report.pdf': 'application/pdf',
      'sheet.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'clip.mov': 'video/quicktime',
      'mod.wasm': 'application/wasm',
    };
    for (const [name, type] of Object.entries(expected)) assert.equal(contentTypeFor(name), type, name);
  });

  it('knows nothing of unknown or missing extensions, and a dot in a folder is no extension', () => {
    for (const name of ['archive.unknownext', 'README', '.htaccess', '/assets/v1.2/bundle', 'a.b/c', ''])
      assert.equal(contentTypeFor(name), 'application/octet-stream', name);
    assert.equal(mediaTypeFor('no-extension'), undefined);
    assert.equal(extensionOf('/assets/v1.2/app.CSS'), 'css');
    assert.equal(extensionOf('/assets/.hidden'), '');
  });

  it('gives upload checks the bare media type', () => {
    assert.equal(mediaTypeFor('Photo.JPG'), 'image/jpeg');
    assert.equal(mediaTypeFor('notes.txt'), 'text/plain');
  });

  it('serves every type a browser renders as a page as a download', () => {
    for (const name of [
      'a.html',
      'a.htm',
      'a.shtml',
      'a.xhtml',
      'a.xht',
      'a.svg',
      'a.svgz',
      'a.xml',
      'a.xsl',
      'a.mht',
    ])
      assert.ok(isActiveContent(mediaTypeFor(name)), name);
    for (const name of ['a.pdf', 'a.png', 'a.txt', 'a.js', 'a.json', 'a.unknownext'])
      assert.ok(!isActiveContent(mediaTypeFor(name)), name);
  });
});
