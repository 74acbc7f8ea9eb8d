// The small pure pieces the rules are built from, as tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFingerprinted } from '../../src/frontend/cache-policy.ts';
import { acceptedEncodings } from '../../src/frontend/compression.ts';
import { redirectTarget } from '../../src/frontend/redirects.ts';
import { hostWithoutPort } from '../../src/frontend/site-name.ts';
import { parseRange } from '../../src/frontend/static-files.ts';
import { findSid, splitTag, tagHandshake } from '../../src/frontend/sticky.ts';
import { normalizePath } from '../../src/frontend/url-path.ts';
import { protectedPath } from '../../src/frontend/x-accel.ts';

describe('building blocks', () => {
  it('normalizePath decodes, merges and resolves like nginx, refusing escapes above the root', () => {
    const table: [string, string | undefined][] = [
      ['/api/method/ping', '/api/method/ping'],
      ['/a//b/./c/', '/a/b/c/'],
      ['/a/b/../c', '/a/c'],
      ['/%70rotected/x', '/protected/x'],
      ['/files/a%20b.png', '/files/a b.png'],
      ['/%2e%2e/etc', undefined],
      ['/..', undefined],
      ['/a%00', undefined],
      ['/%zz', undefined],
      ['/caf%C3%A9', '/café'],
      ['relative', undefined],
    ];
    for (const [raw, expected] of table) assert.equal(normalizePath(raw), expected, raw);
  });

  it('redirectTarget follows the three nginx rewrites', () => {
    const table: [string, string | undefined][] = [
      ['/', undefined],
      ['/app/', '/app'],
      ['/a/index.html', '/a'],
      ['/a.html', '/a'],
      ['/index.html', '/index'],
      ['/app', undefined],
      ['//evil.example/', '/evil.example'],
      ['/\\evil.example/', '/evil.example'],
    ];
    for (const [path, expected] of table) assert.equal(redirectTarget(path), expected, path);
  });

  it('hostWithoutPort is nginx $host, refusing what cannot be a site folder', () => {
    const table: [string, string | undefined][] = [
      ['ERP.Example.com:8080', 'erp.example.com'],
      ['erp.example.com.', 'erp.example.com'],
      ['[::1]:8080', '[::1]'],
      ['localhost', 'localhost'],
      ['..', undefined],
      ['.hidden', undefined],
      ['a/b', undefined],
      ['a\\b', undefined],
      ['host:port', undefined],
      ['', undefined],
      ['[::1', undefined],
    ];
    for (const [host, expected] of table) assert.equal(hostWithoutPort(host), expected, host);
  });

  it('isFingerprinted recognises content hashes, not words', () => {
    assert.ok(isFingerprinted('/assets/frappe/dist/js/desk.bundle.JH6WUE7D.js'));
    assert.ok(isFingerprinted('/assets/app.3f9a1c2b.js'));
    assert.ok(isFingerprinted('/assets/desk/index-BXd3fJ4k.js'));
    assert.ok(!isFingerprinted('/assets/frappe/js/lib/localstorage.js'));
    assert.ok(!isFingerprinted('/assets/frappe/js/html2canvas.js'));
    assert.ok(!isFingerprinted('/assets/frappe/images/frappe-framework-logo.svg'));
  });

  it('parseRange handles single ranges and declines the rest', () => {
    assert.deepEqual(parseRange('bytes=0-0', 10), { start: 0, end: 0 });
    assert.deepEqual(parseRange('bytes=5-', 10), { start: 5, end: 9 });
    assert.deepEqual(parseRange('bytes=5-100', 10), { start: 5, end: 9 });
    assert.deepEqual(parseRange('bytes=-20', 10), { start: 0, end: 9 });
    assert.equal(parseRange('bytes=10-', 10), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-1,3-4', 10), undefined);
    assert.equal(parseRange('items=0-1', 10), undefined);
    assert.equal(parseRange('bytes=5-2', 10), undefined);
  });

  it('acceptedEncodings orders by q-value, br first on a tie', () => {
    assert.deepEqual(acceptedEncodings('gzip, deflate, br'), ['br', 'gzip']);
    assert.deepEqual(acceptedEncodings('gzip;q=1, br;q=0.5'), ['gzip', 'br']);
    assert.deepEqual(acceptedEncodings('*'), ['br', 'gzip']);
    assert.deepEqual(acceptedEncodings('br;q=0, *;q=0.1'), ['gzip']);
    assert.deepEqual(acceptedEncodings('identity'), []);
  });

  it('sticky sids: found in the query, tagged in handshakes (v4 and v3 framing), split back', () => {
    assert.equal(findSid('/socket.io/?EIO=4&transport=polling&sid=abc&t=1')?.sid, 'abc');
    assert.equal(findSid('/socket.io/?EIO=4&xsid=abc'), undefined);
    assert.equal(findSid('/socket.io/?sid='), undefined);
    assert.equal(
      tagHandshake('0{"sid":"abc","upgrades":["websocket"]}', '0a1b2c3d'),
      '0{"sid":"0a1b2c3d.abc","upgrades":["websocket"]}',
    );
    assert.equal(tagHandshake('14:0{"sid":"abc"}', '0a1b2c3d'), '23:0{"sid":"0a1b2c3d.abc"}');
    assert.equal(tagHandshake('40{"sid":"abc"}', '0a1b2c3d'), undefined);
    assert.deepEqual(splitTag('0a1b2c3d.abc'), { tag: '0a1b2c3d', raw: 'abc' });
    assert.equal(splitTag('not-tagged-sid'), undefined);
  });

  it('protectedPath keeps X-Accel-Redirect targets inside the site folder', () => {
    assert.equal(protectedPath('/protected/private/files/a%20b.pdf'), '/private/files/a b.pdf');
    assert.equal(protectedPath('/protected/../site_config.json'), undefined);
    assert.equal(protectedPath('/protected/'), undefined);
    assert.equal(protectedPath('/files/x'), undefined);
  });
});
