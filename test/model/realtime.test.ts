import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  deleteDoc,
  getSingle,
  getSingleValue,
  insertDoc,
  saveDoc,
  setSingle,
  setSingleValues,
} from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: realtime notices`, () => {
    let s: ModelSite;
    let dt: string;
    let line: string;
    before(async () => {
      s = await openModelSite(kind);
      line = await s.defineDocType({
        name: uniqueName('RT Line'),
        istable: 1,
        fields: [{ fieldname: 'x', fieldtype: 'Data', label: 'X' }],
      });
      dt = await s.defineDocType({
        name: uniqueName('RT Doc'),
        fields: [
          { fieldname: 'v', fieldtype: 'Data', label: 'V' },
          { fieldname: 'rows', fieldtype: 'Table', label: 'Rows', options: line },
        ],
      });
    });
    after(() => s.close());

    test('insert, save and delete publish doc_update and list_update after commit', async () => {
      s.events.length = 0;
      const doc = await s.as('Administrator', async (ctx) => {
        const d = await insertDoc(ctx, { doctype: dt, v: 'a', rows: [{ x: '1' }] });
        assert.equal(s.events.length, 0, 'nothing is sent before the commit');
        return d;
      });
      assert.deepEqual(s.events, [
        {
          event: 'doc_update',
          message: { modified: doc.modified, doctype: dt, name: doc.name },
          room: `doc:${dt}/${doc.name}`,
        },
        {
          event: 'list_update',
          message: { doctype: dt, name: doc.name, user: 'Administrator' },
          room: `doctype:${dt}`,
        },
      ]);
      s.events.length = 0;
      const saved = await s.as('Administrator', (ctx) => saveDoc(ctx, { ...doc, v: 'b' }));
      assert.deepEqual(
        s.events.map((e) => [e.event, e.room, (e.message as { modified?: string }).modified]),
        [
          ['doc_update', `doc:${dt}/${doc.name}`, saved.modified],
          ['list_update', `doctype:${dt}`, undefined],
        ],
      );
      s.events.length = 0;
      await s.as('Administrator', (ctx) => deleteDoc(ctx, dt, String(doc.name)));
      assert.deepEqual(
        s.events.map((e) => e.event),
        ['doc_update', 'list_update'],
      );
    });

    test('nothing is sent for a rolled-back transaction', async () => {
      s.events.length = 0;
      await assert.rejects(
        s.as('Administrator', async (ctx) => {
          await insertDoc(ctx, { doctype: dt, v: 'ghost' });
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.deepEqual(s.events, []);
    });

    test('a single DocType gets doc_update only', async () => {
      const single = await s.defineDocType({
        name: uniqueName('RT Settings'),
        issingle: 1,
        fields: [
          { fieldname: 'site_name', fieldtype: 'Data', label: 'Site Name' },
          { fieldname: 'limit', fieldtype: 'Int', label: 'Limit', default: '5' },
        ],
      });
      const fresh = await s.as('Administrator', (ctx) => getSingle(ctx, single));
      assert.deepEqual([fresh.name, fresh.limit], [single, 5]);
      s.events.length = 0;
      const saved = await s.as('Administrator', (ctx) =>
        setSingle(ctx, { doctype: single, site_name: 'Demo', limit: '9' }),
      );
      assert.deepEqual([saved.site_name, saved.limit], ['Demo', 9]);
      assert.deepEqual(
        s.events.map((e) => [e.event, e.room]),
        [['doc_update', `doc:${single}/${single}`]],
      );
      const read = await s.as('Administrator', (ctx) => getSingle(ctx, single));
      assert.deepEqual([read.site_name, read.limit, read.modified], ['Demo', 9, saved.modified]);
      // insertDoc/saveDoc on a single DocType save the single.
      const again = await s.as('Administrator', (ctx) =>
        insertDoc(ctx, { doctype: single, site_name: 'Other' }),
      );
      assert.equal(again.site_name, 'Other');
      await s.as('Administrator', (ctx) => setSingleValues(ctx, single, { limit: 3 }));
      const values = await s.as('Administrator', async (ctx) => [
        await getSingleValue(ctx, single, 'site_name'),
        await getSingleValue(ctx, single, 'limit'),
      ]);
      assert.deepEqual(values, ['Other', 3]);
    });
  });
}
