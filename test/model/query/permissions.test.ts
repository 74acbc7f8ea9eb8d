// Read scopes: owner-only lists, refusals, child DocTypes listed through their parent, Link targets the
// user may not read, and DocTypes that cannot be listed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DataError,
  type ListQueryInput,
  QueryPermissionError,
  type ReadScope,
  runCountQuery,
  runListQuery,
  UnknownDocTypeError,
} from '../../../src/model/query/index.ts';
import type { TestDatabase } from '../../db/support.ts';
import { databases } from '../../support/services.ts';
import { createFixture, fixtureDeps, names } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: list permissions`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createFixture(kind);
    });
    after(() => t.drop());

    const list = async (input: ListQueryInput, scopes: Record<string, ReadScope> = {}) =>
      (await runListQuery(t.db, input, fixtureDeps(t.db, scopes))).data as Record<string, unknown>[];
    const refusedWith =
      (type: new (...args: never[]) => Error, status: number, excType: string) => (error: unknown) => {
        assert.ok(error instanceof type, String(error));
        assert.equal((error as unknown as { httpStatus: number }).httpStatus, status);
        assert.equal((error as unknown as { excType: string }).excType, excType);
        return true;
      };

    it('lists only the user`s own documents under an owner scope, in lists and counts', async () => {
      const mine = { 'QT Order': { kind: 'owner', user: 'a@x' } } as const;
      assert.deepEqual(names(await list({ doctype: 'QT Order' }, mine)), ['o1', 'o3', 'o5']);
      assert.deepEqual(
        names(await list({ doctype: 'QT Order', or_filters: { qty: ['<', 4], done: 1 } }, mine)),
        ['o1'],
      );
      const { count } = await runCountQuery(t.db, { doctype: 'QT Order' }, fixtureDeps(t.db, mine));
      assert.equal(count, 3);
    });

    it('refuses a DocType the user may not read with PermissionError (403)', async () => {
      await assert.rejects(
        list({ doctype: 'QT Order' }, { 'QT Order': { kind: 'none' } }),
        refusedWith(QueryPermissionError, 403, 'PermissionError'),
      );
      await assert.rejects(
        runCountQuery(t.db, { doctype: 'QT Order' }, fixtureDeps(t.db, { 'QT Order': { kind: 'none' } })),
        QueryPermissionError,
      );
    });

    it('lists a child DocType only through a parent that holds it, with the parent`s permission', async () => {
      await assert.rejects(list({ doctype: 'QT Order Item' }), {
        message: 'Parent is required to get child table data',
      });
      await assert.rejects(list({ doctype: 'QT Order Item', parent: 'QT Customer' }), QueryPermissionError);
      const all = await list({
        doctype: 'QT Order Item',
        parent: 'QT Order',
        fields: ['name', 'parent', 'qty'],
        order_by: 'name',
      });
      assert.deepEqual(all, [
        { name: 'i1', parent: 'o1', qty: 2 },
        { name: 'i2', parent: 'o1', qty: 3 },
        { name: 'i3', parent: 'o2', qty: 1 },
        { name: 'i4', parent: 'o4', qty: 10 },
      ]);
      const mine = await list(
        { doctype: 'QT Order Item', parent: 'QT Order', filters: { item: 'Widget' } },
        { 'QT Order': { kind: 'owner', user: 'a@x' } },
      );
      assert.deepEqual(names(mine), ['i1']);
      await assert.rejects(
        list({ doctype: 'QT Order Item', parent: 'QT Order' }, { 'QT Order': { kind: 'none' } }),
        QueryPermissionError,
      );
    });

    it('joins Link targets only when readable, and only the user`s own targets under an owner scope', async () => {
      const input = {
        doctype: 'QT Order',
        fields: ['name', 'customer.customer_name'],
        filters: { name: ['in', ['o1', 'o2']] },
        order_by: 'name',
      };
      await assert.rejects(list(input, { 'QT Customer': { kind: 'none' } }), QueryPermissionError);
      assert.deepEqual(await list(input, { 'QT Customer': { kind: 'owner', user: 'b@x' } }), [
        { name: 'o1', customer_name: null },
        { name: 'o2', customer_name: 'Globex' },
      ]);
      assert.deepEqual(await list(input), [
        { name: 'o1', customer_name: 'Acme' },
        { name: 'o2', customer_name: 'Globex' },
      ]);
    });

    it('answers unknown DocTypes with DoesNotExistError and Singles with DataError', async () => {
      await assert.rejects(
        list({ doctype: 'Nope' }),
        refusedWith(UnknownDocTypeError, 404, 'DoesNotExistError'),
      );
      await assert.rejects(list({ doctype: 'QT Settings' }), DataError);
    });
  });
}
