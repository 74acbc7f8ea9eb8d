// Apps' permission hooks inside the one evaluator: `permission_query_conditions` narrow every list and count of
// the DocType (ANDed with the rules' scope, per user, never served from another user's cached plan), and
// `has_permission` refuses documents the rules allow. On the permission matrix's site.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocContext } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { createMatrixSite, docs, type Json, type MatrixSite, people } from './fixture.ts';

const j = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const listUrl = `/api/resource/Ledger?fields=${j(['name'])}&limit_page_length=0`;

for (const kind of databases) {
  describe(`${kind}: permission hooks`, () => {
    let t: MatrixSite;
    const names = async (user: string, url = listUrl): Promise<string[]> => {
      const reply = await t.as(user, { method: 'GET', url });
      assert.equal(reply.statusCode, 200, reply.body);
      return (reply.json() as Json).data.map((r: Json) => r.name ?? r[0]).sort();
    };
    const count = async (user: string): Promise<number> => {
      const reply = await t.as(user, {
        method: 'POST',
        url: '/api/method/frappe.client.get_count',
        body: { doctype: 'Ledger' },
      });
      assert.equal(reply.statusCode, 200, reply.body);
      return (reply.json() as Json).message;
    };

    before(async () => {
      t = await createMatrixSite(kind);
      const hooks = t.app.model.controllers.permissions;
      // The reader and the restricted user never see Bravo in lists; nobody else is limited.
      hooks.addQueryCondition('Ledger', (ctx: DocContext, user) => {
        if (user !== people.reader && user !== people.restricted) return undefined;
        const q = ctx.db.dialect.quote;
        // An OR list: without its parentheses it would let the restricted user see Charlie.
        const title = `${q('tabLedger')}.${q('title')}`;
        return [docs.alpha, docs.charlie, docs.delta].map((name) => `${title} = '${name}'`).join(' OR ');
      });
      // The reader may not open Charlie, whatever the rules say; other hooks' silence changes nothing.
      hooks.addHasPermission('Ledger', (doc, ptype, user) =>
        user === people.reader && doc.name === docs.charlie && ptype === 'read' ? false : undefined,
      );
      hooks.addHasPermission('Ledger', () => undefined);
    });
    after(() => t.close());

    it('ANDs the condition into lists and counts, parenthesised next to the rules', async () => {
      const all = [docs.alpha, docs.bravo, docs.charlie, docs.delta].sort();
      // Asked first with no condition, so a plan cached for it would leak Bravo to the reader.
      assert.deepEqual(await names(people.auditor), all);
      assert.deepEqual(await names(people.reader), [docs.alpha, docs.charlie, docs.delta].sort());
      assert.equal(await count(people.reader), 3);
      assert.equal(await count(people.auditor), 4);
      // The User Permission (Region North: Alpha, Bravo, Delta) and the condition both hold.
      assert.deepEqual(await names(people.restricted), [docs.alpha, docs.delta].sort());
      // Asked again after the reader: still everything.
      assert.deepEqual(await names(people.manager), all);
    });

    it('limits the list routes the desk uses alike (reportview)', async () => {
      const reply = await t.as(people.reader, {
        method: 'POST',
        url: '/api/method/frappe.desk.reportview.get_list',
        body: { doctype: 'Ledger', fields: ['name'], limit_page_length: 0 },
      });
      assert.equal(reply.statusCode, 200, reply.body);
      const rows = (reply.json() as Json).message.map((r: Json) => r.name ?? r[0]);
      assert.equal(rows.includes(docs.bravo), false);
      assert.equal(rows.length, 3);
    });

    it('has_permission refuses a document the rules allow, for that user only', async () => {
      const url = (name: string) => `/api/resource/Ledger/${encodeURIComponent(name)}`;
      const refused = await t.as(people.reader, { method: 'GET', url: url(docs.charlie) });
      assert.equal(refused.statusCode, 403);
      assert.equal((refused.json() as Json).exc_type, 'PermissionError');
      assert.equal((await t.as(people.reader, { method: 'GET', url: url(docs.alpha) })).statusCode, 200);
      assert.equal((await t.as(people.auditor, { method: 'GET', url: url(docs.charlie) })).statusCode, 200);
      assert.equal((await t.as('Administrator', { method: 'GET', url: url(docs.charlie) })).statusCode, 200);
    });

    it('refuses a condition that binds values, naming the DocType', async () => {
      const hooks = t.app.model.controllers.permissions;
      hooks.addQueryCondition('Region', () => `region_name = ?`);
      const reply = await t.as(people.reader, { method: 'GET', url: '/api/resource/Region' });
      assert.equal(reply.statusCode, 500);
      assert.equal(reply.body.includes('region_name = ?'), false);
    });
  });
}
