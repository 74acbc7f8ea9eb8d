import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newSid, sessionKey } from '../../src/auth/sessions.ts';
import { migrateSite } from '../../src/site/migrate-site.ts';
import { type BackendSite, createBackendSite, login, setCookies, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;
const hour = 3600 * 1000;

for (const kind of databases) {
  describe(`${kind}: sessions`, () => {
    let t: BackendSite;
    before(async () => {
      // 10 hours idle expiry: sessions refresh at most every 10 minutes while used.
      t = await createBackendSite(kind, { siteConfig: { session_expiry: '10:00:00' } });
    });
    after(() => t.close());

    const whoAmI = (sid: string) =>
      t.app.inject({
        url: '/api/method/frappe.realtime.get_user_info',
        headers: { host, cookie: `sid=${sid}` },
      });

    it('stores the session durably: it survives losing the cache', async () => {
      const sid = await login(t.app);
      const row = await t.db.one<{ user: string; sessiondata: string }>(
        `select ${t.db.dialect.quote('user')}, sessiondata from ${t.db.dialect.quote('tabSessions')} where sid = ?`,
        [sessionKey(sid)],
      );
      assert.equal(row?.user, 'Administrator');
      await t.cache.delPrefix('');
      assert.equal((await whoAmI(sid)).json().message.user, 'Administrator');
      assert.ok(await t.cache.get(`${testSite}|session|${sessionKey(sid)}`), 'the table refilled the cache');
    });

    it('uses the session expiry from the config for the sid cookie', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { host },
        payload: { usr: 'Administrator', pwd: 'admin-Pa55' },
      });
      assert.equal(setCookies(response).sid!.maxAge, 10 * 3600);
    });

    it('ends a session idle for longer than its expiry: Guest again, cookies cleared, session_expired', async () => {
      const sid = await login(t.app);
      t.clock.now += 10 * hour + 1000;
      const response = await whoAmI(sid);
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        message: { user: 'Guest', user_type: 'Website User' },
        session_expired: 1,
      });
      assert.equal(setCookies(response).sid?.maxAge, 0);
      const rows = await t.db.all(`select sid from ${t.db.dialect.quote('tabSessions')} where sid = ?`, [
        sessionKey(sid),
      ]);
      assert.equal(rows.length, 0, 'the expired session row is gone');
    });

    it('keeps a session alive while it is used (idle expiry, refreshed on use)', async () => {
      const sid = await login(t.app);
      for (let i = 0; i < 3; i++) {
        t.clock.now += 6 * hour; // 18 hours in all, never 10 idle
        assert.equal((await whoAmI(sid)).json().message.user, 'Administrator');
      }
      await t.cache.delPrefix('');
      t.clock.now += 6 * hour;
      assert.equal(
        (await whoAmI(sid)).json().message.user,
        'Administrator',
        'the refresh reached the table too',
      );
    });

    it('does not write the session on every request', async () => {
      const sid = await login(t.app);
      const read = async () =>
        (
          await t.db.one<{ lastupdate: unknown }>(
            `select lastupdate from ${t.db.dialect.quote('tabSessions')} where sid = ?`,
            [sessionKey(sid)],
          )
        )?.lastupdate;
      const before = String(await read());
      t.clock.now += 60 * 1000;
      await whoAmI(sid);
      assert.equal(String(await read()), before, 'a minute later: no write');
      t.clock.now += 20 * 60 * 1000;
      await whoAmI(sid);
      assert.notEqual(String(await read()), before, 'twenty minutes later: refreshed');
    });

    it('keeps no session id at rest: a key in the table and cache, no CSRF token; migrate drops rows keyed by sid', async () => {
      const sid = await login(t.app);
      const page = await t.app.inject({ url: '/app', headers: { host, cookie: `sid=${sid}` } });
      assert.equal(page.statusCode, 200);
      const q = t.db.dialect.quote;
      const stored = await t.db.all<Record<string, unknown>>(`select * from ${q('tabSessions')}`);
      const cached = await t.cache.get(`${testSite}|session|${sessionKey(sid)}`);
      const everything = JSON.stringify(stored) + String(cached);
      assert.ok(!everything.includes(sid), 'no sid stored');
      assert.ok(!/"csrfToken"/.test(everything), 'no CSRF token stored');
      assert.match(String(cached), /"csrf":1/, 'only that one was handed out');

      const legacy = newSid();
      await t.db.run(
        `insert into ${q('tabSessions')} (name, sid, ${q('user')}, sessiondata) values (?, ?, 'Administrator', '{}')`,
        [legacy, legacy],
      );
      await migrateSite(t.db);
      const left = (await t.db.all<{ sid: string }>(`select sid from ${q('tabSessions')}`)).map((r) => r.sid);
      assert.ok(!left.includes(legacy), 'the row keyed by a sid is gone');
      assert.ok(left.includes(sessionKey(sid)), 'keyed sessions stay');
      assert.equal((await whoAmI(sid)).json().message.user, 'Administrator');
    });

    it('treats an unknown or malformed sid as Guest and clears the cookies', async () => {
      for (const sid of ['0'.repeat(56), 'not-a-sid', `${'a'.repeat(56)}; user_id=Administrator`]) {
        const response = await t.app.inject({
          url: '/api/method/frappe.auth.get_logged_user',
          headers: { host, cookie: `sid=${encodeURIComponent(sid)}` },
        });
        assert.equal(response.statusCode, 403, sid);
        assert.equal(response.json().session_expired, 1);
        assert.equal(setCookies(response).sid?.maxAge, 0);
      }
    });
  });
}
