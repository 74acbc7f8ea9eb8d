// BACKEND as a list of DNS names: balanced across every resolved address, re-resolved when a
// connection fails, and failing addresses skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  fetchRaw,
  memoryLogger,
  startRouter,
  startUpstream,
  tempSites,
  type Upstream,
  until,
} from './helpers.ts';

const sites = tempSites();
after(() => sites.remove());

describe('upstream pools', () => {
  let a: Upstream;
  let b: Upstream;
  let c: Upstream;
  before(async () => {
    a = await startUpstream(undefined, '127.0.0.1');
    b = await startUpstream(undefined, '127.0.0.2', a.port);
    c = await startUpstream(undefined, '127.0.0.1');
  });
  after(async () => {
    await Promise.all([a.close(), b.close(), c.close()]);
  });
  const reset = () => {
    for (const u of [a, b, c]) u.requests.length = 0;
  };

  it('balances across all resolved addresses of all entries', async () => {
    reset();
    const lookup = async (host: string) =>
      host === 'backend.internal' ? ['127.0.0.1', '127.0.0.2'] : ['127.0.0.1'];
    const router = await startRouter(
      { SITES_PATH: sites.path, BACKEND: `backend.internal:${a.port}, backend-2.internal:${c.port}` },
      { lookup },
    );
    try {
      for (let i = 0; i < 6; i++) assert.equal((await fetchRaw(router.port, `/api/n/${i}`)).status, 200);
      assert.deepEqual(
        [a.requests.length, b.requests.length, c.requests.length],
        [2, 2, 2],
        'every address got its share',
      );
    } finally {
      await router.close();
    }
  });

  it('re-resolves DNS when a connection fails, and the same request succeeds on the new address', async () => {
    reset();
    let lookups = 0;
    let moved = false;
    // The backend "container" is recreated with a new address between two requests.
    const lookup = async () => {
      lookups++;
      return [moved ? '127.0.0.1' : '127.0.0.3'];
    };
    const { logger, lines } = memoryLogger('info');
    const router = await startRouter(
      { SITES_PATH: sites.path, BACKEND: `backend.internal:${a.port}` },
      { lookup, logger },
    );
    try {
      await until(() => lookups === 1, 'first resolution');
      moved = true;
      const r = await fetchRaw(router.port, '/api/after-move');
      assert.equal(r.status, 200);
      assert.equal(a.requests.at(-1)?.url, '/api/after-move');
      assert.ok(lookups >= 2, 're-resolved on failure');
      assert.ok(lines.some((l) => l.level === 40 && l.address === `127.0.0.3:${a.port}`));
    } finally {
      await router.close();
    }
  });

  it('skips an address that refuses connections; requests (with bodies too) still succeed', async () => {
    reset();
    const lookup = async () => ['127.0.0.3', '127.0.0.1'];
    const router = await startRouter(
      { SITES_PATH: sites.path, BACKEND: `backend.internal:${a.port}` },
      { lookup },
    );
    try {
      for (let i = 0; i < 4; i++) {
        assert.equal((await fetchRaw(router.port, `/api/get/${i}`)).status, 200);
        assert.equal(
          (await fetchRaw(router.port, `/api/post/${i}`, { method: 'POST', body: 'payload' })).status,
          200,
        );
      }
      assert.equal(a.requests.length, 8);
      assert.ok(a.requests.filter((r) => r.method === 'POST').every((r) => r.body.toString() === 'payload'));
    } finally {
      await router.close();
    }
  });
});
