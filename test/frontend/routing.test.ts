// Rules 2 and 4-6, the health endpoint and what the backend receives.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import {
  fetchRaw,
  memoryLogger,
  rawExchange,
  SECURITY_HEADERS,
  startRouter,
  startUpstream,
  tempSites,
  type Upstream,
} from './helpers.ts';

describe('routing rules', () => {
  const sites = tempSites();
  let backend: Upstream;
  let router: FrontendServer;

  before(async () => {
    sites.write('site1.test/public/files/logo.png', 'png bytes');
    sites.write('site1.test/public/files/page.html', '<script>alert(1)</script>');
    sites.write('site1.test/public/files/drawing.SVG', '<svg/>');
    sites.write('site1.test/public/robots.txt', 'User-agent: *');
    sites.write('site1.test/private/files/secret.pdf', 'private');
    sites.write('other.test/public/files/logo.png', 'other site logo');
    backend = await startUpstream((req, res) => {
      if (req.url === '/api/method/login') {
        res.writeHead(302, { Location: 'http://site1.test:8080/app' });
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ url: req.url, method: req.method, body: req.body.toString() }));
    });
    router = await startRouter({ SITES_PATH: sites.path, BACKEND: backend.address });
  });
  after(async () => {
    await router.close();
    await backend.close();
    sites.remove();
  });

  it('GET /health answers 200 {"status":"ok"} from the router itself', async () => {
    const before = backend.requests.length;
    const r = await fetchRaw(router.port, '/health');
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(backend.requests.length, before);
    const withQuery = await fetchRaw(router.port, '/health?probe=liveness');
    assert.equal(withQuery.status, 200);
    assert.equal(backend.requests.length, before);
  });

  it('keeps client connections alive for 15 s', async () => {
    const r = await fetchRaw(router.port, '/health', { headers: { Connection: 'keep-alive' } });
    assert.equal(r.headers.connection, 'keep-alive');
    assert.equal(r.headers['keep-alive'], 'timeout=15');
  });

  it('rule 2: /protected/* is 404 from outside, however it is spelled', async () => {
    for (const path of [
      '/protected/private/files/secret.pdf',
      '/%70rotected/private/files/secret.pdf',
      '/x/../protected/a',
    ]) {
      const r = await fetchRaw(router.port, path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.text, /private/);
    }
    assert.equal(backend.requests.filter((q) => q.url.includes('protected')).length, 0);
  });

  it('rule 4: 301 with a relative Location for trailing /, /index.html and .html, keeping the query', async () => {
    const cases: [string, string][] = [
      ['/app/todo/', '/app/todo'],
      ['/app/todo/?filter=1&x=%20', '/app/todo?filter=1&x=%20'],
      ['/about/index.html', '/about'],
      ['/about.html?lang=fr', '/about?lang=fr'],
      ['/index.html', '/index'],
    ];
    for (const [from, to] of cases) {
      const r = await fetchRaw(router.port, from);
      assert.equal(r.status, 301, from);
      assert.equal(r.headers.location, to, from);
      assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    }
    const root = await fetchRaw(router.port, '/');
    assert.equal(root.status, 200, '/ itself is not redirected');
  });

  it('rule 4: a redirect never points to another host', async () => {
    for (const path of ['//evil.example/', '/\\evil.example/', '//evil.example/index.html']) {
      const text = await rawExchange(
        router.port,
        `GET ${path} HTTP/1.1\r\nHost: site1.test\r\nConnection: close\r\n\r\n`,
      );
      const location = /\r\nLocation: ([^\r]*)/i.exec(text)?.[1];
      assert.ok(location, path);
      assert.match(location, /^\/[^/\\]/, `${path} → ${location}`);
    }
  });

  it('rule 5: serves sites/<site>/public/<path> for the Host site, else the backend', async () => {
    const logo = await fetchRaw(router.port, '/files/logo.png');
    assert.equal(logo.status, 200);
    assert.equal(logo.text, 'png bytes');
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.equal(logo.headers['content-disposition'], undefined);
    const robots = await fetchRaw(router.port, '/robots.txt');
    assert.equal(robots.text, 'User-agent: *');
    const other = await fetchRaw(router.port, '/files/logo.png', { headers: { Host: 'other.test' } });
    assert.equal(other.text, 'other site logo');
    const missing = await fetchRaw(router.port, '/files/missing.png');
    assert.equal(
      JSON.parse(missing.text).url,
      '/files/missing.png',
      'missing public file goes to the backend',
    );
  });

  it('rule 5: /files/*.html, .svg, .xml are forced to download and not redirected', async () => {
    const html = await fetchRaw(router.port, '/files/page.html');
    assert.equal(html.status, 200);
    assert.equal(html.headers['content-disposition'], 'attachment');
    const svg = await fetchRaw(router.port, '/files/drawing.SVG');
    assert.equal(svg.headers['content-disposition'], 'attachment');
  });

  it('rule 6: the backend gets the site, Host, client address, scheme and X-Use-X-Accel-Redirect', async () => {
    const r = await fetchRaw(router.port, '/api/method/ping?x=1', {
      headers: {
        Host: 'Site1.Test:8080',
        'X-Frappe-Site-Name': 'spoofed.test',
        Cookie: 'sid=abc',
        'X-Custom': 'kept',
      },
    });
    assert.equal(r.status, 200);
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.url, '/api/method/ping?x=1');
    assert.equal(seen.headers['x-frappe-site-name'], 'site1.test');
    assert.equal(seen.headers.host, 'Site1.Test:8080');
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(seen.headers['x-use-x-accel-redirect'], 'True');
    assert.equal(seen.headers.cookie, 'sid=abc');
    assert.equal(seen.headers['x-custom'], 'kept');
    assert.equal(seen.rawHeaders.filter((h) => h.toLowerCase() === 'x-frappe-site-name').length, 1);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(r.headers[k], v, k);
  });

  it('rule 6: hop-by-hop headers are not forwarded', async () => {
    await fetchRaw(router.port, '/api/method/ping', {
      headers: {
        Connection: 'keep-alive, X-Secret-Hop',
        'X-Secret-Hop': '1',
        'Proxy-Authorization': 'Basic x',
        TE: 'trailers',
      },
    });
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.headers['x-secret-hop'], undefined);
    assert.equal(seen.headers['proxy-authorization'], undefined);
    assert.equal(seen.headers.te, undefined);
  });

  it("rule 6: the backend's redirects are passed through unchanged", async () => {
    const r = await fetchRaw(router.port, '/api/method/login', { method: 'POST', body: 'usr=a' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, 'http://site1.test:8080/app');
  });

  it('rule 6: request bodies are forwarded, with a length or chunked', async () => {
    const sized = await fetchRaw(router.port, '/api/resource/ToDo', {
      method: 'POST',
      body: 'a'.repeat(100_000),
    });
    assert.equal(JSON.parse(sized.text).body.length, 100_000);
    const chunked = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: router.port,
          path: '/api/resource/ToDo',
          method: 'PUT',
          headers: { Host: 'site1.test', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.write('first,');
      req.write('second');
      req.end();
    });
    assert.equal(JSON.parse(chunked).body, 'first,second');
  });

  it('rule 6: responses stream: the first part reaches the client before the backend finishes', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write('part one;');
      void released.then(() => res.end('part two'));
    });
    const r2 = await startRouter({ SITES_PATH: sites.path, BACKEND: slow.address });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: r2.port, path: '/api/method/stream', headers: { Host: 'site1.test' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => {
              text += c;
              // Only once the first part arrived does the backend send the rest: a buffering
              // proxy would never get here.
              if (text === 'part one;') release();
            });
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.equal(body, 'part one;part two');
    } finally {
      await r2.close();
      await slow.close();
    }
  });

  it('with a fixed FRAPPE_SITE_NAME_HEADER every request is that site, and a Host mismatch is logged at debug', async () => {
    const { logger, lines } = memoryLogger('debug');
    const fixed = await startRouter(
      { SITES_PATH: sites.path, BACKEND: backend.address, FRAPPE_SITE_NAME_HEADER: 'other.test' },
      { logger },
    );
    try {
      const start = lines.find((l) => l.msg === 'frontend router listening');
      assert.match(String(start?.siteName), /fixed to other\.test/);
      const r = await fetchRaw(fixed.port, '/files/logo.png', { headers: { Host: 'site1.test:8080' } });
      assert.equal(r.text, 'other site logo');
      await fetchRaw(fixed.port, '/api/method/ping', { headers: { Host: 'localhost' } });
      assert.equal(backend.requests.at(-1)!.headers['x-frappe-site-name'], 'other.test');
      assert.equal(backend.requests.at(-1)!.headers.host, 'localhost');
      const mismatch = lines.find((l) => String(l.msg).includes('Host differs') && l.host === 'localhost');
      assert.equal(mismatch?.level, 20);
      assert.equal(mismatch?.site, 'other.test');
    } finally {
      await fixed.close();
    }
  });

  it('logs the routing and the site header mode at start', async () => {
    const { logger, lines } = memoryLogger('info');
    const r = await startRouter(
      { SITES_PATH: sites.path, BACKEND: 'backend-a:8000,backend-b:8000' },
      { logger, lookup: async () => ['127.0.0.1'] },
    );
    await r.close();
    const start = lines.find((l) => l.msg === 'frontend router listening') as {
      routes: Record<string, unknown>;
      siteName: string;
    };
    assert.deepEqual(start.routes['*'], ['backend-a:8000', 'backend-b:8000']);
    assert.match(start.siteName, /\$host/);
  });
});
