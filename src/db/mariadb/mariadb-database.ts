import mysql from 'mysql2/promise';
import { createLogger, type Logger } from '../../config/log.ts';
import { AfterCommitHooks } from '../after-commit.ts';
import type { Database, Queryable, Row, RunResult, Transaction } from '../database.ts';
import { DbUsageError } from '../errors.ts';
import { runPooledTransaction } from '../pooled-transaction.ts';
import { bindParams } from '../values.ts';
import { mariadbDialect } from './mariadb-dialect.ts';
import { wrapMariadbError } from './mariadb-errors.ts';

/** Connection settings for a MariaDB (or MySQL) database. */
export interface MariadbOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** Pool size (default 10). */
  connectionLimit?: number;
  logger?: Logger;
}

type Client = mysql.Pool | mysql.PoolConnection;

/** Runs queries on a pool or one connection, with wrapped errors. */
abstract class MariadbQueries implements Queryable {
  readonly dialect = mariadbDialect;

  protected abstract client(): Client;

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

  private async query(sql: string, params?: readonly unknown[]): Promise<unknown> {
    try {
      // `query` escapes bound values client-side (as Frappe's PyMySQL does); prepared statements would
      // reject some DDL and cost a round trip per new statement.
      const [result] = await this.client().query(sql, bindParams(params));
      return result;
    } catch (error) {
      throw wrapMariadbError(error);
    }
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
  private closed = false;

  constructor(options: MariadbOptions) {
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
    });
    super();
    this.pool = pool;
    this.log = options.logger ?? createLogger('db');
  }

  protected client(): Client {
    if (this.closed) throw new DbUsageError('Database is closed');
    return this.pool;
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new DbUsageError('Database is closed');
    let connection: mysql.PoolConnection;
    try {
      connection = await this.pool.getConnection();
    } catch (error) {
      throw wrapMariadbError(error);
    }
    const tx = new MariadbTransaction(connection);
    return runPooledTransaction(
      {
        begin: () => connection.beginTransaction(),
        commit: () => connection.commit(),
        rollback: () => connection.rollback(),
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

  constructor(private readonly connection: mysql.PoolConnection) {
    super();
  }

  protected client(): Client {
    // After commit/rollback the connection goes back to the pool: a late query must not land on it.
    if (this.done) throw new DbUsageError('Transaction already finished');
    return this.connection;
  }

  afterCommit(hook: () => void | Promise<void>): void {
    this.hooks.add(hook);
  }
}
