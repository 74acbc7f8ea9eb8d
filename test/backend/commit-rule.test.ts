import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realtimeChannel } from '../../src/bus/bus.ts';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;

for (const kind of databases) {
  describe(`${kind}: commit rule`, () => {
    let t: BackendSite;
    let received: Array<{ event: string; message: unknown; room: string | null; namespace: string }>;
    let unsubscribe: () => Promise<void>;
    before(async () => {
      t = await createBackendSite(kind, { methods: testMethods() });
      received = [];
      unsubscribe = await t.bus.subscribe(realtimeChannel, (raw) => received.push(JSON.parse(raw)));
    });
    after(async () => {
      await unsubscribe();
      await t.close();
    });

    const roleExists = async (role: string) =>
      (await t.db.one(`select name from ${t.db.dialect.quote('tabRole')} where name = ?`, [role])) !==
      undefined;

    // The bus delivers in order, so once a marker published now arrives, everything published before it has.
    const drainBus = async () => {
      const marker = new Promise<void>((resolve) => {
        const off = t.bus.subscribe(realtimeChannel, (raw) => {
          if (JSON.parse(raw).event === 'marker') {
            resolve();
            void off.then((stop) => stop());
          }
        });
      });
      await t.bus.publish(
        realtimeChannel,
        JSON.stringify({ event: 'marker', message: null, room: null, namespace: host }),
      );
      await marker;
      return received.splice(0).filter((e) => e.event !== 'marker');
    };

    it('commits the writes of a successful POST and then publishes its realtime events', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.add_role',
        headers: { host },
        payload: { role: 'Posted Role' },
      });
      assert.equal(response.statusCode, 200);
      assert.equal(await roleExists('Posted Role'), true);
      assert.deepEqual(await drainBus(), [
        { event: 'role_added', message: { role: 'Posted Role' }, room: 'all', namespace: testSite },
      ]);
    });

    it('never persists the writes of a GET, nor sends its events', async () => {
      const response = await t.app.inject({
        url: '/api/method/test.add_role?role=Got%20Role',
        headers: { host },
      });
      assert.equal(response.statusCode, 200);
      assert.equal(await roleExists('Got Role'), false);
      assert.deepEqual(await drainBus(), []);
    });

    it('rolls back a POST that throws and drops its events', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/test.add_role_then_fail',
        headers: { host },
        payload: { role: 'Failed Role' },
      });
      assert.equal(response.statusCode, 417);
      assert.equal(await roleExists('Failed Role'), false);
      assert.deepEqual(await drainBus(), []);
    });
  });
}
