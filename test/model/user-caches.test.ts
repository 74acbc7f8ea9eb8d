import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { invalidateChannel } from '../../src/bus/shared-version.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import type { Transaction } from '../../src/db/database.ts';
import {
  createDocContext,
  type DocContext,
  deleteDoc,
  getDoc,
  getRoles,
  hasPermission,
  insertDoc,
  MetaCache,
  MetaCaches,
  saveDoc,
} from '../../src/model/index.ts';

const rolesInvalidateChannel = invalidateChannel('roles');

import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type ModelSite, openModelSite, site, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: cached roles`, () => {
    let s: ModelSite;
    let doctype: string;
    before(async () => {
      s = await openModelSite(kind);
      await s.user(`first-${kind}@example.com`, ['Ledger Keeper']); // creates the role
      doctype = await s.defineDocType({
        name: uniqueName('Ledger'),
        fields: [{ fieldname: 'a', fieldtype: 'Data', label: 'A' }],
        permissions: [{ role: 'Ledger Keeper', read: 1, write: 1, create: 1 }],
      });
    });
    after(() => s.close());

    // A context of "process" `metas` acting as `user` in `tx`.
    const ctxOf = (metas: MetaCache, user: string, tx: Transaction): DocContext =>
      createDocContext({ site, db: tx, user, metas, controllers: s.controllers });
    const mayRead = (metas: MetaCache, user: string) =>
      s.db.transaction((tx) => hasPermission(ctxOf(metas, user, tx), doctype, 'read'));

    test('a role taken away is honoured by every process: at once by bus, by the version key when the message is lost', async () => {
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      const one = new MetaCaches({ cache, bus });
      const two = new MetaCaches({ cache, bus });
      const deaf = new MetaCache({ site, cache, checkIntervalMs: 0 });
      const stop = await two.listen();
      const user = await s.user(`keeper-${kind}@example.com`, ['Ledger Keeper']);
      for (const metas of [one.forSite(site), two.forSite(site), deaf])
        assert.equal(await mayRead(metas, user), true, 'the role grants read');

      const announced: string[] = [];
      await bus.subscribe(rolesInvalidateChannel, (m) => announced.push(m));
      await s.db.transaction(async (tx) => {
        const ctx = ctxOf(one.forSite(site), 'Administrator', tx);
        const doc = await getDoc(ctx, 'User', user);
        await saveDoc(ctx, { ...doc, roles: [] });
        // The writing transaction already judges by its uncommitted roles.
        assert.equal(await hasPermission(ctxOf(one.forSite(site), user, tx), doctype, 'read'), false);
      });
      await until(() => announced.length > 0, 'roles_invalidate published');
      assert.deepEqual(JSON.parse(announced[0]!), { site });
      assert.equal(await mayRead(one.forSite(site), user), false, 'the writing process forgot at once');
      assert.equal(await mayRead(two.forSite(site), user), false, 'the listening process forgot');
      assert.equal(await mayRead(deaf, user), false, 'the version key catches a lost message');
      await stop();
    });

    test('a rolled-back role change is never seen, and saving a user without a role change keeps the cache', async () => {
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      const metas = new MetaCache({ site, cache, bus });
      const user = await s.user(`steady-${kind}@example.com`, ['Ledger Keeper']);
      assert.equal(await mayRead(metas, user), true);
      const announced: string[] = [];
      await bus.subscribe(rolesInvalidateChannel, (m) => announced.push(m));
      await assert.rejects(
        s.db.transaction(async (tx) => {
          const ctx = ctxOf(metas, 'Administrator', tx);
          await saveDoc(ctx, { ...(await getDoc(ctx, 'User', user)), roles: [] });
          throw new Error('undo');
        }),
        /undo/,
      );
      assert.equal(await mayRead(metas, user), true, 'the rollback left the role in place');
      await s.db.transaction(async (tx) => {
        const ctx = ctxOf(metas, 'Administrator', tx);
        await saveDoc(ctx, { ...(await getDoc(ctx, 'User', user)), last_name: 'Steady' });
      });
      assert.deepEqual(announced, [], 'no invalidation for a save that kept the roles');
      assert.equal(await mayRead(metas, user), true);
    });

    test('a User Permission added or removed in one process limits the user in another', async () => {
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      const one = new MetaCaches({ cache, bus });
      const two = new MetaCaches({ cache, bus });
      const stop = await two.listen();
      const user = await s.user(`limited-${kind}@example.com`, ['Ledger Keeper']);
      const [kept, other] = await s.as('Administrator', async (ctx) => [
        (await insertDoc(ctx, { doctype, a: 'kept' })).name as string,
        (await insertDoc(ctx, { doctype, a: 'other' })).name as string,
      ]);
      const mayReadDoc = (name: string) =>
        s.db.transaction(async (tx) => {
          const ctx = ctxOf(two.forSite(site), user, tx);
          return hasPermission(ctx, doctype, 'read', await loadRow(tx, name));
        });
      const loadRow = (tx: Transaction, name: string) =>
        tx.one(`SELECT * FROM ${tx.dialect.quote(`tab${doctype}`)} WHERE ${tx.dialect.quote('name')} = ?`, [
          name,
        ]);
      assert.equal(await mayReadDoc(other), true, 'no User Permission yet');

      const permission = await s.db.transaction(async (tx) =>
        insertDoc(ctxOf(one.forSite(site), 'Administrator', tx), {
          doctype: 'User Permission',
          user,
          allow: doctype,
          for_value: kept,
        }),
      );
      await until(async () => !(await mayReadDoc(other)), 'the other process applies the new limit');
      assert.equal(await mayReadDoc(kept), true, 'the allowed document stays readable');

      await s.db.transaction((tx) =>
        deleteDoc(ctxOf(one.forSite(site), 'Administrator', tx), 'User Permission', String(permission.name)),
      );
      await until(() => mayReadDoc(other), 'the other process lifts the limit');
      await stop();
    });

    test('a new Role reaches Administrator in another process', async () => {
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      const one = new MetaCaches({ cache, bus });
      const two = new MetaCaches({ cache, bus });
      const stop = await two.listen();
      const roles = () => s.db.transaction((tx) => getRoles(ctxOf(two.forSite(site), 'Administrator', tx)));
      const role = uniqueName('Auditor');
      assert.ok(!(await roles()).includes(role));
      await s.db.transaction((tx) =>
        insertDoc(ctxOf(one.forSite(site), 'Administrator', tx), { doctype: 'Role', role_name: role }),
      );
      await until(async () => (await roles()).includes(role), 'Administrator holds the new role');
      await stop();
    });
  });
}
