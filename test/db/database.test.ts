import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Database,
  DbError,
  DbUsageError,
  formatDatetime,
  indexName,
  UniqueViolation,
} from '../../src/db/index.ts';
import { databases } from '../support/services.ts';
import { withTestDatabase } from './support.ts';

async function createNotes(db: Database): Promise<void> {
  const q = db.dialect.quote;
  const datetime = db.dialect.type === 'postgres' ? 'timestamp(6)' : 'datetime(6)';
  await db.run(
    `CREATE TABLE ${q('tabNote')} (${q('name')} varchar(140) NOT NULL PRIMARY KEY, ${q('title')} varchar(140),
      ${q('email')} varchar(140), ${q('qty')} int NOT NULL DEFAULT 0, ${q('amount')} decimal(21,9),
      ${q('at')} ${datetime}, ${q('on_date')} date, ${q('at_time')} time(6))`,
  );
  // Named as schema sync names it (on MariaDB the key name is the column, which is how errors name it).
  const unique = indexName(db.dialect.type, 'tabNote', 'email', true);
  await db.run(`CREATE UNIQUE INDEX ${q(unique)} ON ${q('tabNote')} (${q('email')})`);
}

for (const kind of databases) {
  describe(`${kind}: Database`, () => {
    test('reads rows by their current column names after another handle changes the table', () =>
      withTestDatabase(kind, async (t) => {
        const { db } = t;
        const q = db.dialect.quote;
        await db.run(
          `CREATE TABLE ${q('tabShift')} (${q('name')} varchar(140) PRIMARY KEY, ${q('a')} int, ${q('b')} int)`,
        );
        await db.run(`INSERT INTO ${q('tabShift')} VALUES ('n1', 1, 2)`);
        const star = `SELECT * FROM ${q('tabShift')} WHERE ${q('name')} = ?`;
        const listed = `SELECT ${q('name')}, ${q('b')} FROM ${q('tabShift')}`;
        assert.deepEqual(await db.one(star, ['n1']), { name: 'n1', a: 1, b: 2 });
        assert.deepEqual(await db.all(listed), [{ name: 'n1', b: 2 }]);
        // Another process rebuilds the table with the same number of columns in another order and one renamed.
        const other = t.reopen();
        await other.transaction(async (tx) => {
          await tx.run(
            `CREATE TABLE ${q('tabShift2')} (${q('c')} int, ${q('b')} int, ${q('name')} varchar(140) PRIMARY KEY)`,
          );
          await tx.run(
            `INSERT INTO ${q('tabShift2')} SELECT ${q('a')}, ${q('b')}, ${q('name')} FROM ${q('tabShift')}`,
          );
          await tx.run(`DROP TABLE ${q('tabShift')}`);
          await tx.run(`ALTER TABLE ${q('tabShift2')} RENAME TO ${q('tabShift')}`);
        });
        assert.deepEqual(await db.one(star, ['n1']), { c: 1, b: 2, name: 'n1' });
        assert.deepEqual(await db.all(listed), [{ name: 'n1', b: 2 }]);
      }));

    test('keys result rows by any column name, as written', () =>
      withTestDatabase(kind, async ({ db }) => {
        const q = db.dialect.quote;
        // The MariaDB driver refuses a `__proto__` column outright (the query engine never selects one by name).
        const names = [
          ...(kind === 'mariadb' ? [] : ['__proto__']),
          'say "hi"',
          'x y',
          'é',
          'constructor',
          '0',
        ];
        const select = `SELECT ${names.map((n, i) => `${i + 1} AS ${q(n)}`).join(', ')}`;
        for (const row of [await db.one(select), ...(await db.all(select))]) {
          assert.equal(
            Object.getPrototypeOf(row),
            Object.prototype,
            'a column named __proto__ is only a key',
          );
          assert.deepEqual(
            names.map((n) => Object.getOwnPropertyDescriptor(row, n)?.value),
            names.map((_, i) => i + 1),
          );
        }
        // A repeated name keeps the last column, as a dict would.
        assert.deepEqual(await db.one(`SELECT 1 AS ${q('a')}, 2 AS ${q('a')}`), { a: 2 });
      }));

    test('inserts, reads, updates and deletes rows through run/all/one', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}, ${q('qty')}, ${q('amount')}) VALUES (?, ?, ?, ?)`;
        assert.deepEqual(await db.run(insert, ['n1', 'First', 1, 2.5]), { changes: 1 });
        await db.run(insert, ['n2', 'Second', 2, 10]);
        const rows = await db.all(
          `SELECT ${q('name')}, ${q('qty')}, ${q('amount')} FROM ${q('tabNote')} ORDER BY ${q('name')}`,
        );
        assert.deepEqual(rows, [
          { name: 'n1', qty: 1, amount: 2.5 },
          { name: 'n2', qty: 2, amount: 10 },
        ]);
        const updated = await db.run(`UPDATE ${q('tabNote')} SET ${q('qty')} = ${q('qty')} + 1`);
        assert.equal(updated.changes, 2);
        assert.deepEqual(
          await db.one(`SELECT count(*) AS n, sum(${q('qty')}) AS total FROM ${q('tabNote')}`),
          {
            n: 2,
            total: 5,
          },
        );
        assert.equal((await db.run(`DELETE FROM ${q('tabNote')} WHERE ${q('name')} = ?`, ['n1'])).changes, 1);
        assert.equal(await db.one(`SELECT * FROM ${q('tabNote')} WHERE ${q('name')} = ?`, ['n1']), undefined);
      }));

    test('binds parameters as values: an injection string is stored verbatim', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const evil = `x'); DROP TABLE "tabNote"; -- ? \`?\` \\'`;
        await db.run(`INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}) VALUES (?, ?)`, ['n1', evil]);
        const row = await db.one<{ title: string }>(
          `SELECT ${q('title')} FROM ${q('tabNote')} WHERE ${q('title')} = ?`,
          [evil],
        );
        assert.equal(row?.title, evil);
        assert.deepEqual(
          await db.all(`SELECT ${q('name')} FROM ${q('tabNote')} WHERE ${q('name')} = ?`, ["n1' OR '1'='1"]),
          [],
        );
      }));

    test('binds booleans as 0/1, undefined as NULL and Dates as datetimes', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const when = new Date(2024, 1, 29, 13, 14, 15, 123);
        await db.run(
          `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('qty')}, ${q('title')}, ${q('at')}) VALUES (?, ?, ?, ?)`,
          ['n1', true, undefined, when],
        );
        assert.deepEqual(await db.one(`SELECT ${q('qty')}, ${q('title')}, ${q('at')} FROM ${q('tabNote')}`), {
          qty: 1,
          title: null,
          at: '2024-02-29 13:14:15.123000',
        });
        assert.equal(formatDatetime(when), '2024-02-29 13:14:15.123000');
      }));

    test('returns datetimes as YYYY-MM-DD HH:MM:SS.ffffff, dates as YYYY-MM-DD, times with six digits', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('at')}, ${q('on_date')}, ${q('at_time')}) VALUES (?, ?, ?, ?)`;
        await db.run(insert, ['a', '2024-01-02 03:04:05', '2024-01-02', '10:11:12']);
        await db.run(insert, ['b', '2024-01-02 03:04:05.5', '1999-12-31', '23:59:59.000001']);
        await db.run(insert, ['c', '2024-01-02 03:04:05.123456', null, null]);
        const rows = await db.all(
          `SELECT ${q('at')}, ${q('on_date')}, ${q('at_time')} FROM ${q('tabNote')} ORDER BY ${q('name')}`,
        );
        assert.deepEqual(rows, [
          { at: '2024-01-02 03:04:05.000000', on_date: '2024-01-02', at_time: '10:11:12.000000' },
          { at: '2024-01-02 03:04:05.500000', on_date: '1999-12-31', at_time: '23:59:59.000001' },
          { at: '2024-01-02 03:04:05.123456', on_date: null, at_time: null },
        ]);
        const inTx = await db.transaction((tx) =>
          tx.one(`SELECT ${q('at')} FROM ${q('tabNote')} WHERE ${q('name')} = ?`, ['a']),
        );
        assert.deepEqual(inTx, { at: '2024-01-02 03:04:05.000000' });
      }));

    test('dialect.likeOperator matches case-insensitively', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        await db.run(`INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}) VALUES (?, ?)`, [
          'n1',
          'Quarterly Report',
        ]);
        const sql = `SELECT ${q('name')} FROM ${q('tabNote')} WHERE ${q('title')} ${db.dialect.likeOperator} ?`;
        assert.deepEqual(await db.all(sql, ['%REPORT']), [{ name: 'n1' }]);
        assert.deepEqual(await db.all(sql, ['%memo%']), []);
      }));

    test('dialect.likeOperator folds case beyond ASCII, inside and outside a transaction', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('title')}) VALUES (?, ?)`;
        await db.run(insert, ['n1', 'École Normale']);
        await db.run(insert, ['n2', 'Жук и ΩMEGA']);
        const sql = `SELECT ${q('name')} FROM ${q('tabNote')} WHERE ${q('title')} ${db.dialect.likeOperator} ? ORDER BY ${q('name')}`;
        // Outside a transaction SQLite reads on its reader connection, inside on the writer: both fold.
        assert.deepEqual(await db.all(sql, ['%ÉCOLE%']), [{ name: 'n1' }]);
        assert.deepEqual(await db.all(sql, ['жук%ωmega']), [{ name: 'n2' }]);
        assert.deepEqual(await db.transaction((tx) => tx.all(sql, ['%école normale'])), [{ name: 'n1' }]);
        assert.deepEqual(await db.all(sql, ['%ЖУКИ%']), []);
      }));

    test('commits a transaction that resolves and returns its value', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const value = await db.transaction(async (tx) => {
          await tx.run(`INSERT INTO ${q('tabNote')} (${q('name')}) VALUES (?)`, ['n1']);
          // The transaction sees its own write.
          assert.deepEqual(await tx.one(`SELECT ${q('name')} FROM ${q('tabNote')}`), { name: 'n1' });
          return 42;
        });
        assert.equal(value, 42);
        assert.deepEqual(await db.all(`SELECT ${q('name')} FROM ${q('tabNote')}`), [{ name: 'n1' }]);
      }));

    test('rolls back a transaction that throws and rethrows the error', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const boom = new Error('boom');
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.run(`INSERT INTO ${q('tabNote')} (${q('name')}) VALUES (?)`, ['n1']);
            throw boom;
          }),
          (error) => error === boom,
        );
        assert.deepEqual(await db.all(`SELECT ${q('name')} FROM ${q('tabNote')}`), []);
        // The handle is still usable afterwards.
        await db.transaction((tx) => tx.run(`INSERT INTO ${q('tabNote')} (${q('name')}) VALUES (?)`, ['n2']));
        assert.deepEqual(await db.all(`SELECT ${q('name')} FROM ${q('tabNote')}`), [{ name: 'n2' }]);
      }));

    test('runs afterCommit hooks after commit, in order; drops them on rollback', () =>
      withTestDatabase(kind, async ({ db, reopen }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const other = reopen();
        const seen: string[] = [];
        await db.transaction(async (tx) => {
          await tx.run(`INSERT INTO ${q('tabNote')} (${q('name')}) VALUES (?)`, ['n1']);
          tx.afterCommit(async () => {
            // Another connection already sees the committed row when the hook runs.
            const row = await other.one(`SELECT ${q('name')} FROM ${q('tabNote')}`);
            seen.push(`first:${row?.name}`);
          });
          tx.afterCommit(() => {
            seen.push('second');
            throw new Error('a failing hook is logged, not thrown');
          });
          tx.afterCommit(() => {
            seen.push('third');
          });
          assert.deepEqual(seen, []);
        });
        assert.deepEqual(seen, ['first:n1', 'second', 'third']);

        await assert.rejects(
          db.transaction(async (tx) => {
            tx.afterCommit(() => {
              seen.push('never');
            });
            throw new Error('rollback');
          }),
        );
        assert.deepEqual(seen, ['first:n1', 'second', 'third']);
        assert.deepEqual(await db.all(`SELECT ${q('name')} FROM ${q('tabNote')}`), [{ name: 'n1' }]);
      }));

    test('reads outside a transaction do not see its uncommitted writes', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const count = async () =>
          (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${q('tabNote')}`))!.n;
        let inside = -1;
        await db.transaction(async (tx) => {
          await tx.run(`INSERT INTO ${q('tabNote')} (${q('name')}) VALUES (?)`, ['n1']);
          inside = await count();
        });
        assert.equal(inside, 0);
        assert.equal(await count(), 1);
      }));

    test('a unique violation is a UniqueViolation naming the column; a duplicate name the primary key', () =>
      withTestDatabase(kind, async ({ db }) => {
        await createNotes(db);
        const q = db.dialect.quote;
        const insert = `INSERT INTO ${q('tabNote')} (${q('name')}, ${q('email')}) VALUES (?, ?)`;
        await db.run(insert, ['n1', 'a@example.com']);
        await assert.rejects(db.run(insert, ['n2', 'a@example.com']), (error) => {
          assert.ok(error instanceof UniqueViolation);
          assert.equal(error.column, 'email');
          assert.equal(error.primaryKey, false);
          assert.doesNotMatch(error.message, /INSERT/i);
          return true;
        });
        await assert.rejects(
          db.transaction((tx) => tx.run(insert, ['n1', 'b@example.com'])),
          (error) => error instanceof UniqueViolation && error.primaryKey,
        );
      }));

    test('other driver errors are DbError without the SQL in the message', () =>
      withTestDatabase(kind, async ({ db }) => {
        await assert.rejects(db.all('SELECT * FROM "tabMissing" WHERE secret = ?', ['x']), (error) => {
          assert.ok(error instanceof DbError && !(error instanceof UniqueViolation));
          assert.doesNotMatch(error.message, /SELECT/i);
          return true;
        });
      }));

    test('a transaction handle refuses queries after the transaction ended', () =>
      withTestDatabase(kind, async ({ db }) => {
        let leaked: { all: Database['all'] } | undefined;
        await db.transaction(async (tx) => {
          leaked = tx;
        });
        await assert.rejects(leaked!.all('SELECT 1 AS x'), DbUsageError);
      }));
  });
}

