// `cortado add-user` as an operator runs it: a real process on a temp bench, every database. The user is a
// User document saved through the engine, so the User controller runs (the password hashed, never stored).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPassword, findUser } from '../../src/auth/users.ts';
import { type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { runCortado, spawnCortado } from '../support/e2e.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: add-user`, () => {
    let t: BackendSite;
    const cli = (...args: string[]) =>
      runCortado(['--sites-path', t.bench.sitesPath, '--site', testSite, ...args]);

    /** Runs add-user expected to fail; returns its output, which must be one line. */
    async function refused(...args: string[]): Promise<string> {
      const proc = spawnCortado(['--sites-path', t.bench.sitesPath, '--site', testSite, 'add-user', ...args]);
      const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
      assert.equal(code, 1, `expected exit 1:\n${proc.output()}`);
      assert.match(proc.output(), /^cortado: [^\n]+\n$/, 'one line');
      return proc.output();
    }

    const users = async () =>
      (await t.db.all<{ name: string }>(`select name from ${t.db.dialect.quote('tabUser')}`)).map(
        (r) => r.name,
      );
    const rolesOf = async (user: string) =>
      (
        await t.db.all<{ role: string }>(
          `select role from ${t.db.dialect.quote('tabHas Role')} where parent = ? and parenttype = 'User' order by idx`,
          [user],
        )
      ).map((r) => r.role);

    before(async () => {
      t = await createBackendSite(kind);
    });
    after(() => t?.close());

    it('adds a User document: roles, full name, a hashed password and no readable one', async () => {
      const out = await cli(
        'add-user',
        ' Jane@Example.com ',
        '--first-name',
        'Jane',
        '--last-name',
        'Doe',
        '--password',
        'jane-pw-1',
        '--add-role',
        'System Manager',
        'System Manager',
      );
      assert.equal(out, 'Added jane@example.com\n');
      const row = await t.db.one<Record<string, unknown>>(
        `select * from ${t.db.dialect.quote('tabUser')} where name = ?`,
        ['jane@example.com'],
      );
      assert.equal(row?.email, 'jane@example.com');
      assert.equal(row?.full_name, 'Jane Doe');
      assert.equal(row?.owner, 'Administrator');
      assert.ok(!row?.new_password, 'the password is not kept in the document');
      assert.deepEqual(await rolesOf('jane@example.com'), ['System Manager']);
      assert.equal(await checkPassword(t.db, 'jane@example.com', 'jane-pw-1'), true);
      assert.equal((await findUser(t.db, 'jane@example.com'))?.userType, 'System User');
    });

    it('a Website User without a password gets no desk and no login', async () => {
      await cli('add-user', 'web@example.com', '--website-user');
      assert.equal((await findUser(t.db, 'web@example.com'))?.userType, 'Website User');
      assert.equal(await checkPassword(t.db, 'web@example.com', ''), false);
    });

    it('refuses a bad email, a duplicate or an unknown role in one line, writing nothing', async () => {
      const before = await users();
      assert.match(await refused('not-an-email', '--password', 'x-pw-1'), /not a valid Email Address/);
      assert.match(await refused('jane@example.com', '--password', 'other-pw'), /jane@example\.com/);
      assert.match(await refused('new@example.com', '--add-role', 'No Such Role'), /No Such Role/);
      assert.deepEqual(await users(), before);
      assert.deepEqual(await rolesOf('new@example.com'), []);
      assert.equal(
        await checkPassword(t.db, 'jane@example.com', 'jane-pw-1'),
        true,
        'the first password stays',
      );
    });
  });
}
