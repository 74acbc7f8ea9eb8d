import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createLogger, type Logger } from '../../config/log.ts';
import { AfterCommitHooks } from '../after-commit.ts';
import type { Database, Row, RunResult, Transaction } from '../database.ts';
import { DbError, DbUsageError } from '../errors.ts';
import { LockTimeout, Mutex } from '../mutex.ts';
import { SqliteConnection } from './sqlite-connection.ts';
import { sqliteDialect } from './sqlite-dialect.ts';
import { registerUnicodeLike } from './sqlite-like.ts';

/** SQLite's `synchronous` setting in WAL mode (docs/deploy.md, "SQLite durability"). */
export type SqliteSynchronous = 'full' | 'normal';

/** Options for a site's SQLite file. */
export interface SqliteOptions {
  /** Path of the database file (created with its folder when missing). */
  file: string;
  /**
   * `full` (default): every commit is on disk before it returns, so no acknowledged write is lost on power
   * loss. `normal`: the WAL is synced at checkpoints only; faster writes, but the last commits before a
   * power loss or OS crash may be gone (never the file's integrity).
   */
  synchronous?: SqliteSynchronous;
  /** Milliseconds a connection waits for another process's lock (default 5000). */
  busyTimeout?: number;
  /**
   * Milliseconds a write waits for this process's writer (default 30000): long enough for a long job's
   * transaction in `cortado start`, short enough that a self-deadlock ends with an error instead of a hang.
   */
  lockTimeout?: number;
  logger?: Logger;
}

/**
 * A SQLite file as a `Database`: one writer connection whose transactions are serialised by an async mutex
 * (better-sqlite3 shares one transaction per connection), and one reader connection for reads outside a
 * transaction, which under WAL sees the last committed state without waiting for the writer.
 *
 * @example const db = new SqliteDatabase({ file: 'sites/a.localhost/site.db' });
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private readonly writer: SqliteConnection;
  private readonly reader: SqliteConnection;
  private readonly mutex = new Mutex();
  // How long a write waits for this process's writer, as SQLite's busy timeout bounds the wait for another
  // process's. It also ends the one self-deadlock: a write through the Database handle inside a transaction.
  // (Detecting that at once would take an AsyncLocalStorage, whose promise hooks tax every request.)
  private readonly lockTimeout: number;
  private readonly log: Logger;
  private closed = false;

  constructor(options: SqliteOptions) {
    const busy = options.busyTimeout ?? 5000;
    this.lockTimeout = options.lockTimeout ?? 30_000;
    this.log = options.logger ?? createLogger('db');
    mkdirSync(dirname(options.file), { recursive: true });
    createPrivately(options.file);
    const writer = new BetterSqlite3(options.file, { timeout: busy });
    writer.pragma('journal_mode = WAL');
    writer.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    writer.pragma('foreign_keys = ON');
    const reader = new BetterSqlite3(options.file, { readonly: true, timeout: busy });
    registerUnicodeLike(writer);
    registerUnicodeLike(reader);
    this.writer = new SqliteConnection(writer, () => this.reader.clearCache());
    this.reader = new SqliteConnection(reader, () => this.writer.clearCache());
  }

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.assertOpen();
    const prepared = this.reader.prepare(sql);
    if (prepared.readonly) return this.reader.allPrepared<T>(prepared, params);
    return this.locked(() => this.writer.all<T>(sql, params));
  }

  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    this.assertOpen();
    const prepared = this.reader.prepare(sql);
    if (prepared.readonly) return this.reader.onePrepared<T>(prepared, params);
    return this.locked(() => this.writer.one<T>(sql, params));
  }

  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    this.assertOpen();
    return this.locked(() => this.writer.run(sql, params));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const tx = new SqliteTransaction(this.writer);
    const result = await this.locked(async () => {
      // IMMEDIATE takes the file's write lock now, so another process cannot make us fail mid-transaction.
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(tx);
        tx.done = true;
        this.writer.exec('COMMIT');
        return value;
      } catch (error) {
        tx.done = true;
        if (this.writer.raw.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    });
    // After the lock is released, so a hook may use the database; before we resolve, so callers see them done.
    await tx.hooks.run(this.log);
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let a running transaction finish before the connections go.
    await this.mutex.run(() => {
      this.closed = true;
      this.reader.raw.close();
      this.writer.raw.close();
    });
  }

  private async locked<T>(fn: () => T | Promise<T>): Promise<T> {
    let release: () => void;
    try {
      release = await this.mutex.acquire(this.lockTimeout);
    } catch (error) {
      if (!(error instanceof LockTimeout)) throw error;
      throw new DbError(
        `database is locked: the writer stayed busy for ${this.lockTimeout} ms (inside a transaction, write through its handle, not the Database)`,
        { code: 'SQLITE_BUSY', cause: error },
      );
    }
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new DbUsageError('Database is closed');
  }
}

/** Queries of an open SQLite transaction: straight onto the writer connection, which it holds. */
class SqliteTransaction implements Transaction {
  readonly dialect = sqliteDialect;
  readonly hooks = new AfterCommitHooks();
  done = false;

  constructor(private readonly connection: SqliteConnection) {}

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.assertActive();
    return this.connection.all<T>(sql, params);
  }
  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    this.assertActive();
    return this.connection.one<T>(sql, params);
  }
  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    this.assertActive();
    return this.connection.run(sql, params);
  }
  afterCommit(hook: () => void | Promise<void>): void {
    this.hooks.add(hook);
  }

  // A query after the transaction ended would silently run outside it (autocommit) on the shared connection.
  private assertActive(): void {
    if (this.done) throw new DbUsageError('Transaction already finished');
  }
}

// A new database file is created owner-only (0600) before SQLite opens it (SQLite would make it 0644); its
// -wal and -shm files take the database file's permissions. An existing file keeps its mode.
function createPrivately(file: string): void {
  if (file === ':memory:' || file === '') return;
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
