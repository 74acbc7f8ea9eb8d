import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Bench, SiteNotFoundError } from '../../src/config/bench.ts';
import {
  createServerDatabase,
  dropServerDatabase,
  SiteDatabases,
  siteOpenOptions,
} from '../../src/db/index.ts';
import { databases } from '../support/services.ts';
import { serverAdmin, throwawayName } from './support.ts';

function tempBench(): {
  bench: Bench;
  dir: string;
  addSite(site: string, config: Record<string, unknown>): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-'));
  const bench = new Bench(join(dir, 'sites'));
  bench.ensure();
  return {
    bench,
    dir,
    addSite(site, config) {
      mkdirSync(bench.sitePath(site), { recursive: true });
      writeFileSync(bench.siteConfigPath(site), JSON.stringify(config));
    },
  };
}

describe('siteOpenOptions', () => {
  test('defaults to a SQLite file site.db in the site folder', () => {
    assert.deepEqual(siteOpenOptions({}, '/b/sites/a.localhost'), {
      type: 'sqlite',
      file: '/b/sites/a.localhost/site.db',
    });
    assert.deepEqual(siteOpenOptions({ db_file: 'data/x.db' }, '/s'), {
      type: 'sqlite',
      file: '/s/data/x.db',
    });
  });

  test("server defaults: host 127.0.0.1, the type's port, user = db_name", () => {
    assert.deepEqual(siteOpenOptions({ db_type: 'postgres', db_name: 'site1', db_password: 'pw' }, '/s'), {
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'site1',
      user: 'site1',
      password: 'pw',
      timeouts: { connectMs: 5_000 },
    });
    assert.deepEqual(
      siteOpenOptions({ db_type: 'mariadb', db_name: 'site1', db_host: 'db', db_user: 'u' }, '/s'),
      {
        type: 'mariadb',
        host: 'db',
        port: 3306,
        database: 'site1',
        user: 'u',
        password: undefined,
        timeouts: { connectMs: 5_000 },
      },
    );
  });

  test('serving processes also get statement and lock timeouts; site config overrides the defaults, 0 turns one off', () => {
    const config = {
      db_type: 'postgres' as const,
      db_name: 'site1',
      db_statement_timeout: 30,
      db_lock_timeout: 0,
    };
    const options = siteOpenOptions(config, '/s', { statements: true });
    assert.ok(options.type === 'postgres');
    assert.deepEqual(options.timeouts, {
      connectMs: 5_000,
      statementMs: 30_000,
      lockMs: 0,
    });
  });
});

describe('SiteDatabases', () => {
  test("opens a site's SQLite database lazily, caches it, closes and reopens it", async () => {
    const { bench, dir, addSite } = tempBench();
    addSite('a.localhost', {});
    const dbs = new SiteDatabases(bench);
    try {
      assert.equal(dbs.isOpen('a.localhost'), false);
      const db = dbs.get('a.localhost');
      assert.equal(dbs.get('a.localhost'), db);
      assert.equal(existsSync(join(bench.sitePath('a.localhost'), 'site.db')), true);
      await db.run('CREATE TABLE t (x int)');
      await db.run('INSERT INTO t VALUES (?)', [7]);
      await dbs.close('a.localhost');
      assert.equal(dbs.isOpen('a.localhost'), false);
      const again = dbs.get('a.localhost');
      assert.notEqual(again, db);
      assert.deepEqual(await again.all('SELECT x FROM t'), [{ x: 7 }]);
      assert.throws(() => dbs.get('missing.localhost'), SiteNotFoundError);
    } finally {
      await dbs.closeAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const kind of databases) {
    if (kind === 'sqlite') continue;
    test(`opens a ${kind} site from db_type, db_host, db_port, db_name and db_password`, async () => {
      const admin = serverAdmin(kind);
      const name = throwawayName();
      const password = randomBytes(8).toString('hex');
      await createServerDatabase({ ...admin, dbName: name, dbPassword: password });
      const { bench, dir, addSite } = tempBench();
      addSite('b.localhost', {
        db_type: kind,
        db_host: admin.host,
        db_port: admin.port,
        db_name: name,
        db_password: password,
      });
      const dbs = new SiteDatabases(bench);
      try {
        const db = dbs.get('b.localhost');
        assert.equal(db.dialect.type, kind);
        assert.deepEqual(await db.one('SELECT 1 + 1 AS two'), { two: 2 });
      } finally {
        await dbs.closeAll();
        rmSync(dir, { recursive: true, force: true });
        await dropServerDatabase({ ...admin, dbName: name, dbUser: name });
      }
    });
  }
});
