import mysql from 'mysql2/promise';
import { createLogger, type Logger } from '../../config/log.ts';
import { AfterCommitHooks } from '../after-commit.ts';
import type { Database, Queryable, Row, RunResult, Transaction } from '../database.ts';
import { type DbError, DbUnavailableError, DbUsageError } from '../errors.ts';
import { runPooledTransaction } from '../pooled-transaction.ts';
import { clientGraceMs, type DbTimeouts } from '../timeouts.ts';
import { bindParams } from '../values.ts';
import { mariadbDialect } from './mariadb-dialect.ts';
import { leavesConnectionUnusable, wrapMariadbError } from './mariadb-errors.ts';

/** Connection settings for a MariaDB (or MySQL) database. */
export interface MariadbOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** Pool size (default 10). */
  connectionLimit?: number;
  /** Connect, statement and lock timeouts (default: mysql2's 10 s connect timeout only). */
  timeouts?: DbTimeouts | undefined;
  logger?: Logger;
}

/** Runs queries on a connection of the pool (checked out per query) or one held connection, with wrapped errors. */
abstract class MariadbQueries implements Queryable {
  readonly dialect = mariadbDialect;

  /** The client's read timeout of every query (a server that does not answer at all); undefined: none. */
  constructor(protected readonly queryTimeoutMs: number | undefined) {}

  /** Runs `sql` on a connection and hands the connection back (destroyed when `unusable`). */
  protected abstract withConnection<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T>;

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const result = await this.query(sql, params);
    return Array.isArray(result) ? (result as T[]) : [];
  }
  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    const result = await this.query(sql, params);
    return { changes: Array.isArray(result) ? 0 : ((result as mysql.ResultSetHeader).affectedRows ?? 0) };
  }

  private query(sql: string, params?: readonly unknown[]): Promise<unknown> {
    return this.withConnection(async (connection) => {
      // `query` escapes bound values client-side (as Frappe's PyMySQL does); prepared statements would
      // reject some DDL and cost a round trip per new statement.
      const [result] = await connection.query({ sql, timeout: this.queryTimeoutMs }, bindParams(params));
      return result;
    });
  }
}

/** Runs `work` on `connection`, wrapping its errors; says whether the connection survived it. */
async function runOn<T>(
  connection: mysql.PoolConnection,
  work: (connection: mysql.PoolConnection) => Promise<T>,
): Promise<{ value: T } | { error: DbError; unusable: boolean }> {
  try {
    return { value: await work(connection) };
  } catch (error) {
    const wrapped = wrapMariadbError(error);
    return { error: wrapped, unusable: leavesConnectionUnusable(wrapped) };
  }
}

/**
 * A MariaDB database as a `Database`, over a mysql2 pool: utf8mb4, dates as strings, decimals as numbers.
 *
 * @example const db = new MariadbDatabase({ host: '127.0.0.1', port: 3306, database: 'site1', user: 'site1' });
 */
export class MariadbDatabase extends MariadbQueries implements Database {
  private readonly pool: mysql.Pool;
  private readonly log: Logger;
  private readonly checkoutMs: number | undefined;
  private closed = false;

  constructor(options: MariadbOptions) {
    const { connectMs, statementMs, lockMs } = options.timeouts ?? {};
    const pool = mysql.createPool({
      host: options.host,
      port: options.port,
      database: options.database,
      user: options.user,
      password: options.password,
      connectionLimit: options.connectionLimit ?? 10,
      charset: 'UTF8MB4_UNICODE_CI',
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      ...(connectMs !== undefined ? { connectTimeout: connectMs } : {}),
    });
    super(statementMs ? statementMs + clientGraceMs : undefined);
    this.pool = pool;
    this.log = options.logger ?? createLogger('db');
    this.checkoutMs = connectMs || undefined;
    if (statementMs || lockMs) {
      // Every new connection gets the server-side limits before its first query (mysql2 runs commands in order).
      pool.pool.on('connection', (connection) => {
        const ignore = () => {};
        if (lockMs)
          connection.query(
            `SET SESSION innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(lockMs / 1000))}`,
            ignore,
          );
        // MariaDB's variable; MySQL, which lacks it, refuses it and keeps only the client's read timeout.
        if (statementMs) connection.query(`SET SESSION max_statement_time = ${statementMs / 1000}`, ignore);
      });
    }
  }

  protected async withConnection<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.checkout();
    const outcome = await runOn(connection, work);
    if ('value' in outcome) {
      connection.release();
      return outcome.value;
    }
    if (outcome.unusable) connection.destroy();
    else connection.release();
    throw outcome.error;
  }

  /**
   * A connection of the pool, or `DbUnavailableError` after the connect timeout: mysql2's pool would wait for a
   * free connection forever. One that arrives after the caller gave up goes back to the pool.
   */
  private async checkout(): Promise<mysql.PoolConnection> {
    if (this.closed) throw new DbUsageError('Database is closed');
    const pending = this.pool.getConnection();
    if (!this.checkoutMs) return pending.catch((error: unknown) => Promise.reject(wrapMariadbError(error)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DbUnavailableError(`no database connection within ${this.checkoutMs} ms`)),
        this.checkoutMs,
      );
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      pending.then(
        (late) => late.release(),
        () => {},
      );
      throw wrapMariadbError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const connection = await this.checkout();
    const tx = new MariadbTransaction(connection, this.queryTimeoutMs);
    // Through the transaction's own queries: the read timeout bounds them too, and a lost connection is noticed.
    return runPooledTransaction(
      {
        begin: () => tx.control('START TRANSACTION'),
        commit: () => tx.control('COMMIT'),
        rollback: async () => {
          // A connection that is lost or still busy with an unanswered query cannot roll back: it is destroyed.
          if (tx.unusable) throw new Error('connection unusable');
          await tx.control('ROLLBACK');
        },
        release: (broken) => (broken ? connection.destroy() : connection.release()),
      },
      tx,
      fn,
      this.log,
      (error) => (error instanceof Error && 'errno' in error ? wrapMariadbError(error) : error),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

class MariadbTransaction extends MariadbQueries implements Transaction {
  readonly hooks = new AfterCommitHooks();
  done = false;
  unusable = false;

  constructor(
    private readonly connection: mysql.PoolConnection,
    queryTimeoutMs: number | undefined,
  ) {
    super(queryTimeoutMs);
  }

  protected async withConnection<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
    // After commit/rollback the connection goes back to the pool: a late query must not land on it.
    if (this.done) throw new DbUsageError('Transaction already finished');
    return this.#run(work);
  }

  /** START TRANSACTION, COMMIT, ROLLBACK: bounded by the read timeout like any statement, allowed once done. */
  async control(sql: string): Promise<void> {
    await this.#run((connection) => connection.query({ sql, timeout: this.queryTimeoutMs }));
  }

  async #run<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
    const outcome = await runOn(this.connection, work);
    if ('value' in outcome) return outcome.value;
    if (outcome.unusable) this.unusable = true;
    throw outcome.error;
  }

  afterCommit(hook: () => void | Promise<void>): void {
    this.hooks.add(hook);
  }
}
