import pg from 'pg';
import { createLogger, type Logger } from '../../config/log.ts';
import { AfterCommitHooks } from '../after-commit.ts';
import type { Database, Queryable, Row, RunResult, Transaction } from '../database.ts';
import { type DbError, DbTimeoutError, DbUnavailableError, DbUsageError } from '../errors.ts';
import { runPooledTransaction } from '../pooled-transaction.ts';
import { StatementCache } from '../statement-cache.ts';
import { clientGraceMs, type DbTimeouts } from '../timeouts.ts';
import { bindParams } from '../values.ts';
import { postgresDialect } from './postgres-dialect.ts';
import { wrapPostgresError } from './postgres-errors.ts';
import { toPositional } from './postgres-placeholders.ts';
import { postgresTypes } from './postgres-types.ts';

/** Connection settings for a PostgreSQL database. */
export interface PostgresOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Connect, statement and lock timeouts (default: none). */
  timeouts?: DbTimeouts | undefined;
  logger?: Logger;
}

type Client = pg.Pool | pg.PoolClient;

/** Runs queries on a pool or one checked-out client, with `?` placeholders and wrapped errors. */
abstract class PostgresQueries implements Queryable {
  readonly dialect = postgresDialect;
  constructor(private readonly sqlCache: StatementCache<string>) {}

  protected abstract client(): Client;

  /** Called when a query failed in a way that leaves its connection unusable (lost, or the server went silent). */
  protected lost(): void {}

  async all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }
  async one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return (await this.query<T>(sql, params)).rows[0];
  }
  async run(sql: string, params?: readonly unknown[]): Promise<RunResult> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  private async query<T extends Row>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<T>> {
    const text = this.sqlCache.get(sql, toPositional);
    try {
      return await this.client().query<T>(text, bindParams(params));
    } catch (error) {
      const wrapped = wrapPostgresError(error);
      if (leavesConnectionUnusable(wrapped)) this.lost();
      throw wrapped;
    }
  }
}

/** A lost connection, or a query the server never answered (the client's read timeout): no rollback can follow on it. */
function leavesConnectionUnusable(error: DbError): boolean {
  return error instanceof DbUnavailableError || (error instanceof DbTimeoutError && error.code === undefined);
}

/**
 * A PostgreSQL database as a `Database`, over a pg `Pool` with its own type parsers.
 *
 * @example const db = new PostgresDatabase({ host: '127.0.0.1', port: 5432, database: 'site1', user: 'site1' });
 */
export class PostgresDatabase extends PostgresQueries implements Database {
  private readonly pool: pg.Pool;
  private readonly cache: StatementCache<string>;
  private readonly log: Logger;
  private closed = false;

  constructor(options: PostgresOptions) {
    const cache = new StatementCache<string>(1000);
    const { connectMs, statementMs, lockMs } = options.timeouts ?? {};
    const pool = new pg.Pool({
      host: options.host,
      port: options.port,
      database: options.database,
      user: options.user,
      password: options.password,
      max: options.max ?? 10,
      types: postgresTypes,
      // Unset (undefined) means no limit for each of these.
      connectionTimeoutMillis: connectMs || undefined,
      statement_timeout: statementMs || undefined,
      lock_timeout: lockMs || undefined,
      // A request's transaction left idle that long holds locks for nobody: the server ends its session.
      idle_in_transaction_session_timeout: statementMs || undefined,
      // The server cancels a statement at statement_timeout; a server that does not answer at all is given up on
      // a little later, and its connection destroyed.
      query_timeout: statementMs ? statementMs + clientGraceMs : undefined,
    });
    super(cache);
    this.pool = pool;
    this.cache = cache;
    this.log = options.logger ?? createLogger('db');
    // An idle client losing its connection emits here; unhandled it would crash the process.
    pool.on('error', (error) => this.log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  }

  protected client(): Client {
    if (this.closed) throw new DbUsageError('Database is closed');
    return this.pool;
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new DbUsageError('Database is closed');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw wrapPostgresError(error);
    }
    const tx = new PostgresTransaction(client, this.cache);
    return runPooledTransaction(
      {
        begin: async () => {
          await tx.run('BEGIN');
        },
        commit: () => tx.commit(),
        rollback: async () => {
          // A connection that is lost or still busy with an unanswered query cannot roll back: it is destroyed.
          if (tx.unusable) throw new Error('connection unusable');
          await client.query('ROLLBACK');
        },
        release: (broken) => client.release(broken),
      },
      tx,
      fn,
      this.log,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

class PostgresTransaction extends PostgresQueries implements Transaction {
  readonly hooks = new AfterCommitHooks();
  done = false;
  unusable = false;

  constructor(
    private readonly connection: pg.PoolClient,
    cache: StatementCache<string>,
  ) {
    super(cache);
  }

  protected client(): Client {
    // After commit/rollback the connection goes back to the pool: a late query must not land on it.
    if (this.done) throw new DbUsageError('Transaction already finished');
    return this.connection;
  }

  protected override lost(): void {
    this.unusable = true;
  }

  async commit(): Promise<void> {
    try {
      await this.connection.query('COMMIT');
    } catch (error) {
      const wrapped = wrapPostgresError(error);
      if (leavesConnectionUnusable(wrapped)) this.unusable = true;
      throw wrapped;
    }
  }

  afterCommit(hook: () => void | Promise<void>): void {
    this.hooks.add(hook);
  }
}
