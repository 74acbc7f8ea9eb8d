import type { DbType } from '../config/schema.ts';

export type { DbType };

/** A result row: column name to value. Datetimes are strings `YYYY-MM-DD HH:MM:SS.ffffff`. */
export type Row = Record<string, unknown>;

/** What `run` reports: rows changed by an INSERT/UPDATE/DELETE. */
export interface RunResult {
  changes: number;
}

/** The SQL differences between databases that callers need when they build SQL. */
export interface SqlDialect {
  readonly type: DbType;
  /** Quotes an identifier that came from validated meta: `"tabUser"` or `` `tabUser` ``. */
  quote(identifier: string): string;
  /** A case-insensitive LIKE operator fragment for this database (`ILIKE` on Postgres, `LIKE` elsewhere). */
  readonly likeOperator: string;
}

/**
 * SQL with `?` placeholders (converted per database), parameters always bound.
 *
 * @example const rows = await db.all('select name from "tabUser" where enabled = ?', [1]);
 */
export interface Queryable {
  readonly dialect: SqlDialect;
  all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  one<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
}

/** A transaction: queries on it see its own writes; hooks run only after it commits. */
export interface Transaction extends Queryable {
  /** Runs after a successful commit (in registration order); dropped on rollback. */
  afterCommit(hook: () => void | Promise<void>): void;
}

/** One site's database handle. Reads outside a transaction see committed data only. */
export interface Database extends Queryable {
  /** Runs `fn` in a transaction: commits when it resolves, rolls back when it throws (and rethrows). */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
