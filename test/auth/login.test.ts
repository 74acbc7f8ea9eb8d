import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionKey } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import {
  adminPassword,
  type BackendSite,
  createBackendSite,
  login,
  setCookies,
  testSite,
} from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;
const sessionCookies = ['sid', 'system_user', 'full_name', 'user_id', 'user_image'];

for (const kind of databases) {
  describe(`${kind}: login, cookies and logout`, () => {
    let t: BackendSite;
    before(async () => {
      t = await createBackendSite(kind, { siteConfig: { rate_limit_login: 3 } });
      await createUser(t.db, {
        email: 'jane@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        password: 'jane-Pa55',
        roles: ['System Manager'],
      });
      await createUser(t.db, {
        email: 'off@example.com',
        firstName: 'Off',
        password: 'off-Pa55',
        enabled: false,
      });
      await createUser(t.db, {
        email: 'portal@example.com',
        firstName: 'Pat',
        password: 'portal-Pa55',
        userType: 'Website User',
      });
      await createUser(t.db, { email: 'locked@example.com', firstName: 'Lock', password: 'lock-Pa55' });
    });
    after(() => t.close());

    it('logs in with JSON and answers as Frappe does, with the session cookies', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host },
        payload: { usr: 'jane@example.com', pwd: 'jane-Pa55' },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { message: 'Logged In', home_page: '/app', full_name: 'Jane Doe' });
      const cookies = setCookies(response);
      assert.match(cookies.sid!.value, /^[0-9a-f]{56}$/);
      assert.equal(cookies.sid!.httpOnly, true);
      assert.equal(cookies.sid!.maxAge, 240 * 3600);
      assert.equal(cookies.system_user!.value, 'yes');
      assert.equal(cookies.full_name!.value, 'Jane Doe');
      assert.equal(cookies.user_id!.value, 'jane@example.com');
      assert.equal(cookies.user_image!.value, '');
      for (const name of sessionCookies) {
        assert.equal(cookies[name]!.sameSite, 'Lax', name);
        assert.equal(cookies[name]!.secure, undefined, `${name} is not Secure over plain http`);
        assert.equal(cookies[name]!.path, '/');
      }
      assert.equal(cookies.full_name!.httpOnly, undefined, 'scripts read full_name');
    });

    it('logs in with a urlencoded form and with cmd=login posted to /', async () => {
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'usr=Administrator&pwd=' + encodeURIComponent(adminPassword),
      });
      assert.equal(form.statusCode, 200);
      assert.equal(form.json().message, 'Logged In');
      const legacy = await t.app.inject({
        method: 'POST',
        url: '/',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'cmd=login&usr=jane%40example.com&pwd=jane-Pa55',
      });
      assert.equal(legacy.statusCode, 200);
      assert.equal(legacy.json().full_name, 'Jane Doe');
      assert.ok(setCookies(legacy).sid?.value);
    });

    it('accepts the user name in any case, and tells a website user there is no desk', async () => {
      assert.ok(await login(t.app, 'JANE@example.com', 'jane-Pa55'));
      const portal = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host },
        payload: { usr: 'portal@example.com', pwd: 'portal-Pa55' },
      });
      assert.equal(portal.json().message, 'No App');
      assert.equal(setCookies(portal).system_user!.value, 'no');
    });

    it('refuses a wrong password with 401 and clears the session cookies', async () => {
      const sid = await login(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host, cookie: `sid=${sid}` },
        payload: { usr: 'Administrator', pwd: 'wrong' },
      });
      assert.equal(response.statusCode, 401);
      const body = response.json();
      assert.equal(body.message, 'Invalid login credentials');
      assert.equal(body.exc_type, 'AuthenticationError');
      for (const key of ['exception', 'exc', '_server_messages'])
        assert.equal(typeof body[key], 'string', key);
      const cookies = setCookies(response);
      for (const name of sessionCookies) {
        assert.equal(cookies[name]?.value, '', `${name} cleared`);
        assert.equal(cookies[name]?.maxAge, 0, `${name} expired`);
      }
    });

    it('refuses unknown users, missing fields and non-string credentials with 401', async () => {
      for (const payload of [
        { usr: 'nobody@example.com', pwd: 'x' },
        { usr: 'Administrator' },
        { usr: { $ne: '' }, pwd: 'x' },
        { usr: 'Guest', pwd: '' },
      ]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          headers: { host },
          payload,
        });
        assert.equal(response.statusCode, 401, JSON.stringify(payload));
        assert.equal(response.json().exc_type, 'AuthenticationError');
      }
    });

    it('refuses a disabled user even with the right password', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host },
        payload: { usr: 'off@example.com', pwd: 'off-Pa55' },
      });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().message, 'User disabled or missing');
    });

    it('marks cookies Secure when a trusted proxy says https, and ignores the header from anyone else', async () => {
      const viaProxy = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host, 'x-forwarded-proto': 'https' },
        remoteAddress: '127.0.0.1',
        payload: { usr: 'jane@example.com', pwd: 'jane-Pa55' },
      });
      for (const name of sessionCookies) assert.equal(setCookies(viaProxy)[name]!.secure, true, name);
      const spoofed = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host, 'x-forwarded-proto': 'https' },
        remoteAddress: '203.0.113.7',
        payload: { usr: 'jane@example.com', pwd: 'jane-Pa55' },
      });
      assert.equal(spoofed.statusCode, 200);
      for (const name of sessionCookies) assert.equal(setCookies(spoofed)[name]!.secure, undefined, name);
    });

    it('re-sends the session cookies on every authenticated request', async () => {
      const sid = await login(t.app, 'jane@example.com', 'jane-Pa55');
      const response = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.deepEqual(response.json(), { message: 'jane@example.com' });
      const cookies = setCookies(response);
      assert.equal(cookies.sid!.value, sid);
      assert.equal(cookies.user_id!.value, 'jane@example.com');
    });

    it('answers get_logged_user for Guest with 403', async () => {
      const response = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().exc_type, 'PermissionError');
    });

    it('accepts the sid as a query or form parameter', async () => {
      const sid = await login(t.app);
      const query = await t.app.inject({
        url: `/api/method/frappe.auth.get_logged_user?sid=${sid}`,
        headers: { host },
      });
      assert.deepEqual(query.json(), { message: 'Administrator' });
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `sid=${sid}`,
      });
      assert.deepEqual(form.json(), { message: 'Administrator' });
    });

    it('logs out: the session ends and the cookies are cleared', async () => {
      const sid = await login(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/logout',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {});
      const cookies = setCookies(response);
      for (const name of sessionCookies) assert.equal(cookies[name]?.maxAge, 0, name);
      const after = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.equal(after.statusCode, 403);
      const rows = await t.db.all(`select sid from ${t.db.dialect.quote('tabSessions')} where sid = ?`, [
        sessionKey(sid),
      ]);
      assert.equal(rows.length, 0);
    });

    it('answers realtime get_user_info for users and Guest', async () => {
      const guest = await t.app.inject({
        url: '/api/method/frappe.realtime.get_user_info',
        headers: { host },
      });
      assert.deepEqual(guest.json(), { message: { user: 'Guest', user_type: 'Website User' } });
      const sid = await login(t.app);
      const user = await t.app.inject({
        url: '/api/method/frappe.realtime.get_user_info',
        headers: { host, cookie: `sid=${sid}` },
      });
      assert.deepEqual(user.json(), { message: { user: 'Administrator', user_type: 'System User' } });
    });

    it('refuses login over GET, so a password never sits in a URL', async () => {
      const response = await t.app.inject({
        url: `/api/method/login?usr=Administrator&pwd=${adminPassword}`,
        headers: { host },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(setCookies(response).sid, undefined);
    });

    it('rate-limits failed logins per user, from any address: 429 after the limit, before any password check', async () => {
      const attempt = (pwd: string, remoteAddress = '127.0.0.1', usr = 'locked@example.com') =>
        t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          headers: { host },
          remoteAddress,
          payload: { usr, pwd },
        });
      for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong', `10.9.0.${i}`)).statusCode, 401);
      const limited = await attempt('lock-Pa55');
      assert.equal(limited.statusCode, 429, 'even the right password is refused once over the limit');
      assert.equal(limited.json().exc_type, 'RateLimitExceededError');
      assert.equal(setCookies(limited).sid, undefined);
      const otherClient = await attempt('lock-Pa55', '10.9.1.1');
      assert.equal(otherClient.statusCode, 429, 'another address is locked out of that account too');
      const otherUser = await attempt('jane-Pa55', '127.0.0.1', 'jane@example.com');
      assert.equal(otherUser.statusCode, 200, 'the address itself is not locked out of other accounts');
    });

    it('counts Administrator and its email as one account', async () => {
      const attempt = (usr: string, pwd: string) =>
        t.app.inject({ method: 'POST', url: '/api/method/login', headers: { host }, payload: { usr, pwd } });
      try {
        assert.equal((await attempt('Administrator', 'wrong')).statusCode, 401);
        assert.equal((await attempt('admin@example.com', 'wrong')).statusCode, 401);
        assert.equal((await attempt('ADMIN@example.com ', 'wrong')).statusCode, 401);
        assert.equal((await attempt('administrator', adminPassword)).statusCode, 429);
      } finally {
        await t.cache.delPrefix(`${host}|login-failures|`);
      }
      assert.equal((await attempt('admin@example.com', adminPassword)).statusCode, 200);
    });

    it('does not let a client on the trusted network rotate X-Forwarded-For past the limit', async () => {
      const attempt = (pwd: string, forwarded: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          headers: { host, 'x-forwarded-for': forwarded },
          payload: { usr: 'jane@example.com', pwd },
        });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong', `203.0.113.${i}`)).statusCode, 401);
        assert.equal((await attempt('jane-Pa55', '203.0.113.99')).statusCode, 429);
      } finally {
        await t.cache.delPrefix(`${host}|login-failures|`);
      }
    });

    it('limits one address guessing across many accounts (five times the per-user limit)', async () => {
      const attempt = (usr: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          headers: { host },
          remoteAddress: '10.7.7.7',
          payload: { usr, pwd: 'wrong' },
        });
      try {
        for (let i = 0; i < 15; i++) assert.equal((await attempt(`sprayed${i}@example.com`)).statusCode, 401);
        assert.equal((await attempt('sprayed-next@example.com')).statusCode, 429);
      } finally {
        await t.cache.delPrefix(`${host}|login-failures|`);
      }
    });
  });
}
