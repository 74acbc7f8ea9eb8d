// Secrets set on a User through the document API end up hashed, never readable in any table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPassword } from '../../src/auth/users.ts';
import { getDoc, insertDoc, saveDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: User secrets`, () => {
    let site: ModelSite;
    before(async () => {
      site = await openModelSite(kind);
    });
    after(() => site.close());

    const authRows = () =>
      site.db.all<{ fieldname: string; password: string }>(
        `SELECT fieldname, password FROM ${site.db.dialect.quote('__Auth')} WHERE doctype = 'User' AND name = ?`,
        ['pat@example.com'],
      );

    it('hashes new_password on insert and on save, so login checks it', async () => {
      await site.as('Administrator', (ctx) =>
        insertDoc(ctx, {
          doctype: 'User',
          email: 'pat@example.com',
          first_name: 'Pat',
          new_password: 'first-pw-1',
        }),
      );
      assert.equal(await checkPassword(site.db, 'pat@example.com', 'first-pw-1'), true);
      await site.as('Administrator', async (ctx) => {
        const doc = await getDoc(ctx, 'User', 'pat@example.com');
        await saveDoc(ctx, { ...doc, new_password: 'second-pw-2' });
      });
      assert.equal(await checkPassword(site.db, 'pat@example.com', 'first-pw-1'), false);
      assert.equal(await checkPassword(site.db, 'pat@example.com', 'second-pw-2'), true);
      const stored = await authRows();
      assert.ok(
        stored.every((row) => !row.password.includes('second-pw-2')),
        'no plain password in __Auth',
      );
      const doc = await site.as('Administrator', (ctx) => getDoc(ctx, 'User', 'pat@example.com'));
      assert.ok(!doc.new_password, 'the document keeps no password');
    });

    it('stores an api_secret set through the API as a salted hash', async () => {
      await site.as('Administrator', async (ctx) => {
        const doc = await getDoc(ctx, 'User', 'pat@example.com');
        await saveDoc(ctx, { ...doc, api_key: 'k123', api_secret: 'top-secret-value-of-32-chars-Zq7x9' });
      });
      const secret = (await authRows()).find((row) => row.fieldname === 'api_secret');
      assert.ok(secret);
      assert.ok(!secret.password.includes('top-secret-value'));
      assert.match(secret.password, /^scrypt\$/);
    });
  });
}
