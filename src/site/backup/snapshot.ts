import BetterSqlite3 from 'better-sqlite3';
import type { Queryable, Row } from '../../db/database.ts';
import { type OpenOptions, openDatabase } from '../../db/open.ts';
import { SqliteConnection } from '../../db/sqlite/sqlite-connection.ts';
import { sqliteDialect } from '../../db/sqlite/sqlite-dialect.ts';

/**
 * Runs `fn` with a read-only view of one consistent moment of the database, while the site keeps writing:
 * PostgreSQL and MariaDB in one REPEATABLE READ transaction on a dedicated connection; SQLite in one read
 * transaction on its own read-only connection (under WAL, writers carry on and the reader keeps its snapshot).
 *
 * @example const counts = await withSnapshot(options, (q) => q.all('select count(*) as n from "tabUser"'));
 */
export async function withSnapshot<T>(options: OpenOptions, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (options.type === 'sqlite') return sqliteSnapshot(options.file, fn);
  const db = openDatabase({ ...options, poolSize: 1 });
  try {
    // With one pooled connection the session setting reaches the transaction's connection (MariaDB refuses
    // to change isolation inside a started transaction; PostgreSQL takes it as the first statement).
    if (options.type === 'mariadb') await db.run('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return await db.transaction(async (tx) => {
      if (options.type === 'postgres')
        await tx.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return fn(tx);
    });
  } finally {
    await db.close();
  }
}

async function sqliteSnapshot<T>(file: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  const connection = new SqliteConnection(raw);
  try {
    connection.exec('BEGIN');
    // The snapshot starts at the first read: take it now, before `fn` awaits anything.
    connection.one('SELECT count(*) AS n FROM sqlite_master');
    const q: Queryable = {
      dialect: sqliteDialect,
      all: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) =>
        connection.all<R>(sql, params),
      one: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) =>
        connection.one<R>(sql, params),
      run: async () => {
        throw new Error('the backup snapshot is read-only');
      },
    };
    return await fn(q);
  } finally {
    if (raw.inTransaction) raw.exec('COMMIT');
    raw.close();
  }
}
