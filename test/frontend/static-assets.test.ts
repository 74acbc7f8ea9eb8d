// Rule 1: /assets/* from sites/assets, never proxied, with validators, ranges, precompressed
// siblings and a cache lifetime that depends on whether the name is fingerprinted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FrontendServer } from '../../src/frontend/index.ts';
import {
  fetchRaw,
  rawExchange,
  SECURITY_HEADERS,
  startRouter,
  startUpstream,
  tempSites,
  type Upstream,
} from './helpers.ts';

describe('rule 1: /assets', () => {
  const sites = tempSites();
  const css = `body{color:red}${'.x{margin:0}'.repeat(100)}`;
  let backend: Upstream;
  let router: FrontendServer;

  before(async () => {
    sites.write('assets/frappe/dist/css/desk.bundle.JH6WUE7D.css', css);
    sites.write('assets/frappe/js/lib/localstorage.js', 'var a = 1;');
    sites.write('assets/frappe/dist/js/app.3f9a1c2b.js', 'console.log(1)'.repeat(50));
    sites.write('assets/frappe/dist/js/app.3f9a1c2b.js.br', brotliCompressSync('precompressed brotli'));
    sites.write('assets/frappe/dist/js/app.3f9a1c2b.js.gz', gzipSync('precompressed gzip'));
    sites.write('assets/frappe/images/logo.bin', Buffer.from([...Array(100).keys()]));
    sites.write('secret.txt', 'outside assets');
    sites.write('site1.test/site_config.json', '{"db_password":"hunter2"}');
    backend = await startUpstream();
    router = await startRouter({ SITES_PATH: sites.path, BACKEND: backend.address });
  });
  after(async () => {
    await router.close();
    await backend.close();
    sites.remove();
  });

  it('serves the file with type, length, validators and the security headers, without asking the backend', async () => {
    const r = await fetchRaw(router.port, '/assets/frappe/dist/css/desk.bundle.JH6WUE7D.css');
    assert.equal(r.status, 200);
    assert.equal(r.text, css);
    assert.equal(r.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(r.headers['content-length'], String(css.length));
    assert.match(r.headers.etag ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
    assert.ok(r.headers['last-modified']);
    assert.equal(r.headers['accept-ranges'], 'bytes');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(r.headers[k], v, k);
    assert.equal(backend.requests.length, 0);
  });

  it('caches fingerprinted names for a year and others briefly', async () => {
    const hashed = await fetchRaw(router.port, '/assets/frappe/dist/css/desk.bundle.JH6WUE7D.css');
    assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
    const hex = await fetchRaw(router.port, '/assets/frappe/images/logo.bin');
    assert.equal(hex.headers['cache-control'], 'public, max-age=300');
    const word = await fetchRaw(router.port, '/assets/frappe/js/lib/localstorage.js');
    assert.equal(word.headers['cache-control'], 'public, max-age=300');
  });

  it('answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await fetchRaw(router.port, '/assets/frappe/images/logo.bin');
    const etag = first.headers.etag!;
    const byTag = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { 'If-None-Match': etag },
    });
    assert.equal(byTag.status, 304);
    assert.equal(byTag.body.length, 0);
    assert.equal(byTag.headers.etag, etag);
    assert.equal(byTag.headers['x-frame-options'], 'SAMEORIGIN');
    const byDate = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { 'If-Modified-Since': first.headers['last-modified']! },
    });
    assert.equal(byDate.status, 304);
    const stale = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { 'If-None-Match': '"other"' },
    });
    assert.equal(stale.status, 200);
  });

  it('serves byte ranges (206), suffix ranges, and 416 beyond the end', async () => {
    const r = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { Range: 'bytes=10-19' },
    });
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-range'], 'bytes 10-19/100');
    assert.deepEqual([...r.body], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const suffix = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { Range: 'bytes=-3' },
    });
    assert.equal(suffix.status, 206);
    assert.deepEqual([...suffix.body], [97, 98, 99]);
    const beyond = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { Range: 'bytes=100-' },
    });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */100');
    const stale = await fetchRaw(router.port, '/assets/frappe/images/logo.bin', {
      headers: { Range: 'bytes=0-1', 'If-Range': '"old"' },
    });
    assert.equal(stale.status, 200, 'If-Range with another ETag sends the whole file');
    assert.equal(stale.body.length, 100);
  });

  it('sends the precompressed .br or .gz sibling the client accepts', async () => {
    const br = await fetchRaw(router.port, '/assets/frappe/dist/js/app.3f9a1c2b.js', {
      headers: { 'Accept-Encoding': 'gzip, br' },
    });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(br.body.toString(), brotliCompressSync('precompressed brotli').toString());
    const gz = await fetchRaw(router.port, '/assets/frappe/dist/js/app.3f9a1c2b.js', {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), 'precompressed gzip');
    assert.notEqual(gz.headers.etag, br.headers.etag);
    const plain = await fetchRaw(router.port, '/assets/frappe/dist/js/app.3f9a1c2b.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.text, 'console.log(1)'.repeat(50));
  });

  it('compresses other compressible files on the fly', async () => {
    const r = await fetchRaw(router.port, '/assets/frappe/dist/css/desk.bundle.JH6WUE7D.css', {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(r.body).toString(), css);
    assert.match(r.headers.etag ?? '', /^W\//);
  });

  it('answers 404 for a missing asset and never falls through to the backend', async () => {
    const r = await fetchRaw(router.port, '/assets/frappe/missing.js');
    assert.equal(r.status, 404);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const dir = await fetchRaw(router.port, '/assets/frappe/');
    assert.equal(dir.status, 404);
    assert.equal(backend.requests.length, 0);
  });

  it('allows only GET and HEAD', async () => {
    const post = await fetchRaw(router.port, '/assets/frappe/js/lib/localstorage.js', {
      method: 'POST',
      body: 'x',
    });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    const head = await fetchRaw(router.port, '/assets/frappe/js/lib/localstorage.js', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '10');
    assert.equal(head.body.length, 0);
  });

  it('makes path traversal impossible: dot segments, encoded dots and slashes, backslashes, NUL', async () => {
    const attempts = [
      '/assets/../secret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/%2E%2E%2Fsecret.txt',
      '/assets/..%2fsite1.test/site_config.json',
      '/assets/frappe/..%5c..%5csecret.txt',
      '/assets/..\\secret.txt',
      '/assets/frappe/js/lib/localstorage.js%00.png',
      '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/....//secret.txt',
    ];
    for (const path of attempts) {
      const text = await rawExchange(
        router.port,
        `GET ${path} HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n`,
      );
      const status = Number(text.slice(9, 12));
      // Refused, not found, or (once normalised to a path outside /assets, as nginx does) proxied.
      assert.ok(
        status === 400 || status === 404 || (status === 200 && text.includes('{"url":')),
        `${path} → ${status}`,
      );
      assert.doesNotMatch(text, /outside assets|hunter2|root:/, path);
    }
    // `..` inside /assets that stays inside resolves like nginx does.
    const inside = await fetchRaw(router.port, '/assets/frappe/images/../js/lib/localstorage.js');
    assert.equal(inside.status, 200);
    assert.equal(inside.text, 'var a = 1;');
  });
});
