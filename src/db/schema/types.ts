// The shapes schema sync works with: what a table should be (spec) and what it is (info).

/** A column as meta wants it. `type` is the dialect's type text, as introspection reports it back. */
export interface ColumnSpec {
  name: string;
  type: string;
  notNull: boolean;
  /** The column default: a number for numeric types, a string literal value, or null for none. */
  default: string | number | null;
  primaryKey?: boolean;
}

/** A single-column index as meta wants it. */
export interface IndexSpec {
  name: string;
  column: string;
  unique: boolean;
}

/** The whole table a DocType should have. */
export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
}

/** A column as the database reports it (type in the same canonical text as `ColumnSpec.type`). */
export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
  /** The default's value without quotes or casts, or null. */
  default: string | null;
  /** The default exactly as the database holds it (SQL text), to copy a column unchanged. */
  defaultSql: string | null;
  primaryKey: boolean;
}

/** An index as the database reports it. `sql` is its CREATE statement where the database keeps one (SQLite). */
export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  sql?: string | null;
}

/** A table as the database reports it. */
export interface TableInfo {
  columns: Map<string, ColumnInfo>;
  indexes: IndexInfo[];
}
