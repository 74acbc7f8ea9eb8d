import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;

function bootData(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="cortado-boot">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'boot data script present');
  return JSON.parse(match[1]!);
}

for (const kind of databases) {
  describe(`${kind}: login and desk pages`, () => {
    let t: BackendSite;
    const hostileName = '</script><script>alert(1)</script>';
    before(async () => {
      t = await createBackendSite(kind);
      await createUser(t.db, { email: 'evil@example.com', firstName: hostileName, password: 'evil-Pa55' });
      await createUser(t.db, {
        email: 'portal@example.com',
        firstName: 'Pat',
        password: 'portal-Pa55',
        userType: 'Website User',
      });
    });
    after(() => t.close());

    it('sends Guest from /app to the login page, remembering where they were going', async () => {
      const response = await t.app.inject({ url: '/app/todo/new?x=1', headers: { host } });
      assert.equal(response.statusCode, 302);
      assert.equal(
        response.headers.location,
        `/login?redirect-to=${encodeURIComponent('/app/todo/new?x=1')}`,
      );
    });

    it('serves an accessible login form that posts to /api/method/login and returns to a same-origin path', async () => {
      const response = await t.app.inject({ url: '/login?redirect-to=/app/todo', headers: { host } });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.match(response.body, /<label for="usr">/);
      assert.match(response.body, /<label for="pwd">/);
      assert.match(response.body, /autocomplete="current-password"/);
      assert.match(response.body, /fetch\('\/api\/method\/login'/);
      assert.match(response.body, /const target = "\/app\/todo";/);
    });

    it('never redirects off-site after login', async () => {
      for (const target of [
        '//evil.example/x',
        'https://evil.example/',
        '/\\evil.example',
        'javascript:alert(1)',
      ]) {
        const response = await t.app.inject({
          url: `/login?redirect-to=${encodeURIComponent(target)}`,
          headers: { host },
        });
        assert.match(response.body, /const target = "\/app";/, target);
      }
      const sid = await login(t.app);
      const loggedIn = await t.app.inject({
        url: '/login?redirect-to=//evil.example',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(loggedIn.statusCode, 302);
      assert.equal(loggedIn.headers.location, '/app');
    });

    it('serves the desk shell with boot data to a user', async () => {
      const sid = await login(t.app);
      const response = await t.app.inject({ url: '/app', headers: { host, cookie: `sid=${sid}` } });
      assert.equal(response.statusCode, 200);
      const boot = bootData(response.body);
      assert.equal(boot.user, 'Administrator');
      assert.equal(boot.full_name, 'Administrator');
      assert.equal(boot.site, testSite);
      assert.equal(boot.user_type, 'System User');
      assert.match(boot.csrf_token as string, /^[0-9a-f]{56}$/);
      assert.deepEqual(boot.installed_apps, ['frappe'], 'the core is the first installed app');
      assert.deepEqual(Object.keys(boot.versions as object), ['frappe']);
      const versions = await t.app.inject({
        url: '/api/method/frappe.utils.change_log.get_versions',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(versions.statusCode, 200);
      assert.deepEqual(Object.keys(versions.json().message), ['frappe']);
      assert.equal(versions.json().message.frappe.version, (boot.versions as Record<string, string>).frappe);
      assert.match(response.body, /<script src="\/socket\.io\/socket\.io\.js"><\/script>/);
      assert.match(response.body, /io\('\/' \+ boot\.site/);
      const again = await t.app.inject({ url: '/app/todo', headers: { host, cookie: `sid=${sid}` } });
      assert.equal(bootData(again.body).csrf_token, boot.csrf_token, 'one token per session');
    });

    it('escapes boot data so a user-controlled name cannot close the script', async () => {
      const sid = await login(t.app, 'evil@example.com', 'evil-Pa55');
      const response = await t.app.inject({ url: '/app', headers: { host, cookie: `sid=${sid}` } });
      assert.equal(response.statusCode, 200);
      assert.ok(!response.body.includes(hostileName), 'the raw name never appears');
      assert.equal(bootData(response.body).full_name, hostileName, 'but the boot data still carries it');
      assert.equal(response.body.match(/<script/g)?.length, 3, 'no injected script element');
    });

    it('refuses the desk to a website user', async () => {
      const sid = await login(t.app, 'portal@example.com', 'portal-Pa55');
      const response = await t.app.inject({
        url: '/app',
        headers: { host, cookie: `sid=${sid}`, accept: 'text/html' },
      });
      assert.equal(response.statusCode, 403);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
    });

    it('redirects / to /login for Guest and to /app for a user', async () => {
      const guest = await t.app.inject({ url: '/', headers: { host } });
      assert.equal(guest.statusCode, 302);
      assert.equal(guest.headers.location, '/login');
      const sid = await login(t.app);
      const user = await t.app.inject({ url: '/', headers: { host, cookie: `sid=${sid}` } });
      assert.equal(user.headers.location, '/app');
    });
  });
}
