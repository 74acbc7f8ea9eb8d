// The bench commands as an operator runs them: real `cortado` processes on a temp bench, every database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkPassword, findUser } from '../../src/auth/users.ts';
import { Bench } from '../../src/config/bench.ts';
import { databaseExists, dropServerDatabase, openDatabase, siteOpenOptions } from '../../src/db/index.ts';
import { serverAdmin } from '../db/support.ts';
import { runCortado, spawnCortado } from '../support/e2e.ts';
import { databases } from '../support/services.ts';

/** Runs a command expected to fail; returns its output (one line on stderr). */
async function failing(args: string[]): Promise<string> {
  const proc = spawnCortado(args);
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
  assert.equal(code, 1, `expected exit 1 from ${args.join(' ')}:\n${proc.output()}`);
  return proc.output();
}

for (const kind of databases) {
  describe(`${kind}: site commands`, () => {
    const root = mkdtempSync(join(tmpdir(), 'cortado-cli-'));
    const sitesPath = join(root, 'sites');
    const bench = new Bench(sitesPath);
    // A name of its own per run: a run killed midway must not leave a database the next one trips over.
    const site = `cli-${kind}-${randomBytes(4).toString('hex')}.test`;
    const cli = (...args: string[]) => runCortado(['--sites-path', sitesPath, ...args]);
    const withDb = async <T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>) => {
      const db = openDatabase(siteOpenOptions(bench.siteConfig(site), bench.sitePath(site)));
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    const rootArgs = kind === 'sqlite' ? [] : ['--db-root-username', serverAdmin(kind).rootUser];
    let archivedDb: string | undefined;
    let dbUser: string | undefined;

    after(async () => {
      if (kind !== 'sqlite' && archivedDb) {
        await dropServerDatabase({ ...serverAdmin(kind), dbName: archivedDb, dbUser }).catch(() => {});
      }
      rmSync(root, { recursive: true, force: true });
    });

    it('new-site creates folders, config, database and an Administrator who can log in', async () => {
      if (kind !== 'sqlite') {
        const admin = serverAdmin(kind);
        await cli('set-config', '-g', '-p', 'db_host', JSON.stringify(admin.host));
        await cli('set-config', '-g', '-p', 'db_port', String(admin.port));
      }
      const out = await cli('new-site', site, '--db-type', kind, ...rootArgs, '--set-default');
      const password = /Administrator password: (\S+)/.exec(out)?.[1];
      assert.ok(password, `a generated password is printed once:\n${out}`);
      assert.ok(existsSync(join(sitesPath, site, 'public', 'files')));
      assert.ok(existsSync(join(sitesPath, site, 'private', 'files')));
      assert.equal(bench.siteConfig(site).db_type, kind);
      assert.equal(readFileSync(join(sitesPath, 'currentsite.txt'), 'utf8').trim(), site);
      assert.equal(await withDb((db) => checkPassword(db, 'Administrator', password)), true);
    });

    it('refuses to create a site twice, or one with a bad name, in one line', async () => {
      assert.match(
        await failing(['--sites-path', sitesPath, 'new-site', site, '--db-type', kind, ...rootArgs]),
        /^cortado: .*already exists\n$/,
      );
      assert.match(
        await failing(['--sites-path', sitesPath, 'new-site', '../evil', '--db-type', kind]),
        /^cortado: invalid site name/,
      );
    });

    it('new-site --db-name names the server database, and is refused when unusable', async () => {
      const other = `named-${randomBytes(3).toString('hex')}.test`;
      const bad = ['bad-name', '1abc', 'x'.repeat(64), 'a;drop'];
      for (const name of bad) {
        const args = [
          '--sites-path',
          sitesPath,
          'new-site',
          other,
          '--db-type',
          'postgres',
          '--db-name',
          name,
        ];
        assert.match(await failing(args), /^cortado: invalid database name/, name);
      }
      assert.equal(bench.hasSite(other), false, 'nothing was created');
      if (kind === 'sqlite') {
        const args = [
          '--sites-path',
          sitesPath,
          'new-site',
          other,
          '--db-type',
          'sqlite',
          '--db-name',
          'abc',
        ];
        assert.match(await failing(args), /^cortado: --db-name names a server database/);
        return;
      }
      const dbName = `cortado_named_${randomBytes(4).toString('hex')}`;
      await cli('new-site', other, '--db-type', kind, ...rootArgs, '--db-name', dbName);
      try {
        assert.equal(bench.siteConfig(other).db_name, dbName);
        assert.equal(await databaseExists({ ...serverAdmin(kind), dbName }), true);
      } finally {
        await dropServerDatabase({ ...serverAdmin(kind), dbName, dbUser: dbName }).catch(() => {});
        rmSync(bench.sitePath(other), { recursive: true, force: true });
      }
    });

    it('list-sites marks the default; use switches it; unknown sites are refused', async () => {
      assert.match(await cli('list-sites'), new RegExp(`^\\* ${site.replace('.', '\\.')}$`, 'm'));
      assert.match(
        await failing(['--sites-path', sitesPath, 'use', 'nope.test']),
        /nope\.test does not exist/,
      );
    });

    it('set-config validates before writing and names the key', async () => {
      await cli('--site', site, 'set-config', 'mute_emails', '1');
      assert.equal(bench.siteConfig(site).mute_emails, '1');
      assert.match(
        await failing(['--sites-path', sitesPath, 'set-config', '-g', 'db_port', 'abc', '-p']),
        /--parse: "abc" is not valid JSON/,
      );
      assert.match(
        await failing(['--sites-path', sitesPath, 'set-config', '-g', 'db_port', '99999', '-p']),
        /common_site_config\.json: db_port:/,
      );
      assert.notEqual(bench.commonConfig().db_port, 99999);
    });

    it('set-maintenance-mode switches maintenance_mode on and off, and refuses anything else', async () => {
      assert.match(await cli('--site', site, 'set-maintenance-mode', 'on'), /Maintenance mode on for /);
      assert.equal(bench.siteConfig(site).maintenance_mode, 1);
      assert.match(await cli('--site', site, 'set-maintenance-mode', 'off'), /Maintenance mode off for /);
      assert.equal(bench.siteConfig(site).maintenance_mode, 0);
      assert.match(
        await failing(['--sites-path', sitesPath, '--site', site, 'set-maintenance-mode', 'maybe']),
        /state must be on or off/,
      );
      assert.equal(bench.siteConfig(site).maintenance_mode, 0);
    });

    it('add-user and set-admin-password change what a login checks', async () => {
      await cli(
        '--site',
        site,
        'add-user',
        'jane@example.com',
        '--password',
        'jane-pw-1',
        '--add-role',
        'System Manager',
      );
      await cli('--site', site, 'set-admin-password', 'new-admin-pw');
      await withDb(async (db) => {
        assert.equal((await findUser(db, 'jane@example.com'))?.user, 'jane@example.com');
        assert.equal(await checkPassword(db, 'jane@example.com', 'jane-pw-1'), true);
        assert.equal(await checkPassword(db, 'Administrator', 'new-admin-pw'), true);
      });
    });

    it('migrate is idempotent on an installed site', async () => {
      assert.match(
        await cli('--site', 'all', 'migrate'),
        new RegExp(`Migrated ${site.replace('.', '\\.')}: no changes`),
      );
    });

    it('drop-site archives the folder and keeps the data', async () => {
      const dbName = bench.siteConfig(site).db_name;
      dbUser = dbName;
      const out = await cli('drop-site', site, ...rootArgs);
      assert.equal(bench.hasSite(site), false);
      const archived = readdirSync(join(root, 'archived_sites'));
      assert.equal(archived.length, 1);
      assert.ok(archived[0]!.startsWith(`${site}-`));
      if (kind === 'sqlite') {
        assert.ok(
          existsSync(join(root, 'archived_sites', archived[0]!, 'site.db')),
          'the SQLite file moves with the folder',
        );
      } else {
        archivedDb = kind === 'postgres' ? /(_[0-9a-f]{16}_archived_\d{14})/.exec(out)?.[1] : dbName;
        assert.ok(archivedDb, out);
        assert.equal(await databaseExists({ ...serverAdmin(kind), dbName: archivedDb }), true);
      }
    });
  });
}
