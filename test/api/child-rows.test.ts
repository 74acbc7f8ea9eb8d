// A child DocType's row reached by its own name (`/api/resource/Widget Part/<row>`, v2 alike): read returns
// the row, judged by its parent document's permissions; PUT changes it through the parent; DELETE removes it
// from the parent. And v2's insert keeps a client-given name whatever the naming rule (Frappe's name_set).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: child rows by their own name`, () => {
    let t: ApiSite;
    let rows: string[] = [];
    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call(users.clerk, 'POST', '/api/resource/Widget', {
        title: 'Parented',
        parts: [
          { part: 'bolt', count: 2 },
          { part: 'nut', count: 3 },
          { part: 'gear', count: 1 },
        ],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      rows = created.body.data.parts.map((p: { name: string }) => p.name);
    });
    after(() => t.close());

    const part = (name: string) => `/api/resource/Widget%20Part/${encodeURIComponent(name)}`;

    it('reads a row alone, with its parent link, on v1 and v2', async () => {
      const v1 = await t.call(users.reader, 'GET', part(rows[0]!));
      assert.equal(v1.status, 200, JSON.stringify(v1.body));
      assert.equal(v1.body.data.name, rows[0]);
      assert.equal(v1.body.data.doctype, 'Widget Part');
      assert.equal(v1.body.data.part, 'bolt');
      assert.equal(v1.body.data.count, 2);
      assert.equal(v1.body.data.parent, 'Parented');
      assert.equal(v1.body.data.parenttype, 'Widget');
      assert.equal(v1.body.data.parentfield, 'parts');
      assert.equal(v1.body.data.idx, 1);
      const v2 = await t.call(users.reader, 'GET', `/api/v2/document/Widget%20Part/${rows[1]}`);
      assert.equal(v2.status, 200);
      assert.equal(v2.body.data.part, 'nut');
    });

    it('judges a row by its parent: 403 without read on the parent, 404 when missing', async () => {
      const denied = await t.call(users.nobody, 'GET', part(rows[0]!));
      assert.equal(denied.status, 403);
      assert.equal(denied.body.exc_type, 'PermissionError');
      const missing = await t.call(users.reader, 'GET', part('no-such-row'));
      assert.equal(missing.status, 404);
      assert.equal(missing.body.exc_type, 'DoesNotExistError');
    });

    it('updates a row through its parent and answers with the row', async () => {
      const refused = await t.call(users.reader, 'PUT', part(rows[1]!), { count: 99 });
      assert.equal(refused.status, 403);
      const put = await t.call(users.clerk, 'PUT', part(rows[1]!), { count: 30 });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.data.name, rows[1]);
      assert.equal(put.body.data.count, 30);
      const patched = await t.call(users.clerk, 'PATCH', `/api/v2/document/Widget%20Part/${rows[1]}`, {
        part: 'lock nut',
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.data.part, 'lock nut');
      const parent = await t.call(users.clerk, 'GET', '/api/resource/Widget/Parented');
      assert.deepEqual(
        parent.body.data.parts.map((p: { part: string; count: number }) => [p.part, p.count]),
        [
          ['bolt', 2],
          ['lock nut', 30],
          ['gear', 1],
        ],
      );
    });

    it('deletes a row through its parent (write on the parent), on v1 and v2', async () => {
      const refused = await t.call(users.reader, 'DELETE', part(rows[0]!));
      assert.equal(refused.status, 403);
      const v1 = await t.call(users.clerk, 'DELETE', part(rows[0]!));
      assert.equal(v1.status, 202, JSON.stringify(v1.body));
      assert.deepEqual(v1.body, { data: 'ok' });
      const v2 = await t.call(users.clerk, 'DELETE', `/api/v2/document/Widget%20Part/${rows[2]}`);
      assert.equal(v2.status, 202);
      const parent = await t.call(users.clerk, 'GET', '/api/resource/Widget/Parented');
      assert.deepEqual(
        parent.body.data.parts.map((p: { name: string; idx: number }) => [p.name, p.idx]),
        [[rows[1], 1]],
      );
      const gone = await t.call(users.clerk, 'GET', part(rows[0]!));
      assert.equal(gone.status, 404);
    });
  });

  describe(`${kind}: v2 insert and the client's name`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/DocType', {
        name: 'Hashed Note',
        module: 'Custom',
        autoname: 'hash',
        fields: [{ fieldname: 'body', fieldtype: 'Data', label: 'Body' }],
        permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
    });
    after(() => t.close());

    it('keeps a given name on v2 whatever the naming rule (Frappe sets flags.name_set)', async () => {
      const v2 = await t.call('Administrator', 'POST', '/api/v2/document/Hashed Note', {
        name: 'chosen-name',
        body: 'x',
      });
      assert.equal(v2.status, 200, JSON.stringify(v2.body));
      assert.equal(v2.body.data.name, 'chosen-name');
      const again = await t.call('Administrator', 'POST', '/api/v2/document/Hashed Note', {
        name: 'chosen-name',
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.errors[0].type, 'DuplicateEntryError');
    });

    it('names by the rule on v2 when no name is given, and on v1 even when one is', async () => {
      const unnamed = await t.call('Administrator', 'POST', '/api/v2/document/Hashed Note', { body: 'y' });
      assert.match(unnamed.body.data.name, /^[0-9a-f]{10}$/);
      const v1 = await t.call('Administrator', 'POST', '/api/resource/Hashed Note', {
        name: 'ignored-on-v1',
      });
      assert.equal(v1.status, 200);
      assert.notEqual(v1.body.data.name, 'ignored-on-v1');
    });
  });
}
