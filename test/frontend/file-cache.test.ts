// Files are served from memory, but never a stale copy: a rebuilt, replaced or deleted file is seen
// on its very next request, and the memory kept stays within its budget.
import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { FileCache } from '../../src/frontend/file-cache.ts';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { fetchRaw, startRouter, startUpstream, tempSites, type Upstream } from './helpers.ts';

describe('static files from memory', () => {
  const sites = tempSites();
  let backend: Upstream;
  let router: FrontendServer;

  before(async () => {
    backend = await startUpstream();
    router = await startRouter({ SITES_PATH: sites.path, BACKEND: backend.address });
  });
  after(async () => {
    await router.close();
    await backend.close();
    sites.remove();
  });

  it('serves a file rewritten in place with its new content, even at the same size', async () => {
    const file = sites.write('assets/frappe/js/app.js', 'var v = 1;');
    assert.equal((await fetchRaw(router.port, '/assets/frappe/js/app.js')).text, 'var v = 1;');
    writeFileSync(file, 'var v = 2;');
    assert.equal((await fetchRaw(router.port, '/assets/frappe/js/app.js')).text, 'var v = 2;');
  });

  it('serves a file replaced by a rename (how builds publish) and forgets a deleted one', async () => {
    const file = sites.write('assets/frappe/css/site.css', 'a{}');
    assert.equal((await fetchRaw(router.port, '/assets/frappe/css/site.css')).text, 'a{}');
    const staged = sites.write('assets/frappe/css/.site.css.tmp', 'b{color:red}');
    renameSync(staged, file);
    const replaced = await fetchRaw(router.port, '/assets/frappe/css/site.css');
    assert.equal(replaced.text, 'b{color:red}');
    assert.equal(replaced.headers['content-length'], '12');
    rmSync(file);
    assert.equal((await fetchRaw(router.port, '/assets/frappe/css/site.css')).status, 404);
  });

  it('compresses a file once and compresses its new content after a rebuild', async () => {
    const css = (c: string) => `.${c}{margin:0}`.repeat(60);
    const file = sites.write('assets/frappe/css/big.css', css('x'));
    const gz = { headers: { 'Accept-Encoding': 'gzip' } };
    const first = await fetchRaw(router.port, '/assets/frappe/css/big.css', gz);
    assert.equal(first.headers['content-encoding'], 'gzip');
    assert.equal(first.headers['content-length'], String(first.body.length));
    assert.equal(gunzipSync(first.body).toString(), css('x'));
    writeFileSync(file, css('y'));
    const second = await fetchRaw(router.port, '/assets/frappe/css/big.css', gz);
    assert.equal(gunzipSync(second.body).toString(), css('y'));
  });

  it('serves a public file changed after its first request', async () => {
    const file = sites.write('site1.test/public/files/note.txt', 'first');
    const headers = { headers: { Host: 'site1.test' } };
    assert.equal((await fetchRaw(router.port, '/files/note.txt', headers)).text, 'first');
    writeFileSync(file, 'second version');
    assert.equal((await fetchRaw(router.port, '/files/note.txt', headers)).text, 'second version');
  });
});

describe('FileCache', () => {
  const sites = tempSites();
  after(() => sites.remove());

  it('keeps no more than its budget, and files over the size limit are left on disk', async () => {
    const cache = new FileCache({ maxBytes: 100, maxFileBytes: 60 });
    const paths = ['a', 'b', 'c', 'd'].map((n) => sites.write(`f/${n}.txt`, n.repeat(40)));
    for (const path of paths) {
      const file = await cache.lookup(path);
      assert.ok(file && 'body' in file);
      assert.equal(file.body.toString(), file.body.toString()[0]!.repeat(40));
      assert.ok(cache.bytes <= 100, `${cache.bytes} bytes kept`);
    }
    const large = await cache.lookup(sites.write('f/large.txt', 'x'.repeat(61)));
    assert.ok(large && 'stats' in large);
    assert.equal(await cache.lookup(join(sites.path, 'f/missing.txt')), undefined);
    assert.equal(await cache.lookup(join(sites.path, 'f')), undefined, 'a directory is no file');
  });
});
