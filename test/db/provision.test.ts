import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  archiveServerDatabase,
  createServerDatabase,
  DatabaseExistsError,
  DbError,
  databaseExists,
  dropServerDatabase,
  openDatabase,
} from '../../src/db/index.ts';
import { databases } from '../support/services.ts';
import { serverAdmin, throwawayName } from './support.ts';

for (const kind of databases) {
  if (kind === 'sqlite') continue;
  describe(`${kind}: provisioning`, () => {
    test('creates a database its new user can use, refuses to create it twice, drops it', async () => {
      const admin = serverAdmin(kind);
      const name = throwawayName();
      const password = `p'w"${randomBytes(6).toString('hex')}\\`;
      try {
        assert.equal(await databaseExists({ ...admin, dbName: name }), false);
        await createServerDatabase({ ...admin, dbName: name, dbPassword: password });
        assert.equal(await databaseExists({ ...admin, dbName: name }), true);
        await assert.rejects(
          createServerDatabase({ ...admin, dbName: name, dbPassword: password }),
          DatabaseExistsError,
        );

        // dbUser defaults to dbName; the user owns the database: it creates tables, writes and reads.
        const db = openDatabase({
          type: kind,
          host: admin.host,
          port: admin.port,
          database: name,
          user: name,
          password,
        });
        try {
          await db.run('CREATE TABLE probe (id int PRIMARY KEY, note varchar(20))');
          await db.run('INSERT INTO probe VALUES (?, ?)', [1, 'ünïcødé ✓']);
          assert.deepEqual(await db.all('SELECT id, note FROM probe'), [{ id: 1, note: 'ünïcødé ✓' }]);
        } finally {
          await db.close();
        }
      } finally {
        await dropServerDatabase({ ...admin, dbName: name, dbUser: name });
      }
      assert.equal(await databaseExists({ ...admin, dbName: name }), false);
    });

    test('archives a database: Postgres renames it, MariaDB leaves it in place and says so', async () => {
      const admin = serverAdmin(kind);
      const name = throwawayName();
      await createServerDatabase({ ...admin, dbName: name, dbPassword: 'secret' });
      const result = await archiveServerDatabase(
        { ...admin, dbName: name },
        new Date(Date.UTC(2024, 4, 6, 7, 8, 9)),
      );
      try {
        if (kind === 'postgres') {
          assert.equal(result.database, `${name}_archived_20240506070809`);
          assert.equal(await databaseExists({ ...admin, dbName: name }), false);
        } else {
          assert.equal(result.database, name);
          assert.match(result.description, /cannot rename/);
        }
        assert.equal(await databaseExists({ ...admin, dbName: result.database }), true);
        assert.match(result.description, new RegExp(result.database));
      } finally {
        await dropServerDatabase({ ...admin, dbName: result.database, dbUser: name });
      }
    });

    test('rejects database and user names that are not plain identifiers', async () => {
      const admin = serverAdmin(kind);
      for (const bad of ['a-b', 'x`; DROP DATABASE mysql; --', '1abc', '', 'a'.repeat(64)]) {
        await assert.rejects(createServerDatabase({ ...admin, dbName: bad, dbPassword: 'x' }), DbError, bad);
      }
      await assert.rejects(
        createServerDatabase({ ...admin, dbName: 'ok_name', dbUser: "u'@'%", dbPassword: 'x' }),
        DbError,
      );
      assert.equal(await databaseExists({ ...admin, dbName: 'ok_name' }), false);
    });
  });
}
