// Rule 7: X-Accel-Redirect from the backend makes the router send the private file itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { fetchRaw, startRouter, startUpstream, tempSites, type Upstream } from './helpers.ts';

describe('rule 7: X-Accel-Redirect', () => {
  const sites = tempSites();
  const pdf = `%PDF-1.4 ${'0123456789'.repeat(50)}`;
  let backend: Upstream;
  let router: FrontendServer;

  before(async () => {
    sites.write('site1.test/private/files/report 2024.pdf', pdf);
    sites.write('other.test/private/files/report 2024.pdf', 'the other site');
    sites.write('site1.test/site_config.json', '{"db_password":"hunter2"}');
    backend = await startUpstream((req, res) => {
      const target = new URL(req.url, 'http://x').searchParams.get('target') ?? '';
      res.writeHead(200, {
        'X-Accel-Redirect': target,
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'inline; filename="report 2024.pdf"',
        'Set-Cookie': 'seen=1; Path=/',
        'X-Backend-Only': 'dropped',
      });
      res.end();
    });
    router = await startRouter({ SITES_PATH: sites.path, BACKEND: backend.address });
  });
  after(async () => {
    await router.close();
    await backend.close();
    sites.remove();
  });

  const via = (target: string) => `/api/method/download?target=${encodeURIComponent(target)}`;

  it("serves sites/<site>/<path> with the backend's Content-Type and Content-Disposition", async () => {
    const r = await fetchRaw(router.port, via('/protected/private/files/report%202024.pdf'));
    assert.equal(r.status, 200);
    assert.equal(r.text, pdf);
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.equal(r.headers['content-disposition'], 'inline; filename="report 2024.pdf"');
    assert.deepEqual(r.headers['set-cookie'], ['seen=1; Path=/']);
    assert.equal(r.headers['x-accel-redirect'], undefined);
    assert.equal(r.headers['x-backend-only'], undefined);
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(backend.requests.at(-1)!.headers['x-use-x-accel-redirect'], 'True');
  });

  it('uses the resolved site', async () => {
    const r = await fetchRaw(router.port, via('/protected/private/files/report%202024.pdf'), {
      headers: { Host: 'other.test' },
    });
    assert.equal(r.text, 'the other site');
  });

  it('supports Range', async () => {
    const r = await fetchRaw(router.port, via('/protected/private/files/report%202024.pdf'), {
      headers: { Range: 'bytes=0-7' },
    });
    assert.equal(r.status, 206);
    assert.equal(r.text, '%PDF-1.4');
    assert.equal(r.headers['content-range'], `bytes 0-7/${pdf.length}`);
    assert.equal(r.headers['content-type'], 'application/pdf');
  });

  it('answers 404 for a missing file or a target outside /protected/ or the site folder', async () => {
    for (const target of [
      '/protected/private/files/nope.pdf',
      '/protected/../site1.test/site_config.json',
      '/protected/%2e%2e/%2e%2e/etc/passwd',
      '/assets/x.js',
    ]) {
      const r = await fetchRaw(router.port, via(target));
      assert.equal(r.status, 404, target);
      assert.doesNotMatch(r.text, /hunter2|root:/);
    }
  });
});
