import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DbError } from '../../src/db/errors.ts';
import { LockTimeout, Mutex } from '../../src/db/mutex.ts';
import { SqliteDatabase } from '../../src/db/sqlite/sqlite-database.ts';

describe('Mutex', () => {
  test('grants the lock in request order, one holder at a time', async () => {
    const mutex = new Mutex();
    const order: number[] = [];
    let holders = 0;
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        mutex.run(async () => {
          holders += 1;
          assert.equal(holders, 1, 'never two holders');
          await new Promise((resolve) => setImmediate(resolve));
          order.push(n);
          holders -= 1;
        }),
      ),
    );
    assert.deepEqual(order, [1, 2, 3, 4]);
  });

  test('a waiter that timed out never gets the lock; the next one does', async () => {
    const mutex = new Mutex();
    const release = await mutex.acquire();
    const late = mutex.acquire(10);
    const patient = mutex.acquire();
    await assert.rejects(late, LockTimeout);
    release();
    const releasePatient = await patient;
    releasePatient();
    releasePatient(); // a second release must not free the lock for two
    const again = await mutex.acquire(50);
    again();
  });
});

describe('SQLite writer lock', () => {
  test('a write through the Database handle inside a transaction fails after the lock timeout, and the transaction still ends cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-writer-lock-'));
    const db = new SqliteDatabase({ file: join(dir, 'site.db'), lockTimeout: 100 });
    try {
      await db.transaction((tx) => tx.run('CREATE TABLE t (x INTEGER)'));
      const error = await db
        .transaction(async (tx) => {
          await tx.run('INSERT INTO t VALUES (1)');
          await db.run('INSERT INTO t VALUES (2)'); // waits for its own transaction
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(error instanceof DbError, 'a DbError, not a hang');
      assert.equal(error.code, 'SQLITE_BUSY');
      assert.match(error.message, /write through its handle/);
      assert.deepEqual(await db.all('SELECT x FROM t'), [], 'the failed transaction was rolled back');
      const nested = await db
        .transaction(() => db.transaction(async () => 1))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(nested instanceof DbError && nested.code === 'SQLITE_BUSY', 'a nested transaction too');
      await db.run('INSERT INTO t VALUES (3)');
      assert.deepEqual(await db.all('SELECT x FROM t'), [{ x: 3 }], 'the writer is free again');
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
