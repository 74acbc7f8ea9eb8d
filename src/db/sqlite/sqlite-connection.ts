import type BetterSqlite3 from 'better-sqlite3';
import type { Row, RunResult } from '../database.ts';
import { StatementCache } from '../statement-cache.ts';
import { bindParams, normalizeTemporal } from '../values.ts';
import { type RowMaker, rowMaker } from './row-maker.ts';
import { wrapSqliteError } from './sqlite-errors.ts';

/** A prepared statement and what running it needs, worked out once. */
export interface Prepared {
  statement: BetterSqlite3.Statement;
  /** It returns rows (a SELECT, or a write with RETURNING). */
  reader: boolean;
  /** It does not write (SQLite's own judgement): safe on the read-only connection. */
  readonly: boolean;
  /** Builds a row object from a raw row (value array), when the statement runs in raw mode. */
  makeRow: RowMaker | undefined;
  /** Result columns declared datetime/time, whose stored text is padded to six fraction digits on read. */
  temporal: { index: number; name: string }[];
}

// A result that expands `*` takes its columns from the table as it is when the statement runs: another process's
// ALTER makes SQLite re-prepare the statement with other columns, which a row maker made earlier would misname.
// Such statements keep better-sqlite3's own rows (named as they come); explicit column lists cannot change.
const expandsStar = /(?:\b(?:select\s+(?:distinct\s+|all\s+)?|returning\s+)|,\s*|\.)\*/i;

/** One better-sqlite3 connection with a statement cache; synchronous, errors wrapped. */
export class SqliteConnection {
  private readonly cache = new StatementCache<Prepared>();

  /** `onDdl` runs after this connection changes the schema (so the other connection can forget its statements). */
  constructor(
    readonly raw: BetterSqlite3.Database,
    private readonly onDdl?: () => void,
  ) {}

  /** The prepared statement for `sql` (cached). */
  prepare(sql: string): Prepared {
    try {
      return this.cache.get(sql, (text) => {
        const statement = this.raw.prepare(text);
        const { reader, readonly } = statement;
        if (!reader) return { statement, reader, readonly, makeRow: undefined, temporal: [] };
        const columns = statement.columns();
        const temporal = columns
          .map((c, index) => ({ index, name: c.name, type: c.type }))
          .filter((c) => c.type && /^(datetime|timestamp|time)\b/i.test(c.type))
          .map(({ index, name }) => ({ index, name }));
        if (expandsStar.test(text)) return { statement, reader, readonly, makeRow: undefined, temporal };
        statement.raw(true);
        return { statement, reader, readonly, makeRow: rowMaker(columns.map((c) => c.name)), temporal };
      });
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  all<T extends Row>(sql: string, params?: readonly unknown[]): T[] {
    return this.allPrepared<T>(this.prepare(sql), params);
  }

  /** `all` for a statement already prepared (the caller looked it up to choose a connection). */
  allPrepared<T extends Row>(prepared: Prepared, params?: readonly unknown[]): T[] {
    try {
      if (!prepared.reader) {
        this.execute(prepared, params);
        return [];
      }
      const rows = prepared.statement.all(...bindParams(params)) as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = toRow(prepared, rows[i]);
      return rows as T[];
    } catch (error) {
      throw wrapSqliteError(error);
    }
  }

  one<T extends Row>(sql: string, params?: readonly unknown[]): T | undefined {
    return this.onePrepared<T>(this.prepare(sql), params);
  }

  /** `one` for a statement already prepared. */
  onePrepared<T extends Row>(prepared: Prepared, params?: readonly unknown[]): T | undefined {
    try {
      if (!prepared.reader) {
        this.execute(prepared, params);
        return undefined;
      }
      const result = prepared.statement.get(...bindParams(params));
      return result === undefined ? undefined : (toRow(prepared, result) as T);
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
    if (prepared.reader) {
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

// A raw row made into an object, or the driver's own row; either way with datetimes in Frappe's shape.
function toRow(prepared: Prepared, result: unknown): Row {
  const { makeRow, temporal } = prepared;
  if (!makeRow) {
    const row = result as Row;
    for (const { name } of temporal) row[name] = normalizeTemporal(row[name]);
    return row;
  }
  const values = result as unknown[];
  for (const { index } of temporal) values[index] = normalizeTemporal(values[index]);
  return makeRow(values);
}

function isDdl(sql: string): boolean {
  return /^\s*(create|alter|drop)\b/i.test(sql);
}
