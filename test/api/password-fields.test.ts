// Password fields at rest: encrypted with the site's key in `__Auth` (never plain text), read back by
// `frappe.client.get_password` (System Managers only), a key generated on first need, Frappe's Fernet tokens
// still readable, and a wrong key refused clearly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  decryptField,
  EncryptionKeyError,
  encryptField,
  fieldCipher,
} from '../../src/auth/field-encryption.ts';
import { createDocContext } from '../../src/model/context.ts';
import { getPassword } from '../../src/model/document/passwords.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

const vaultDocType = {
  name: 'Vault',
  module: 'Custom',
  autoname: 'field:title',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
    { fieldname: 'secret', fieldtype: 'Password', label: 'Secret' },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
    { role: 'Widget Clerk', read: 1, write: 1, create: 1, delete: 1 },
  ],
};

describe('field encryption', () => {
  it('round-trips through a self-describing, versioned format with a fresh IV each time', () => {
    const a = encryptField('key-one', 'hunter2');
    const b = encryptField('key-one', 'hunter2');
    assert.match(a, /^cortado:v1:[\w-]+:[\w-]+$/);
    assert.notEqual(a, b);
    assert.equal(decryptField('key-one', a), 'hunter2');
    assert.equal(fieldCipher('key-one').decryptPassword(b), 'hunter2');
  });

  it('refuses a value encrypted with another key, with Frappe’s message', () => {
    const stored = encryptField('key-one', 'hunter2');
    assert.throws(
      () => decryptField('key-two', stored),
      (e: unknown) =>
        e instanceof EncryptionKeyError &&
        e.status === 417 &&
        e.excType === 'ValidationError' &&
        /Encryption key is invalid/.test(e.message),
    );
    assert.throws(() => decryptField('key-one', 'not encrypted at all'), EncryptionKeyError);
  });

  it('reads a Fernet token written by Frappe with the same site key', () => {
    // Made by Python's `Fernet(key).encrypt(b'frappe-secret')`, as Frappe's `encrypt` does.
    const key = 'wbBiZ0Jgt9upwNVoOwJNN9mINEUC2kyrDBOniTLZpKY=';
    const token =
      'gAAAAABrCLtySFxbBSxwd5BNPKYgyWBojtc9uqQZ1t6jkOdPDLHWPVcsXbiGx0i5HOyBWXA8T8CuB2ywbzUJltWR3rbrKKtDDA==';
    assert.equal(decryptField(key, token), 'frappe-secret');
    assert.throws(
      () => decryptField('wbBiZ0Jgt9upwNVoOwJNN9mINEUC2kyrDBOniTLZpKX=', token),
      EncryptionKeyError,
    );
  });
});

for (const kind of databases) {
  describe(`${kind}: Password fields`, () => {
    let t: ApiSite;
    before(async () => {
      // The test site is made without an `encryption_key`: the first secret creates one.
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/DocType', vaultDocType);
      assert.equal(created.status, 200, JSON.stringify(created.body));
    });
    after(() => t.close());

    const authRows = () => {
      const q = t.db.dialect.quote;
      return t.db.all<{ name: string; password: string; encrypted: number }>(
        `select ${q('name')}, ${q('password')}, ${q('encrypted')} from ${q('__Auth')} where ${q('doctype')} = 'Vault' order by ${q('name')}`,
      );
    };

    it('keeps no plain text in __Auth and generates the site key on first need', async () => {
      const config = () => JSON.parse(readFileSync(t.bench.siteConfigPath(t.site), 'utf8'));
      assert.equal(config().encryption_key, undefined);
      const res = await t.call('Administrator', 'POST', '/api/resource/Vault', {
        title: 'Mail',
        secret: 'smtp-Pa55word',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(res.body.data.secret, /^\*+$/);
      const [row] = await authRows();
      assert.equal(row?.name, 'Mail');
      assert.equal(Number(row?.encrypted), 1);
      assert.ok(!row?.password.includes('smtp-Pa55word'));
      assert.match(row!.password, /^cortado:v1:/);
      const key = config().encryption_key;
      assert.equal(typeof key, 'string');
      assert.equal(decryptField(key, row!.password), 'smtp-Pa55word');
      const column = await t.call('Administrator', 'GET', '/api/resource/Vault/Mail');
      assert.match(column.body.data.secret, /^\*+$/);
    });

    it('gives the secret back to System Managers through frappe.client.get_password', async () => {
      const path = '/api/method/frappe.client.get_password?doctype=Vault&name=Mail&fieldname=secret';
      const admin = await t.call('Administrator', 'GET', path);
      assert.equal(admin.status, 200);
      assert.deepEqual(admin.body, { message: 'smtp-Pa55word' });
      const clerk = await t.call(users.clerk, 'GET', path);
      assert.equal(clerk.status, 403);
      assert.equal(clerk.body.exc_type, 'PermissionError');
      const none = await t.call(
        'Administrator',
        'GET',
        '/api/method/frappe.client.get_password?doctype=Vault&name=Mail&fieldname=other',
      );
      assert.equal(none.status, 401);
      assert.equal(none.body.exc_type, 'AuthenticationError');
    });

    it('keeps the stored secret when a masked value is saved back, and replaces it on a new one', async () => {
      const read = await t.call('Administrator', 'GET', '/api/resource/Vault/Mail');
      await t.call('Administrator', 'PUT', '/api/resource/Vault/Mail', { secret: read.body.data.secret });
      const path = '/api/method/frappe.client.get_password?doctype=Vault&name=Mail&fieldname=secret';
      assert.equal((await t.call('Administrator', 'GET', path)).body.message, 'smtp-Pa55word');
      await t.call('Administrator', 'PUT', '/api/resource/Vault/Mail', { secret: 'rotated-2' });
      assert.equal((await t.call('Administrator', 'GET', path)).body.message, 'rotated-2');
      assert.equal((await authRows()).length, 1);
    });

    it('refuses to decrypt with a wrong key (417), and to store a secret without a cipher', async () => {
      const metas = t.app.model.metas.forSite(t.site);
      const controllers = t.app.model.controllers;
      await t.db.transaction(async (tx) => {
        const wrong = createDocContext({
          site: t.site,
          db: tx,
          user: 'Administrator',
          metas,
          controllers,
          ...fieldCipher('some-other-key'),
        });
        await assert.rejects(
          getPassword(wrong, 'Vault', 'Mail', 'secret'),
          (e: unknown) => e instanceof EncryptionKeyError && e.status === 417,
        );
      });
      const plain = await t.db.transaction(async (tx) => {
        const { insertDoc } = await import('../../src/model/document/insert.ts');
        const ctx = createDocContext({ site: t.site, db: tx, user: 'Administrator', metas, controllers });
        return insertDoc(ctx, { doctype: 'Vault', title: 'Nope', secret: 'plain' }).then(
          () => 'stored',
          (e: Error) => e.message,
        );
      });
      assert.match(plain, /encryption key/);
      assert.deepEqual(
        (await authRows()).map((r) => r.name),
        ['Mail'],
      );
    });
  });
}
