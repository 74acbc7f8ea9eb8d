import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: site resolution`, () => {
    let t: BackendSite;
    const lines: Array<Record<string, unknown>> = [];
    before(async () => {
      const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
      t = await createBackendSite(kind, { logger });
    });
    after(() => t.close());

    it('serves the site named by the Host header, lowercased and without its port', async () => {
      const response = await t.app.inject({
        url: '/api/method/ping',
        headers: { host: 'TEST.localhost:8080' },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { message: 'pong' });
    });

    it('prefers X-Frappe-Site-Name over Host', async () => {
      const response = await t.app.inject({
        url: '/api/method/ping',
        headers: { host: 'localhost:8000', 'x-frappe-site-name': testSite },
      });
      assert.equal(response.statusCode, 200);
    });

    it('answers an unknown site with 404 "<site> does not exist" in the Frappe envelope', async () => {
      const response = await t.app.inject({ url: '/api/method/ping', headers: { host: 'other.localhost' } });
      assert.equal(response.statusCode, 404);
      const body = response.json();
      assert.equal(body.exc_type, 'IncorrectSitePath');
      assert.match(
        body.exception,
        /^frappe\.exceptions\.IncorrectSitePath: other\.localhost does not exist\. A request names its site by the X-Frappe-Site-Name header.*FRAPPE_SITE_NAME_HEADER/,
      );
      assert.equal(typeof body.exc, 'string');
      assert.match(
        JSON.parse(JSON.parse(body._server_messages)[0]).message,
        /^other\.localhost does not exist\. .*FRAPPE_SITE_NAME_HEADER=<site> on the router\.$/,
      );
    });

    it('logs which site a request resolved to and why, and each miss as a warning', async () => {
      lines.length = 0;
      await t.app.inject({ url: '/api/method/ping', headers: { host: 'test.localhost:8080' } });
      await t.app.inject({
        url: '/api/method/ping',
        headers: { host: 'localhost', 'x-frappe-site-name': 'typo.localhost' },
      });
      const resolved = lines.find((l) => l.msg === 'site resolved');
      assert.equal(resolved?.site, testSite);
      assert.equal(resolved?.source, 'host');
      assert.ok(resolved?.reqId, 'with the request id');
      const miss = lines.find((l) => l.msg === 'unknown site');
      assert.equal(miss?.level, 40);
      assert.equal(miss?.site, 'typo.localhost');
      assert.equal(miss?.source, 'header');
    });

    it('answers an unknown site with an HTML page for browsers', async () => {
      const response = await t.app.inject({
        url: '/app',
        headers: { host: 'other.localhost', accept: 'text/html' },
      });
      assert.equal(response.statusCode, 404);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.ok(response.body.includes('other.localhost does not exist'));
    });

    it('treats hostile Host and site headers as unknown sites, never as paths', async () => {
      const hostile = ['..', '../sites', 'a/b', '[::1]:8000', 'x'.repeat(300), '<script>.localhost', ''];
      for (const host of hostile) {
        const response = await t.app.inject({
          url: '/api/method/ping',
          headers: { host: 'localhost', 'x-frappe-site-name': host },
        });
        // An empty header falls back to Host ("localhost"), which is not a site either.
        assert.equal(response.statusCode, 404, host);
        assert.equal(response.json().exc_type, 'IncorrectSitePath', host);
      }
      const html = await t.app.inject({ url: '/', headers: { host: '<b>x</b>', accept: 'text/html' } });
      assert.equal(html.statusCode, 404);
      assert.ok(!html.body.includes('<b>x</b>'));
    });

    it('answers a Host naming a file or folder under sites/ that is no site as an unknown site (404)', async () => {
      const sites = t.bench.sitesPath;
      writeFileSync(join(sites, 'currentsite.txt'), `${testSite}\n`);
      writeFileSync(join(sites, 'plain.file'), 'x');
      mkdirSync(join(sites, 'odd.localhost', 'site_config.json'), { recursive: true });
      try {
        const hosts = ['currentsite.txt', 'CurrentSite.TXT:8000', 'common_site_config.json', 'plain.file'];
        for (const host of [...hosts, 'odd.localhost', 'assets']) {
          const api = await t.app.inject({ url: '/api/method/ping', headers: { host } });
          assert.equal(api.statusCode, 404, host);
          assert.equal(api.json().exc_type, 'IncorrectSitePath', host);
          const page = await t.app.inject({ url: '/app', headers: { host, accept: 'text/html' } });
          assert.equal(page.statusCode, 404, host);
        }
      } finally {
        rmSync(join(sites, 'currentsite.txt'), { force: true });
        rmSync(join(sites, 'plain.file'), { force: true });
        rmSync(join(sites, 'odd.localhost'), { recursive: true, force: true });
      }
    });

    it('answers 503 SessionStopped while the site is in maintenance mode', async () => {
      t.bench.updateSiteConfig(testSite, { maintenance_mode: 1 });
      t.app.backend.sites.invalidate(testSite);
      try {
        const response = await t.app.inject({ url: '/api/method/ping', headers: { host: testSite } });
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().exc_type, 'SessionStopped');
        assert.equal((await t.app.inject({ url: '/health', headers: { host: testSite } })).statusCode, 200);
      } finally {
        t.bench.updateSiteConfig(testSite, { maintenance_mode: 0 });
        t.app.backend.sites.invalidate(testSite);
      }
      assert.equal(
        (await t.app.inject({ url: '/api/method/ping', headers: { host: testSite } })).statusCode,
        200,
      );
    });

    it('answers /health without any site', async () => {
      const response = await t.app.inject({ url: '/health', headers: { host: 'nowhere.invalid' } });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok' });
    });
  });
}
