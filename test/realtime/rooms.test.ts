// Which sockets a bus event reaches: rooms joined on connect, subscriptions, and what malformed input does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import { realtimeChannel } from '../../src/bus/bus.ts';
import { systemUsersOnly } from '../../src/realtime/system-users-only.ts';
import {
  alice,
  backends,
  bob,
  connectAs,
  disconnectAll,
  EventLog,
  type Harness,
  roundTrip,
  startHarness,
  TestPermissions,
  walt,
} from './support.ts';

for (const backend of backends) {
  describe(`${backend.name}: rooms joined on connect`, () => {
    let h: Harness;
    let sockets: Record<'alice' | 'bob' | 'walt', Socket>;
    let logs: Record<'alice' | 'bob' | 'walt', EventLog>;

    before(async () => {
      h = await startHarness({ backend });
      const [a, b, w] = await Promise.all([connectAs(h, alice), connectAs(h, bob), connectAs(h, walt)]);
      sockets = { alice: a, bob: b, walt: w };
      logs = { alice: new EventLog(a), bob: new EventLog(b), walt: new EventLog(w) };
    });
    after(async () => {
      disconnectAll(...Object.values(sockets));
      await h.close();
    });

    /** Publishes `event` to `room`, then a marker to `website`; returns who got `event` before the marker. */
    async function deliveredTo(event: string, room: string | null, site = h.site): Promise<string[]> {
      const marker = `${event}-marker`;
      await h.publish(event, { room }, room, site);
      await h.publish(marker, {}, 'website');
      const got: string[] = [];
      for (const [name, log] of Object.entries(logs)) {
        const at = await log.waitFor(marker);
        if (log.events.slice(0, at).some((e) => e.event === event)) got.push(name);
      }
      return got.sort();
    }

    test('user:<user> reaches only that user', async () => {
      assert.deepEqual(await deliveredTo('for-alice', `user:${alice.user}`), ['alice']);
    });

    test('all reaches System Users only; website reaches everyone', async () => {
      assert.deepEqual(await deliveredTo('for-all', 'all'), ['alice', 'bob']);
      assert.deepEqual(await deliveredTo('for-website', 'website'), ['alice', 'bob', 'walt']);
    });

    test('an empty room reaches every socket of the namespace', async () => {
      assert.deepEqual(await deliveredTo('for-everyone', null), ['alice', 'bob', 'walt']);
    });

    test("another site's events do not reach this site", async () => {
      assert.deepEqual(await deliveredTo('elsewhere', null, 'another-site.test'), []);
    });

    test('the message travels unchanged', async () => {
      const message = { doctype: 'ToDo', nested: { list: [1, 'two', null] }, text: 'héllo' };
      await h.publish('payload', message, `user:${bob.user}`);
      const at = await logs.bob.waitFor('payload');
      assert.deepEqual(logs.bob.events[at]!.args, [message]);
    });

    test('ping is answered with pong', async () => {
      await roundTrip(sockets.walt, logs.walt);
      assert.ok(logs.walt.named('pong').length >= 1);
    });

    test('invalid bus payloads and reserved event names are ignored; later events still arrive', async () => {
      const from = logs.alice.events.length;
      await h.bus.publish(realtimeChannel, 'not json');
      await h.bus.publish(realtimeChannel, JSON.stringify({ event: 42, namespace: h.site }));
      await h.publish('disconnect', {}, `user:${alice.user}`);
      await h.publish('list_update', { name: 'no doctype' }, null);
      await h.publish('after-junk', {}, `user:${alice.user}`);
      const at = await logs.alice.waitFor('after-junk', undefined, from);
      assert.deepEqual(
        logs.alice.events.slice(from, at).map((e) => e.event),
        [],
      );
      assert.equal(sockets.alice.connected, true);
    });
  });

  describe(`${backend.name}: subscriptions`, () => {
    let h: Harness;
    const permissions = new TestPermissions((doctype, name) => doctype !== 'Secret' && name !== 'hidden');
    const open: Socket[] = [];

    before(async () => {
      h = await startHarness({ backend, permissions });
    });
    after(async () => {
      disconnectAll(...open);
      await h.close();
    });

    async function connect(who = alice): Promise<{ socket: Socket; log: EventLog }> {
      const socket = await connectAs(h, who);
      open.push(socket);
      return { socket, log: new EventLog(socket) };
    }

    /** Publishes each `[event, message, room]`, then a marker to the user; returns the events received before it. */
    async function received(log: EventLog, user: string, sends: Array<[string, unknown, string | null]>) {
      const from = log.events.length;
      for (const [event, message, room] of sends) await h.publish(event, message, room);
      await h.publish('marker', {}, `user:${user}`);
      const at = await log.waitFor('marker', undefined, from);
      return log.events.slice(from, at).map((e) => [e.event, e.args[0]]);
    }

    test('doctype_subscribe joins doctype:<dt> when permitted; list_update goes there whatever its room', async () => {
      const { socket, log } = await connect();
      socket.emit('doctype_subscribe', 'ToDo');
      socket.emit('doctype_subscribe', 'Secret');
      await roundTrip(socket, log);
      const got = await received(log, alice.user, [
        ['list_update', { doctype: 'Secret', name: 's1' }, null],
        ['list_update', { doctype: 'ToDo', name: 't1' }, 'all'],
      ]);
      assert.deepEqual(got, [['list_update', { doctype: 'ToDo', name: 't1' }]]);
    });

    test('doctype_unsubscribe stops list updates', async () => {
      const { socket, log } = await connect();
      socket.emit('doctype_subscribe', 'ToDo');
      await roundTrip(socket, log);
      socket.emit('doctype_unsubscribe', 'ToDo');
      await roundTrip(socket, log);
      assert.deepEqual(await received(log, alice.user, [['list_update', { doctype: 'ToDo' }, null]]), []);
    });

    test('doc_subscribe joins doc:<dt>/<name> only when the document is readable; doc_unsubscribe leaves', async () => {
      const { socket, log } = await connect();
      socket.emit('doc_subscribe', 'ToDo', 'TD-1');
      socket.emit('doc_subscribe', 'ToDo', 'hidden');
      await roundTrip(socket, log);
      const got = await received(log, alice.user, [
        ['docinfo_update', { n: 'hidden' }, 'doc:ToDo/hidden'],
        ['docinfo_update', { n: 'TD-1' }, 'doc:ToDo/TD-1'],
      ]);
      assert.deepEqual(got, [['docinfo_update', { n: 'TD-1' }]]);
      socket.emit('doc_unsubscribe', 'ToDo', 'TD-1');
      await roundTrip(socket, log);
      assert.deepEqual(await received(log, alice.user, [['docinfo_update', {}, 'doc:ToDo/TD-1']]), []);
    });

    test('task_subscribe and progress_subscribe join task_progress:<id>; task_unsubscribe leaves', async () => {
      const { socket, log } = await connect(walt);
      socket.emit('task_subscribe', 'job-1');
      socket.emit('progress_subscribe', 'job-2');
      await roundTrip(socket, log);
      const got = await received(log, walt.user, [
        ['progress', { task: 1 }, 'task_progress:job-1'],
        ['progress', { task: 2 }, 'task_progress:job-2'],
      ]);
      assert.deepEqual(got, [
        ['progress', { task: 1 }],
        ['progress', { task: 2 }],
      ]);
      socket.emit('task_unsubscribe', 'job-1');
      await roundTrip(socket, log);
      assert.deepEqual(
        await received(log, walt.user, [['progress', { task: 1 }, 'task_progress:job-1']]),
        [],
      );
    });

    test('an unsubscribe while the permission check runs wins over the subscribe', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let markAsked!: () => void;
      const asked = new Promise<void>((resolve) => {
        markAsked = resolve;
      });
      const slow = await startHarness({
        backend,
        permissions: {
          canReadDoctype: async () => {
            markAsked();
            await gate;
            return true;
          },
          canReadDoc: async () => true,
        },
      });
      try {
        const socket = await connectAs(slow, alice);
        const log = new EventLog(socket);
        socket.emit('doctype_subscribe', 'ToDo');
        await asked;
        socket.emit('doctype_unsubscribe', 'ToDo');
        await roundTrip(socket, log);
        release();
        await roundTrip(socket, log);
        await slow.publish('list_update', { doctype: 'ToDo' }, null);
        await slow.publish('marker', {}, `user:${alice.user}`);
        await log.waitFor('marker');
        assert.equal(log.named('list_update').length, 0);
        socket.disconnect();
      } finally {
        await slow.close();
      }
    });

    test('malformed client messages are ignored, never reach the checker, and the socket keeps working', async () => {
      const { socket, log } = await connect(bob);
      const asked = permissions.calls.length;
      const junk: unknown[][] = [
        [],
        [null],
        [42],
        [{ doctype: 'ToDo' }],
        [['ToDo']],
        [''],
        ['x'.repeat(141)],
        ['To\u0000Do'],
        ['A/B'],
      ];
      for (const event of ['doctype_subscribe', 'doc_subscribe', 'doc_open', 'doc_close', 'task_subscribe']) {
        for (const args of junk) socket.emit(event, ...args);
      }
      socket.emit('doc_subscribe', 'ToDo', { name: 1 });
      socket.emit('doc_open', 'ToDo', 'y'.repeat(141));
      socket.emit('no_such_event', 'ToDo');
      socket.emit('ping', 'unexpected', { args: true });
      await roundTrip(socket, log);
      assert.equal(permissions.calls.length, asked, 'no permission check for malformed input');
      socket.emit('doctype_subscribe', 'ToDo');
      await roundTrip(socket, log);
      const got = await received(log, bob.user, [['list_update', { doctype: 'ToDo' }, null]]);
      assert.deepEqual(got, [['list_update', { doctype: 'ToDo' }]]);
    });

    test('a checker that throws is a refusal, not a crash', async () => {
      const throwing = await startHarness({
        backend,
        permissions: {
          canReadDoctype: async () => {
            throw new Error('permission engine down');
          },
          canReadDoc: async () => true,
        },
      });
      try {
        const socket = await connectAs(throwing, alice);
        const log = new EventLog(socket);
        socket.emit('doctype_subscribe', 'ToDo');
        await roundTrip(socket, log);
        await throwing.publish('list_update', { doctype: 'ToDo' }, null);
        await throwing.publish('marker', {}, `user:${alice.user}`);
        await log.waitFor('marker');
        assert.equal(log.named('list_update').length, 0);
        socket.disconnect();
      } finally {
        await throwing.close();
      }
    });
  });

  describe(`${backend.name}: systemUsersOnly, the default permission rule`, () => {
    let h: Harness;
    const open: Socket[] = [];
    before(async () => {
      h = await startHarness({ backend, permissions: systemUsersOnly });
    });
    after(async () => {
      disconnectAll(...open);
      await h.close();
    });

    test('System Users may subscribe to a DocType, Website Users may not', async () => {
      const logs: EventLog[] = [];
      for (const who of [alice, walt]) {
        const socket = await connectAs(h, who);
        open.push(socket);
        const log = new EventLog(socket);
        logs.push(log);
        socket.emit('doctype_subscribe', 'ToDo');
        socket.emit('doc_subscribe', 'ToDo', 'TD-1');
        await roundTrip(socket, log);
      }
      await h.publish('list_update', { doctype: 'ToDo' }, null);
      await h.publish('doc_update', {}, 'doc:ToDo/TD-1');
      await h.publish('marker', {}, 'website');
      const [aliceLog, waltLog] = logs as [EventLog, EventLog];
      await aliceLog.waitFor('marker');
      await waltLog.waitFor('marker');
      assert.deepEqual(
        aliceLog.events.map((e) => e.event).filter((e) => e !== 'pong'),
        ['list_update', 'doc_update', 'marker'],
      );
      assert.deepEqual(
        waltLog.events.map((e) => e.event).filter((e) => e !== 'pong'),
        ['marker'],
      );
    });
  });
}
