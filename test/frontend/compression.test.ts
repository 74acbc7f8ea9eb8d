// gzip and brotli on proxied responses: only when it helps and never when it would corrupt.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { fetchRaw, startRouter, startUpstream, tempSites, type Upstream } from './helpers.ts';

describe('compression of proxied responses', () => {
  const sites = tempSites();
  const big = JSON.stringify({
    message: Array.from({ length: 100 }, (_, i) => ({ name: `ToDo-${i}`, status: 'Open' })),
  });
  let backend: Upstream;
  let router: FrontendServer;

  before(async () => {
    backend = await startUpstream((req, res) => {
      switch (req.url) {
        case '/api/big':
          res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"', Vary: 'Cookie' });
          res.end(big);
          return;
        case '/api/chunked':
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          res.write(big.slice(0, 1000));
          res.end(big.slice(1000));
          return;
        case '/api/small':
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '11' });
          res.end('{"ok":true}');
          return;
        case '/api/encoded':
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
          res.end(gzipSync(big));
          return;
        case '/api/image':
          res.writeHead(200, { 'Content-Type': 'image/png' });
          res.end(Buffer.alloc(5000, 1));
          return;
        case '/api/partial':
          res.writeHead(206, {
            'Content-Type': 'application/json',
            'Content-Range': `bytes 0-999/${big.length}`,
          });
          res.end(big.slice(0, 1000));
          return;
        case '/api/empty':
          res.writeHead(204, { 'Content-Type': 'application/json' });
          res.end();
          return;
        default:
          res.writeHead(404);
          res.end();
      }
    });
    router = await startRouter({ SITES_PATH: sites.path, BACKEND: backend.address });
  });
  after(async () => {
    await router.close();
    await backend.close();
    sites.remove();
  });

  it('brotli when accepted (preferred), with Vary and a weakened ETag', async () => {
    const r = await fetchRaw(router.port, '/api/big', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    assert.equal(r.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(r.body).toString(), big);
    assert.equal(r.headers['content-length'], undefined);
    assert.equal(r.headers.vary, 'Cookie, Accept-Encoding');
    assert.equal(r.headers.etag, 'W/"v1"');
    assert.ok(r.body.length < big.length / 3);
  });

  it('gzip when only gzip is accepted, also for chunked upstream bodies', async () => {
    const r = await fetchRaw(router.port, '/api/chunked', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(r.body).toString(), big);
  });

  it('honours q=0', async () => {
    const r = await fetchRaw(router.port, '/api/big', {
      headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' },
    });
    assert.equal(r.headers['content-encoding'], 'gzip');
    const none = await fetchRaw(router.port, '/api/big', { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.equal(none.text, big);
    assert.equal(none.headers.vary, 'Cookie, Accept-Encoding');
  });

  it('leaves alone: small bodies, already-encoded ones, images, 206, 204 and HEAD', async () => {
    const ae = { 'Accept-Encoding': 'gzip, br' };
    const small = await fetchRaw(router.port, '/api/small', { headers: ae });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.text, '{"ok":true}');
    const encoded = await fetchRaw(router.port, '/api/encoded', { headers: ae });
    assert.equal(encoded.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(encoded.body).toString(), big, 'not compressed twice');
    const image = await fetchRaw(router.port, '/api/image', { headers: ae });
    assert.equal(image.headers['content-encoding'], undefined);
    assert.equal(image.body.length, 5000);
    const partial = await fetchRaw(router.port, '/api/partial', { headers: ae });
    assert.equal(partial.status, 206);
    assert.equal(partial.headers['content-encoding'], undefined);
    assert.equal(partial.text, big.slice(0, 1000));
    const empty = await fetchRaw(router.port, '/api/empty', { headers: ae });
    assert.equal(empty.status, 204);
    assert.equal(empty.headers['content-encoding'], undefined);
    const head = await fetchRaw(router.port, '/api/big', { method: 'HEAD', headers: ae });
    assert.equal(head.headers['content-encoding'], undefined);
    assert.equal(head.body.length, 0);
  });
});
