// The router's own answers when upstreams are down, slow or the request is bad: clear pages, the
// security headers on all of them, and a process that survives hostile input.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import {
  fetchRaw,
  freePort,
  memoryLogger,
  rawExchange,
  SECURITY_HEADERS,
  startRouter,
  startUpstream,
  tempSites,
  type Upstream,
} from './helpers.ts';

const sites = tempSites();
after(() => sites.remove());

function assertFrappeError(text: string, excType: string): void {
  const body = JSON.parse(text);
  assert.equal(body.exc_type, excType);
  assert.equal(typeof body.exception, 'string');
  const exc = JSON.parse(body.exc);
  assert.ok(Array.isArray(exc) && exc.every((s: unknown) => typeof s === 'string'));
  const messages = JSON.parse(body._server_messages).map((m: string) => JSON.parse(m));
  assert.equal(messages.length, 1);
  assert.equal(messages[0].indicator, 'red');
  assert.equal(typeof messages[0].message, 'string');
  assert.equal(typeof messages[0].title, 'string');
}

describe('502 when the backend is down, and recovery without a restart', () => {
  it('HTML for browsers, Frappe JSON under /api/, security headers, warn log with the address; then 200 once it is up', async () => {
    const port = await freePort();
    const { logger, lines } = memoryLogger('info');
    const router = await startRouter({ SITES_PATH: sites.path, BACKEND: `127.0.0.1:${port}` }, { logger });
    let backend: Upstream | undefined;
    try {
      const page = await fetchRaw(router.port, '/app/todo', { headers: { Accept: 'text/html' } });
      assert.equal(page.status, 502);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      assert.match(page.text, /502 Bad Gateway/);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(page.headers[k], v, k);

      const api = await fetchRaw(router.port, '/api/method/ping');
      assert.equal(api.status, 502);
      assert.match(api.headers['content-type'] ?? '', /^application\/json/);
      assertFrappeError(api.text, 'BadGateway');

      const warn = lines.find((l) => l.level === 40 && l.address === `127.0.0.1:${port}`);
      assert.ok(warn, 'upstream failure logged at warn with its address');

      backend = await startUpstream(undefined, '127.0.0.1', port);
      const ok = await fetchRaw(router.port, '/api/method/ping');
      assert.equal(ok.status, 200);
      assert.equal(JSON.parse(ok.text).url, '/api/method/ping');
    } finally {
      await router.close();
      await backend?.close();
    }
  });
});

describe('504 when the backend is slower than PROXY_READ_TIMEOUT', () => {
  it('answers 504 (JSON under /api/) and frees the upstream', async () => {
    const hung: (() => void)[] = [];
    const backend = await startUpstream((_req, res) => hung.push(() => res.end()));
    const router = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      PROXY_READ_TIMEOUT: '0.05',
    });
    try {
      const r = await fetchRaw(router.port, '/api/method/slow');
      assert.equal(r.status, 504);
      assertFrappeError(r.text, 'GatewayTimeout');
      const page = await fetchRaw(router.port, '/app/slow');
      assert.equal(page.status, 504);
      assert.match(page.text, /504 Gateway Timeout/);
      assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
    } finally {
      for (const end of hung) end();
      await router.close();
      await backend.close();
    }
  });
});

describe('503 while no backend address resolves, and DNS recovery', () => {
  it('is not fatal at start, answers 503, then proxies once the name resolves', async () => {
    const backend = await startUpstream();
    let resolvable = false;
    const lookup = async (host: string) => {
      assert.equal(host, 'backend.internal');
      if (!resolvable)
        throw Object.assign(new Error('getaddrinfo ENOTFOUND backend.internal'), { code: 'ENOTFOUND' });
      return ['127.0.0.1'];
    };
    const router = await startRouter(
      {
        SITES_PATH: sites.path,
        BACKEND: `backend.internal:${backend.port}`,
        UPSTREAM_RESOLVE_INTERVAL: '0.02',
      },
      { lookup },
    );
    try {
      const r = await fetchRaw(router.port, '/api/method/ping');
      assert.equal(r.status, 503);
      assertFrappeError(r.text, 'ServiceUnavailable');
      resolvable = true;
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        status = (await fetchRaw(router.port, '/api/method/ping')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(status, 200);
    } finally {
      await router.close();
      await backend.close();
    }
  });
});

describe('CLIENT_MAX_BODY_SIZE', () => {
  let backend: Upstream;
  let router: FrontendServer;
  before(async () => {
    backend = await startUpstream();
    router = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      CLIENT_MAX_BODY_SIZE: '1k',
    });
  });
  after(async () => {
    await router.close();
    await backend.close();
  });

  it('413 for an announced body over the limit, before the backend sees it', async () => {
    const before = backend.requests.length;
    const r = await fetchRaw(router.port, '/api/method/upload', { method: 'POST', body: 'x'.repeat(1025) });
    assert.equal(r.status, 413);
    assertFrappeError(r.text, 'RequestEntityTooLarge');
    assert.equal(backend.requests.length, before);
    const ok = await fetchRaw(router.port, '/api/method/upload', { method: 'POST', body: 'x'.repeat(1024) });
    assert.equal(ok.status, 200);
  });

  it('413 for a chunked body that grows over the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: router.port,
          path: '/api/method/upload',
          method: 'POST',
          headers: { Host: 'site1.test', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('x'.repeat(600));
      req.write('x'.repeat(600));
      req.end();
    });
    assert.equal(status, 413);
  });

  it('413 on Expect: 100-continue without sending 100 first', async () => {
    const text = await rawExchange(
      router.port,
      'POST /api/method/upload HTTP/1.1\r\nHost: site1.test\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.match(text, /^HTTP\/1\.1 413 /);
  });
});

