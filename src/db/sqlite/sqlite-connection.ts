import type BetterSqlite3 from 'better-sqlite3';
import type { Row, RunResult } from '../database.ts';
import { StatementCache } from '../statement-cache.ts';
import { bindParams, normalizeTemporal } from '../values.ts';
import { wrapSqliteError } from './sqlite-errors.ts';

interface Prepared {
  statement: BetterSqlite3.Statement;
  /** Result columns declared datetime/time, whose stored text is padded to six fraction digits on read. */
  temporal: string[];
}

/** One better-sqlite3 connection with a statement cache; synchronous, errors wrapped. */
export class SqliteConnection {
  private readonly cache = new StatementCache<Prepared>();

  /** `onDdl` runs after this connection changes the schema (so the other connection can forget its statements). */
  constructor(
    readonly raw: BetterSqlite3.Database,
    private readonly onDdl?: () => void,
  ) {}

  /** The prepared statement for `sql` (cached); tells whether it only reads. */
  prepare(sql: string): Prepared {
    try {
      return this.cache.get(sql, (text) => {
        const statement = this.raw.prepare(text);
        const temporal = statement.reader
          ? statement
              .columns()
              .filter((c) => c.type && /^(datetime|timestamp|time)\b/i.test(c.type))
              .map((c) => c.name)
          : [];
        return { statement, temporal };
      });
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  all<T extends Row>(sql: string, params?: readonly unknown[]): T[] {
    const prepared = this.prepare(sql);
    try {
      if (!prepared.statement.reader) {
        this.execute(prepared, params);
        return [];
      }
      const rows = prepared.statement.all(...bindParams(params)) as T[];
      if (prepared.temporal.length) for (const row of rows) normalizeRow(row, prepared.temporal);
      return rows;
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  one<T extends Row>(sql: string, params?: readonly unknown[]): T | undefined {
    const prepared = this.prepare(sql);
    try {
      if (!prepared.statement.reader) {
        this.execute(prepared, params);
        return undefined;
      }
      const row = prepared.statement.get(...bindParams(params)) as T | undefined;
      if (row && prepared.temporal.length) normalizeRow(row, prepared.temporal);
      return row;
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  run(sql: string, params?: readonly unknown[]): RunResult {
    const prepared = this.prepare(sql);
    try {
      return this.execute(prepared, params);
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  /** Runs SQL without parameters or caching (transaction control, pragmas, DDL scripts). */
  exec(sql: string): void {
    try {
      this.raw.exec(sql);
      if (isDdl(sql)) {
        this.cache.clear();
        this.onDdl?.();
      }
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  /** Forgets prepared statements (after DDL, whose result columns may have changed). */
  clearCache(): void {
    this.cache.clear();
  }

  private execute(prepared: Prepared, params?: readonly unknown[]): RunResult {
    const { statement } = prepared;
    if (statement.reader) {
      statement.all(...bindParams(params));
      return { changes: 0 };
    }
    const result = statement.run(...bindParams(params));
    // DDL can change what a cached SELECT returns; re-preparing is cheap and keeps column info right.
    if (isDdl(statement.source)) {
      this.cache.clear();
      this.onDdl?.();
    }
    return { changes: result.changes };
  }
}

function normalizeRow(row: Row, columns: string[]): void {
  for (const column of columns) row[column] = normalizeTemporal(row[column]);
}

function isDdl(sql: string): boolean {
  return /^\s*(create|alter|drop)\b/i.test(sql);
}
