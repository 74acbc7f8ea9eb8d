import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPassword, createUser, setPassword } from '../../src/auth/users.ts';
import { installSite, standardRoles } from '../../src/site/site-install.ts';
import { adminPassword, type BackendSite, createBackendSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: site install and users`, () => {
    let t: BackendSite;
    before(async () => {
      t = await createBackendSite(kind);
    });
    after(() => t.close());

    const q = (id: string) => t.db.dialect.quote(id);
    const rolesOf = async (user: string) =>
      (
        await t.db.all<{ role: string }>(
          `select role from ${q('tabHas Role')} where parent = ? order by idx`,
          [user],
        )
      ).map((r) => r.role);

    it('creates the standard roles and the Administrator and Guest users', async () => {
      const roles = (await t.db.all<{ name: string }>(`select ${q('name')} from ${q('tabRole')}`)).map(
        (r) => r.name,
      );
      for (const role of standardRoles) assert.ok(roles.includes(role.name), role.name);
      const users = await t.db.all<{ name: string; user_type: string }>(
        `select ${q('name')}, user_type from ${q('tabUser')} order by ${q('name')}`,
      );
      assert.deepEqual(users, [
        { name: 'Administrator', user_type: 'System User' },
        { name: 'Guest', user_type: 'Website User' },
      ]);
      assert.deepEqual(await rolesOf('Administrator'), ['Administrator', 'System Manager', 'All']);
      assert.equal(await checkPassword(t.db, 'Administrator', adminPassword), true);
    });

    it('is idempotent and resets the Administrator password when run again', async () => {
      const progress: string[] = [];
      await installSite(t.db, { adminPassword: 'second-Pa55' }, (step) => progress.push(step));
      assert.ok(progress.includes('standard users'));
      const users = await t.db.all(`select ${q('name')} from ${q('tabUser')}`);
      assert.equal(users.length, 2);
      assert.deepEqual(await rolesOf('Administrator'), ['Administrator', 'System Manager', 'All']);
      assert.equal(await checkPassword(t.db, 'Administrator', 'second-Pa55'), true);
      assert.equal(await checkPassword(t.db, 'Administrator', adminPassword), false);
      await setPassword(t.db, 'Administrator', adminPassword);
    });

    it('creates users with roles and a hashed password, and refuses duplicates and unknown roles', async () => {
      await createUser(t.db, {
        email: 'Ann@Example.com',
        firstName: 'Ann',
        password: 'ann-Pa55',
        roles: ['Desk User'],
      });
      assert.deepEqual(await rolesOf('ann@example.com'), ['Desk User']);
      assert.equal(await checkPassword(t.db, 'ann@example.com', 'ann-Pa55'), true);
      const stored = await t.db.one<{ password: string }>(
        `select password from ${q('__Auth')} where ${q('name')} = ?`,
        ['ann@example.com'],
      );
      assert.ok(stored && !stored.password.includes('ann-Pa55'));
      await assert.rejects(createUser(t.db, { email: 'ann@example.com', firstName: 'Ann' }), {
        excType: 'DuplicateEntryError',
        status: 409,
      });
      await assert.rejects(
        createUser(t.db, { email: 'bob@example.com', firstName: 'Bob', roles: ['Wizard'] }),
        { excType: 'LinkValidationError' },
      );
      assert.equal(
        await t.db.one(`select ${q('name')} from ${q('tabUser')} where ${q('name')} = ?`, [
          'bob@example.com',
        ]),
        undefined,
      );
      await assert.rejects(createUser(t.db, { email: 'not an email', firstName: 'X' }), {
        excType: 'ValidationError',
      });
    });
  });
}