describe('hostile and malformed input', () => {
  let backend: Upstream;
  let router: FrontendServer;
  before(async () => {
    backend = await startUpstream();
    router = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      SOCKETIO: backend.address,
    });
  });
  after(async () => {
    await router.close();
    await backend.close();
  });

  const status = (text: string) => Number(text.slice(9, 12));

  it('400 for bad Host headers and bad URLs, with the security headers', async () => {
    const requests = [
      'GET / HTTP/1.1\r\nHost: ../../etc\r\n',
      'GET / HTTP/1.1\r\nHost: a/b\r\n',
      'GET / HTTP/1.1\r\nHost: example.com:80:80\r\n',
      'GET / HTTP/1.1\r\nHost: [::1\r\n',
      'GET / HTTP/1.1\r\nHost: \r\n',
      'GET / HTTP/1.1\r\n',
      'GET /%zz HTTP/1.1\r\nHost: site1.test\r\n',
      'GET /a%00b HTTP/1.1\r\nHost: site1.test\r\n',
      'GET /../../etc/passwd HTTP/1.1\r\nHost: site1.test\r\n',
      'GET * HTTP/1.1\r\nHost: site1.test\r\n',
      'GET ftp://x/ HTTP/1.1\r\nHost: site1.test\r\n',
      'GARBAGE\r\n',
    ];
    for (const head of requests) {
      const text = await rawExchange(router.port, `${head}Connection: close\r\n\r\n`);
      assert.equal(status(text), 400, JSON.stringify(head));
      assert.match(text, /X-Frame-Options: SAMEORIGIN/i, JSON.stringify(head));
    }
  });

  it('accepts IPv6 and absolute-form request lines', async () => {
    const v6 = await rawExchange(
      router.port,
      'GET /api/x HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n',
    );
    assert.equal(status(v6), 200);
    assert.equal(backend.requests.at(-1)!.headers['x-frappe-site-name'], '[::1]');
    const absolute = await rawExchange(
      router.port,
      'GET http://Site1.test:8080/api/y?z=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n',
    );
    assert.equal(status(absolute), 200);
    assert.equal(backend.requests.at(-1)!.url, '/api/y?z=1');
    assert.equal(backend.requests.at(-1)!.headers['x-frappe-site-name'], 'site1.test');
  });

  it('431 for oversized or too many headers', async () => {
    const huge = await rawExchange(
      router.port,
      `GET / HTTP/1.1\r\nHost: site1.test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    assert.equal(status(huge), 431);
    assert.match(huge, /X-Content-Type-Options: nosniff/i);
    const many = Array.from({ length: 150 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const count = await rawExchange(
      router.port,
      `GET / HTTP/1.1\r\nHost: site1.test\r\n${many}Connection: close\r\n\r\n`,
    );
    assert.equal(status(count), 431);
  });

  it('a 431 to a HEAD has no body, whether Node or the router refused the headers', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    for (const headers of [`X-Big: ${'a'.repeat(20_000)}\r\n`, many]) {
      const text = await rawExchange(
        router.port,
        `HEAD /api/method/ping HTTP/1.1\r\nHost: site1.test\r\n${headers}Connection: close\r\n\r\n`,
      );
      assert.equal(status(text), 431);
      assert.equal(text.slice(text.indexOf('\r\n\r\n') + 4), '', 'nothing after the head');
    }
  });

  it('405 for CONNECT and TRACE', async () => {
    const trace = await rawExchange(
      router.port,
      'TRACE / HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n',
    );
    assert.equal(status(trace), 405);
  });

  it('survives invalid sids and odd upgrade requests, and keeps serving', async () => {
    const attempts = [
      'GET /socket.io/?EIO=4&transport=polling&sid= HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n',
      `GET /socket.io/?EIO=4&transport=polling&sid=${'z'.repeat(5000)} HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n`,
      'GET /socket.io/?sid=ffffffff.%ZZ&sid=&&&= HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n',
      'GET /socket.io/?EIO=4&transport=websocket&sid=00000000. HTTP/1.1\r\nHost: site1.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      'GET /socket.io/ HTTP/1.1\r\nHost: a/b\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    ];
    // (The upstream here is a plain HTTP server: a tunnel to it stays open until it closes, so
    // only the first bytes of each answer are awaited.)
    for (const text of attempts)
      assert.match(await rawExchange(router.port, text, { firstData: true }), /^HTTP\/1\.1 /);
    const h2c = await rawExchange(
      router.port,
      'GET /api/method/ping HTTP/1.1\r\nHost: site1.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n',
    );
    assert.equal(status(h2c), 200, 'a non-WebSocket upgrade is answered as plain HTTP');
    assert.equal(backend.requests.at(-1)!.headers.upgrade, undefined);
    const health = await fetchRaw(router.port, '/health');
    assert.equal(health.status, 200);
  });
});
