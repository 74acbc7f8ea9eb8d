// A socket authenticates once; when its session ends (user disabled, deleted, new password) it must go.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import { sessionsEndedChannel } from '../../src/auth/session-ends.ts';
import {
  alice,
  backends,
  bob,
  client,
  connected,
  disconnectAll,
  EventLog,
  type Harness,
  once,
  roundTrip,
  sidOf,
  startHarness,
} from './support.ts';

for (const backend of backends) {
  describe(`${backend.name}: sockets of ended sessions`, () => {
    let h: Harness;
    const sockets: Socket[] = [];
    const open = async (options: Parameters<typeof client>[2]) => {
      const socket = client(h.rt.port, h.site, options);
      sockets.push(socket);
      await connected(socket);
      return socket;
    };
    const announce = (message: Record<string, unknown>) =>
      h.bus.publish(sessionsEndedChannel, JSON.stringify({ site: h.site, ...message }));
    const stillUp = async (socket: Socket) => {
      assert.equal(socket.connected, true);
      await roundTrip(socket, new EventLog(socket));
    };

    before(async () => {
      h = await startHarness({ backend });
      h.sessions.addSid(h.site, 'sid-alice-1', { ...alice, session: 'key-1' });
      h.sessions.addSid(h.site, 'sid-alice-2', { ...alice, session: 'key-2' });
      h.sessions.addToken(h.site, 'k:s', alice);
    });
    after(async () => {
      disconnectAll(...sockets);
      await h.close();
    });

    test('an ended session drops its sockets only; everything drops every socket of the user', async () => {
      const first = await open({ headers: { cookie: 'sid=sid-alice-1' } });
      const second = await open({ headers: { cookie: 'sid=sid-alice-2' } });
      const token = await open({ auth: { token: 'k:s' } });
      const other = await open({ headers: { cookie: `sid=${sidOf(bob)}` } });

      const gone = once(first, 'disconnect');
      await announce({ user: alice.user, sessions: ['key-1'], everything: false });
      assert.equal(await gone, 'io server disconnect');
      await stillUp(second);
      await stillUp(token);

      const secondGone = once(second, 'disconnect');
      const tokenGone = once(token, 'disconnect');
      await announce({ user: alice.user, sessions: [], everything: true });
      assert.equal(await secondGone, 'io server disconnect');
      assert.equal(await tokenGone, 'io server disconnect');
      await stillUp(other);
    });

    test('ignores a malformed announcement and one for another user', async () => {
      const socket = await open({ headers: { cookie: 'sid=sid-alice-1' } });
      const marker = await open({ headers: { cookie: 'sid=sid-alice-2' } });
      await h.bus.publish(sessionsEndedChannel, 'not json');
      await h.bus.publish(sessionsEndedChannel, JSON.stringify({ site: h.site, user: alice.user }));
      await announce({ user: bob.user, sessions: ['key-1'], everything: true });
      // Announcements arrive in order: once this one has dropped the marker, the ones above were handled.
      const markerGone = once(marker, 'disconnect');
      await announce({ user: alice.user, sessions: ['key-2'], everything: false });
      await markerGone;
      await stillUp(socket);
    });
  });
}
