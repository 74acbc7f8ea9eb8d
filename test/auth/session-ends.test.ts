import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as ioClient } from 'socket.io-client';
import { createCredentialResolver } from '../../src/auth/credentials.ts';
import { sessionsEndedChannel } from '../../src/auth/session-ends.ts';
import { SessionStore, sessionKey } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import { createLogger } from '../../src/config/log.ts';
import { startRealtime } from '../../src/realtime/start-realtime.ts';
import { systemUsersOnly } from '../../src/realtime/system-users-only.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';

const host = testSite;
const password = 'jane-Pa55word';

for (const kind of databases) {
  describe(`${kind}: a user's sessions end with their access`, () => {
    let t: BackendSite;
    let admin: string;
    let n = 0;
    before(async () => {
      t = await createBackendSite(kind);
      admin = await login(t.app);
    });
    after(() => t.close());

    // A fresh System Manager per test, so each starts with no sessions and nothing throttled.
    const newUser = async () => {
      const email = `user${++n}@example.com`;
      await createUser(t.db, { email, firstName: 'U', password, roles: ['System Manager'] });
      return email;
    };
    const as = (sid: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { host, cookie: `sid=${sid}` }, ...(payload ? { payload } : {}) });
    const whoIs = async (sid: string) => {
      const response = await as(sid, 'GET', '/api/method/frappe.auth.get_logged_user');
      return response.statusCode === 200
        ? response.json().message
        : response.json().session_expired && 'ended';
    };
    const rows = async (user: string) =>
      (
        await t.db.all(
          `select sid from ${t.db.dialect.quote('tabSessions')} where ${t.db.dialect.quote('user')} = ?`,
          [user],
        )
      ).length;
    const cached = (sid: string) => t.cache.get(`${host}|session|${sessionKey(sid)}`);
    const announcements = async () => {
      const seen: Array<Record<string, unknown>> = [];
      const stop = await t.bus.subscribe(sessionsEndedChannel, (m) => seen.push(JSON.parse(m)));
      return { seen, stop };
    };

    it('disabling a user ends every session of theirs: table, cache, and the old cookie reads and writes nothing', async () => {
      const user = await newUser();
      const [one, two] = [await login(t.app, user, password), await login(t.app, user, password)];
      assert.equal(await whoIs(one), user);
      const resolved = await t.app.backend.resolveCredentials(host, { sid: one });
      assert.equal(
        resolved?.session,
        sessionKey(one),
        'the websocket service learns which session a socket is',
      );
      const heard = await announcements();
      const disabled = await as(admin, 'PUT', `/api/resource/User/${user}`, { enabled: 0 });
      assert.equal(disabled.statusCode, 200, disabled.body);
      await until(() => heard.seen.length > 0, 'sessions_ended announced');
      await heard.stop();
      assert.equal(await rows(user), 0);
      for (const sid of [one, two]) {
        assert.equal(await cached(sid), undefined);
        assert.equal(await whoIs(sid), 'ended');
        const write = await as(sid, 'POST', '/api/resource/ToDo', { description: 'after disable' });
        assert.equal(write.statusCode, 403, 'a write with the old cookie is a Guest write');
      }
      assert.equal(heard.seen.length, 1);
      assert.deepEqual(
        { ...heard.seen[0], sessions: [...(heard.seen[0]!.sessions as string[])].sort() },
        { site: host, user, sessions: [sessionKey(one), sessionKey(two)].sort(), everything: true },
      );
      assert.equal(await whoIs(admin), 'Administrator', 'the administrator who did it is still signed in');
    });

    it('a new password set by someone else ends all the user’s sessions', async () => {
      const user = await newUser();
      const sid = await login(t.app, user, password);
      const changed = await as(admin, 'PUT', `/api/resource/User/${user}`, { new_password: 'next-Pa55word' });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(await whoIs(sid), 'ended');
      assert.equal(await rows(user), 0);
      assert.equal(await whoIs(await login(t.app, user, 'next-Pa55word')), user, 'the new password works');
    });

    it('a user changing their own password keeps the session that did it and ends the others', async () => {
      const user = await newUser();
      const [here, elsewhere] = [await login(t.app, user, password), await login(t.app, user, password)];
      const changed = await as(here, 'PUT', `/api/resource/User/${user}`, { new_password: 'mine-Pa55word' });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(await whoIs(here), user);
      assert.equal(await whoIs(elsewhere), 'ended');
      assert.equal(await rows(user), 1);
    });

    it('keeps the sessions when the user’s logout_all_sessions is off (Frappe’s switch)', async () => {
      const user = await newUser();
      const sid = await login(t.app, user, password);
      const changed = await as(admin, 'PUT', `/api/resource/User/${user}`, {
        logout_all_sessions: 0,
        new_password: 'kept-Pa55word',
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(await whoIs(sid), user);
    });

    it('a failed change ends nothing (the rows come back with the rollback)', async () => {
      const user = await newUser();
      const sid = await login(t.app, user, password);
      const refused = await as(admin, 'PUT', `/api/resource/User/${user}`, {
        new_password: 'other-Pa55word',
        api_secret: '1234',
      });
      assert.equal(refused.statusCode, 417, refused.body);
      assert.equal(await whoIs(sid), user);
      assert.equal(await rows(user), 1);
    });

    it('deleting a user with sessions deletes them with the user: no LinkExistsError, no session id in the reply', async () => {
      const user = await newUser();
      const sid = await login(t.app, user, password);
      const deleted = await as(admin, 'DELETE', `/api/resource/User/${user}`);
      assert.ok(deleted.statusCode < 300, deleted.body);
      assert.ok(!deleted.body.includes(sid) && !deleted.body.includes(sessionKey(sid)));
      assert.equal(await rows(user), 0);
      assert.equal(await whoIs(sid), 'ended');
    });

    it('disconnects the websocket of a session that ended (the service shares the backend’s bus and store)', async () => {
      const rt = await startRealtime({
        port: 0,
        host: '127.0.0.1',
        bench: t.bench,
        bus: t.bus,
        sessions: { resolve: createCredentialResolver({ databases: { get: () => t.db }, cache: t.cache }) },
        permissions: systemUsersOnly,
        logger: createLogger('realtime-test', 'silent'),
      });
      const user = await newUser();
      const sid = await login(t.app, user, password);
      const socket = ioClient(`http://127.0.0.1:${rt.port}/${host}`, {
        forceNew: true,
        reconnection: false,
        extraHeaders: { 'X-Frappe-Site-Name': host, cookie: `sid=${sid}` },
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        const reason = new Promise((resolve) => socket.once('disconnect', resolve));
        const disabled = await as(admin, 'PUT', `/api/resource/User/${user}`, { enabled: 0 });
        assert.equal(disabled.statusCode, 200, disabled.body);
        assert.equal(
          await Promise.race([reason, until(() => false, 'the socket to be disconnected').catch((e) => e)]),
          'io server disconnect',
        );
      } finally {
        socket.disconnect();
        await rt.close();
      }
    });

    it('never caches an ended session again: a refresh finding its row gone ends it', async () => {
      const store = new SessionStore({ cache: t.cache, now: () => t.clock.now });
      const user = await newUser();
      const session = await store.create(
        host,
        t.db,
        { user, userType: 'System User', fullName: 'U', userImage: '' },
        {
          ip: '127.0.0.1',
          expiry: 3600,
        },
      );
      // Another process ended it: the row is gone, this cache still holds it (as it would for a moment).
      await t.db.run(`delete from ${t.db.dialect.quote('tabSessions')} where sid = ?`, [session.key]);
      t.clock.now += 20 * 60 * 1000; // due for a refresh
      assert.equal(await store.resolve(host, t.db, session.sid), undefined);
      assert.equal(await cached(session.sid), undefined);
    });
  });
}
