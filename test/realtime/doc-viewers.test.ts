// doc_viewers: who has a form open, as told to everyone viewing it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { DocViewers } from '../../src/realtime/events.ts';
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
} from './support.ts';

const viewersOf = (docname: string, users: string[]) => (arg: unknown) => {
  const v = arg as DocViewers;
  return v.doctype === 'ToDo' && v.docname === docname && JSON.stringify(v.users) === JSON.stringify(users);
};

for (const backend of backends) {
  describe(`${backend.name}: doc_viewers`, () => {
    let h: Harness;
    const open: Socket[] = [];
    before(async () => {
      h = await startHarness({ backend, permissions: new TestPermissions((_dt, name) => name !== 'hidden') });
    });
    after(async () => {
      disconnectAll(...open);
      await h.close();
    });

    async function connect(who: typeof alice) {
      const socket = await connectAs(h, who);
      open.push(socket);
      return { socket, log: new EventLog(socket) };
    }

    test('opening, closing and disconnecting re-notify every viewer; a lone viewer hears nothing of itself', async () => {
      const a = await connect(alice);
      const b = await connect(bob);
      a.socket.emit('doc_open', 'ToDo', 'TD-1');
      await roundTrip(a.socket, a.log);

      b.socket.emit('doc_open', 'ToDo', 'TD-1');
      const both = [alice.user, bob.user];
      await a.log.waitFor('doc_viewers', viewersOf('TD-1', both));
      await b.log.waitFor('doc_viewers', viewersOf('TD-1', both));
      // Notifications of a room go out in order: a list of alice alone would have come first.
      assert.ok(
        (a.log.named('doc_viewers') as DocViewers[]).every((v) => v.users.length === 2),
        'alice was not told about herself',
      );

      let from = a.log.events.length;
      b.socket.emit('doc_close', 'ToDo', 'TD-1');
      await a.log.waitFor('doc_viewers', viewersOf('TD-1', [alice.user]), from);

      b.socket.emit('doc_open', 'ToDo', 'TD-1');
      await a.log.waitFor('doc_viewers', viewersOf('TD-1', both), from);
      from = a.log.events.length;
      b.socket.disconnect();
      await a.log.waitFor('doc_viewers', viewersOf('TD-1', [alice.user]), from);
    });

    test('two sockets of one user count once', async () => {
      const a1 = await connect(alice);
      const a2 = await connect(alice);
      const b = await connect(bob);
      a1.socket.emit('doc_open', 'ToDo', 'TD-2');
      await roundTrip(a1.socket, a1.log);
      a2.socket.emit('doc_open', 'ToDo', 'TD-2');
      await roundTrip(a2.socket, a2.log);
      b.socket.emit('doc_open', 'ToDo', 'TD-2');
      const both = [alice.user, bob.user];
      await a1.log.waitFor('doc_viewers', viewersOf('TD-2', both));
      await a2.log.waitFor('doc_viewers', viewersOf('TD-2', both));
      const told = a1.log.named('doc_viewers').concat(a2.log.named('doc_viewers')) as DocViewers[];
      assert.ok(
        told.every((v) => JSON.stringify(v.users) === JSON.stringify(both)),
        'alice (twice) is one viewer, and never told about herself alone',
      );
    });

    test('a form the user may not read is not joined and tells nobody', async () => {
      const a = await connect(alice);
      const b = await connect(bob);
      a.socket.emit('doc_open', 'ToDo', 'hidden');
      b.socket.emit('doc_open', 'ToDo', 'hidden');
      await roundTrip(a.socket, a.log);
      await roundTrip(b.socket, b.log);
      await h.publish('form_event', {}, 'open_doc:ToDo/hidden');
      await h.publish('marker', {}, 'website');
      await a.log.waitFor('marker');
      await b.log.waitFor('marker');
      assert.deepEqual(
        a.log.events.map((e) => e.event).filter((e) => e !== 'pong'),
        ['marker'],
      );
      assert.deepEqual(b.log.named('doc_viewers'), []);
    });

    test('doc_close of a form that was never open notifies nobody', async () => {
      const a = await connect(alice);
      const b = await connect(bob);
      a.socket.emit('doc_open', 'ToDo', 'TD-3');
      await roundTrip(a.socket, a.log);
      const from = a.log.events.length;
      b.socket.emit('doc_close', 'ToDo', 'TD-3');
      await roundTrip(b.socket, b.log);
      await h.publish('marker', {}, `user:${alice.user}`);
      const at = await a.log.waitFor('marker', undefined, from);
      assert.deepEqual(
        a.log.events.slice(from, at).map((e) => e.event),
        [],
      );
    });
  });
}
