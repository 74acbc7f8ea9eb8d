import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { DoesNotExistError } from '../../src/errors/index.ts';
import {
  createDocContext,
  type DocContext,
  getDoc,
  insertDoc,
  Meta,
  MetaCache,
  MetaCaches,
  metaInvalidateChannel,
  saveDoc,
} from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type ModelSite, openModelSite, rejection, site, uniqueName } from './support.ts';

describe('Meta', () => {
  const meta = new Meta({
    name: 'Thing',
    module: 'Custom',
    title_field: 'label',
    fields: [
      { fieldname: 'label', fieldtype: 'Data' },
      { fieldname: 'sb', fieldtype: 'Section Break' },
      { fieldname: 'kind', fieldtype: 'Link', options: 'Kind' },
      { fieldname: 'ref_type', fieldtype: 'Link', options: 'DocType' },
      { fieldname: 'ref', fieldtype: 'Dynamic Link', options: 'ref_type' },
      { fieldname: 'rows', fieldtype: 'Table', options: 'Thing Row' },
      { fieldname: 'secret', fieldtype: 'Data', permlevel: 2 },
    ],
    permissions: [{ role: 'All', read: 1 }],
  });

  test('answers the questions the engine asks', () => {
    assert.deepEqual(
      meta.columnFields.map((f) => f.fieldname),
      ['label', 'kind', 'ref_type', 'ref', 'secret'],
    );
    assert.deepEqual(
      meta.tableFields.map((f) => f.fieldname),
      ['rows'],
    );
    assert.deepEqual(
      meta.linkFields.map((f) => f.fieldname),
      ['kind', 'ref_type'],
    );
    assert.deepEqual(
      meta.dynamicLinkFields.map((f) => f.fieldname),
      ['ref'],
    );
    assert.equal(meta.titleField, 'label');
    assert.equal(meta.permlevel('secret'), 2);
    assert.equal(meta.permlevel('label'), 0);
    assert.equal(meta.hasHighPermlevels, true);
    for (const name of ['name', 'owner', 'modified', 'docstatus', '_assign', 'label'])
      assert.ok(meta.isValidField(name), name);
    for (const name of ['sb', 'rows', 'parent', 'nope']) assert.ok(!meta.isValidField(name), name);
    assert.deepEqual([meta.isSingle, meta.isChild, meta.isSubmittable], [false, false, false]);
  });
});

for (const kind of databases) {
  describe(`${kind}: meta cache`, () => {
    let s: ModelSite;
    before(async () => {
      s = await openModelSite(kind);
    });
    after(() => s.close());

    test('an unknown DocType is DoesNotExistError (404)', async () => {
      const error = await rejection(s.metas.get(s.db, 'Nope'));
      assert.ok(error instanceof DoesNotExistError);
      assert.equal(error.message, 'DocType Nope not found');
    });

    test('a DocType change reaches other processes: by bus message, and by the version key when it is lost', async () => {
      const cache = new MemoryCache();
      const bus = new MemoryBus();
      // Two "processes" sharing the cache and bus; the third shares the cache only (its bus message is lost).
      const one = new MetaCaches({ cache, bus });
      const two = new MetaCaches({ cache, bus });
      const deaf = new MetaCache({ site, cache, checkIntervalMs: 0 });
      const stop = await two.listen();
      const ctxOn =
        (metas: MetaCache) =>
        (tx: Parameters<Parameters<typeof s.db.transaction>[0]>[0]): DocContext =>
          createDocContext({ site, db: tx, user: 'Administrator', metas, controllers: s.controllers });
      const name = uniqueName('Shared');
      await s.db.transaction((tx) =>
        insertDoc(ctxOn(one.forSite(site))(tx), {
          doctype: 'DocType',
          name,
          module: 'Custom',
          fields: [{ fieldname: 'a', fieldtype: 'Data', label: 'A' }],
        }),
      );
      const seen = async (metas: MetaCache) =>
        (await metas.get(s.db, name)).columnFields.map((f) => f.fieldname);
      assert.deepEqual(await seen(two.forSite(site)), ['a']);
      assert.deepEqual(await seen(deaf), ['a']);

      const received: string[] = [];
      await bus.subscribe(metaInvalidateChannel, (m) => received.push(m));
      await s.db.transaction(async (tx) => {
        const ctx = ctxOn(one.forSite(site))(tx);
        const dt = await getDoc(ctx, 'DocType', name);
        await saveDoc(ctx, {
          ...dt,
          fields: [...(dt.fields as object[]), { fieldname: 'b', fieldtype: 'Int', label: 'B' }],
        });
        // Inside the transaction the writer sees the new meta; other processes keep the committed one (except
        // on MariaDB, where the ALTER TABLE of the sync has already committed the transaction's work).
        assert.deepEqual(
          (await ctx.metas.get(tx, name)).columnFields.map((f) => f.fieldname),
          ['a', 'b'],
        );
        if (kind !== 'mariadb') assert.deepEqual(await seen(two.forSite(site)), ['a']);
      });
      await until(() => received.length > 0, 'meta_invalidate published');
      assert.deepEqual(JSON.parse(received[0]!), { site, doctype: name });
      await until(async () => (await seen(two.forSite(site))).length === 2, 'the listening process reloads');
      assert.deepEqual(await seen(deaf), ['a', 'b'], 'the version key catches a lost message');
      await stop();
    });

    test('a rolled-back DocType change is never seen', async () => {
      const name = await s.defineDocType({
        name: uniqueName('Kept'),
        fields: [{ fieldname: 'a', fieldtype: 'Data', label: 'A' }],
      });
      await assert.rejects(
        s.as('Administrator', async (ctx) => {
          const dt = await getDoc(ctx, 'DocType', name);
          await saveDoc(ctx, { ...dt, fields: [] });
          throw new Error('undo');
        }),
        /undo/,
      );
      assert.deepEqual(
        (await s.metas.get(s.db, name)).columnFields.map((f) => f.fieldname),
        ['a'],
      );
    });
  });
}