describe('sqlite: single writer', () => {
  test('concurrent read-then-write transactions do not interleave', () =>
    withTestDatabase('sqlite', async ({ db }) => {
      await db.run('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
      await db.run('INSERT INTO counter VALUES (1, 0)');
      const increment = () =>
        db.transaction(async (tx) => {
          const row = await tx.one<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          // Yield between the read and the write: another transaction would interleave here if it could.
          await new Promise((resolve) => setImmediate(resolve));
          await tx.run('UPDATE counter SET n = ? WHERE id = 1', [row!.n + 1]);
        });
      await Promise.all(Array.from({ length: 25 }, increment));
      assert.deepEqual(await db.one('SELECT n FROM counter WHERE id = 1'), { n: 25 });
    }));

  test('non-transaction writes wait for an open transaction', () =>
    withTestDatabase('sqlite', async ({ db }) => {
      await db.run('CREATE TABLE log (seq int)');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tx = db.transaction(async (t) => {
        await t.run('INSERT INTO log VALUES (1)');
        await gate;
        await t.run('INSERT INTO log VALUES (2)');
      });
      const write = db.run('INSERT INTO log VALUES (3)');
      release();
      await Promise.all([tx, write]);
      assert.deepEqual(await db.all('SELECT seq FROM log ORDER BY rowid'), [
        { seq: 1 },
        { seq: 2 },
        { seq: 3 },
      ]);
    }));
});
