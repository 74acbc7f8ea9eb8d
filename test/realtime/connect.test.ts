// Who may connect to the websocket service, and what a refused client is told.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
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
  refusal,
  roundTrip,
  sidOf,
  startHarness,
  uniqueSite,
} from './support.ts';

for (const backend of backends) {
  describe(`${backend.name}: connecting to the websocket service`, () => {
    let h: Harness;
    const otherSite = uniqueSite('other');
    const sockets: Socket[] = [];
    const track = (socket: Socket) => {
      sockets.push(socket);
      return socket;
    };

    before(async () => {
      h = await startHarness({ backend, extraSites: [otherSite] });
      h.sessions.addToken(h.site, 'key1:secret1', bob);
      h.sessions.addAuthorization(h.site, 'token key2:secret2', bob);
      h.sessions.addSid(h.site, 'guest-sid', { user: 'Guest', userType: 'Website User' });
    });
    after(async () => {
      disconnectAll(...sockets);
      await h.close();
    });

    /** Proves who the socket is: an event published to `user:<user>` reaches it. */
    async function assertIsUser(socket: Socket, user: string) {
      const log = new EventLog(socket);
      await h.publish('whoami', { user }, `user:${user}`);
      const at = await log.waitFor('whoami');
      assert.deepEqual(log.events[at]!.args, [{ user }]);
    }

    test('GET /health answers 200 {"status":"ok"}', async () => {
      const res = await fetch(`http://127.0.0.1:${h.rt.port}/health`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok' });
      assert.equal((await fetch(`http://127.0.0.1:${h.rt.port}/nope`)).status, 404);
    });

    test('a sid cookie authenticates', async () => {
      const socket = track(client(h.rt.port, h.site, { headers: { cookie: `a=1; sid=${sidOf(alice)}` } }));
      await connected(socket);
      await assertIsUser(socket, alice.user);
    });

    test('handshake auth.sid authenticates without cookies', async () => {
      const socket = track(client(h.rt.port, h.site, { auth: { sid: sidOf(alice) } }));
      await connected(socket);
      await assertIsUser(socket, alice.user);
    });

    test('handshake auth.token authenticates', async () => {
      const socket = track(client(h.rt.port, h.site, { auth: { token: 'key1:secret1' } }));
      await connected(socket);
      await assertIsUser(socket, bob.user);
    });

    test('an Authorization header is handed to the resolver and authenticates', async () => {
      const socket = track(client(h.rt.port, h.site, { headers: { authorization: 'token key2:secret2' } }));
      await connected(socket);
      await assertIsUser(socket, bob.user);
      assert.ok(h.sessions.calls.some((c) => c.credentials.authorization === 'token key2:secret2'));
    });

    test('an unknown sid is refused as an invalid or expired session', async () => {
      const error = await refusal(track(client(h.rt.port, h.site, { headers: { cookie: 'sid=nope' } })));
      assert.equal(error.message, 'Unauthorized: invalid or expired session');
      assert.equal(error.data?.code, 'UNAUTHORIZED');
    });

    test('a Guest session is refused', async () => {
      const error = await refusal(track(client(h.rt.port, h.site, { auth: { sid: 'guest-sid' } })));
      assert.equal(error.message, 'Unauthorized: invalid or expired session');
    });

    test('no credentials at all is refused, saying what to send', async () => {
      const error = await refusal(track(client(h.rt.port, h.site)));
      assert.match(error.message, /^Unauthorized: no credentials/);
      assert.equal(error.data?.code, 'NO_CREDENTIALS');
    });

    test('a namespace other than the site is refused', async () => {
      const cookie = `sid=${sidOf(alice)}`;
      const socket = track(
        client(h.rt.port, otherSite, { headers: { cookie, 'X-Frappe-Site-Name': h.site } }),
      );
      const error = await refusal(socket);
      assert.equal(
        error.message,
        `namespace /${otherSite} does not match site ${h.site} (from the X-Frappe-Site-Name header)`,
      );
      assert.equal(error.data?.code, 'NAMESPACE_MISMATCH');
    });

    test('a made-up namespace is refused and not kept on the server', async () => {
      const made = uniqueSite('made-up');
      const socket = track(client(h.rt.port, made, { headers: { 'X-Frappe-Site-Name': h.site } }));
      const error = await refusal(socket);
      assert.match(error.message, new RegExp(`^namespace /${made} does not match site ${h.site}`));
      assert.equal(h.rt.io._nsps.has(`/${made}`), false);
    });

    test('an unknown site is refused with "does not exist"', async () => {
      const ghost = uniqueSite('ghost');
      const error = await refusal(
        track(client(h.rt.port, ghost, { headers: { cookie: `sid=${sidOf(alice)}` } })),
      );
      assert.equal(error.message, `site ${ghost} does not exist (from the X-Frappe-Site-Name header)`);
      assert.equal(error.data?.code, 'SITE_NOT_FOUND');
    });

    test('a foreign Origin is refused (cross-site WebSocket hijacking)', async () => {
      const socket = track(
        client(h.rt.port, h.site, {
          headers: { cookie: `sid=${sidOf(alice)}`, origin: 'https://evil.example' },
          transports: ['websocket'],
        }),
      );
      const error = await refusal(socket);
      assert.equal(
        error.message,
        `origin "https://evil.example" matches neither host 127.0.0.1 nor site ${h.site}`,
      );
      assert.equal(error.data?.code, 'ORIGIN_MISMATCH');
    });

    test('an Origin equal to the site is accepted although Host differs (fixed FRAPPE_SITE_NAME_HEADER)', async () => {
      const socket = track(
        client(h.rt.port, h.site, {
          headers: { cookie: `sid=${sidOf(alice)}`, origin: `https://${h.site}:8443` },
          transports: ['websocket'],
        }),
      );
      await connected(socket);
      await assertIsUser(socket, alice.user);
    });

    test('an Origin equal to the Host is accepted', async () => {
      const socket = track(
        client(h.rt.port, h.site, {
          headers: { cookie: `sid=${sidOf(alice)}`, origin: `http://127.0.0.1:${h.rt.port}` },
        }),
      );
      await connected(socket);
    });

    test('without X-Frappe-Site-Name the site comes from Origin, then from Host', async () => {
      const byOrigin = track(
        client(h.rt.port, h.site, {
          noSiteHeader: true,
          headers: { cookie: `sid=${sidOf(alice)}`, origin: `http://${h.site}` },
          transports: ['websocket'],
        }),
      );
      await connected(byOrigin);
      const byHost = track(
        client(h.rt.port, h.site, {
          noSiteHeader: true,
          headers: { cookie: `sid=${sidOf(alice)}`, host: `${h.site.toUpperCase()}:8080` },
          // The polling client in Node always writes its own Host; the WebSocket client sends ours.
          transports: ['websocket'],
        }),
      );
      await connected(byHost);
      const wrongHost = track(
        client(h.rt.port, h.site, { noSiteHeader: true, headers: { cookie: `sid=${sidOf(alice)}` } }),
      );
      const error = await refusal(wrongHost);
      assert.equal(error.message, 'site 127.0.0.1 does not exist (from the Host header)');
    });

    test('a session store failure is refused with a clear message', async () => {
      const failing = await startHarness({ backend });
      failing.sessions.resolve = async () => {
        throw new Error('store down');
      };
      try {
        const error = await refusal(
          track(client(failing.rt.port, failing.site, { headers: { cookie: `sid=${sidOf(alice)}` } })),
        );
        assert.equal(error.message, 'could not verify the session: session store unavailable');
      } finally {
        await failing.close();
      }
    });

    for (const [name, transports, expected] of [
      ['polling first, then upgrade', undefined, 'polling'],
      ['websocket only', ['websocket'], 'websocket'],
    ] as const) {
      test(`transport: ${name}`, async () => {
        const socket = track(
          client(h.rt.port, h.site, {
            headers: { cookie: `sid=${sidOf(alice)}` },
            transports: transports ? [...transports] : undefined,
          }),
        );
        // The engine is created with the client: its first transport is the one the handshake used.
        assert.equal(socket.io.engine.transport.name, expected);
        const log = new EventLog(socket);
        await connected(socket);
        await roundTrip(socket, log);
        if (socket.io.engine.transport.name !== 'websocket') {
          await once(socket.io.engine, 'upgrade');
        }
        assert.equal(socket.io.engine.transport.name, 'websocket');
        await roundTrip(socket, log);
        await h.publish('hello', { n: 1 }, 'website');
        const at = await log.waitFor('hello');
        assert.deepEqual(log.events[at]!.args, [{ n: 1 }]);
      });
    }
  });
}
