// The router on its own thread (how `cortado start` runs it): it serves like the in-process one,
// reports a failed start with the router's own error, and closes gracefully.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { parseFrontendConfig, startFrontendThread } from '../../src/frontend/index.ts';
import { fetchRaw, startUpstream, tempSites } from './helpers.ts';

describe('router thread', () => {
  const sites = tempSites();
  after(() => sites.remove());

  it('serves assets and proxies to the backend, then closes', async () => {
    sites.write('assets/desk/app.3f9a1c2b.css', 'body{}');
    const backend = await startUpstream();
    const router = await startFrontendThread(
      parseFrontendConfig({
        FRONTEND_PORT: '0',
        FRONTEND_HOST: '127.0.0.1',
        SITES_PATH: sites.path,
        BACKEND: backend.address,
      }),
    );
    try {
      const asset = await fetchRaw(router.port, '/assets/desk/app.3f9a1c2b.css');
      assert.equal(asset.status, 200);
      assert.equal(asset.text, 'body{}');
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      const proxied = await fetchRaw(router.port, '/api/method/ping', { headers: { Host: 'site1.test' } });
      assert.equal(proxied.status, 200);
      assert.equal(backend.requests.at(-1)?.headers['x-frappe-site-name'], 'site1.test');
    } finally {
      await router.close(1000);
      await backend.close();
    }
    await assert.rejects(fetchRaw(router.port, '/health'), 'nothing listens once closed');
  });

  it("rejects with the router's error when it cannot listen", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(
        startFrontendThread(
          parseFrontendConfig({
            FRONTEND_PORT: String(port),
            FRONTEND_HOST: '127.0.0.1',
            SITES_PATH: sites.path,
          }),
        ),
        /EADDRINUSE/,
      );
    } finally {
      taken.close();
    }
  });
});
