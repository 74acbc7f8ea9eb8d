// Driver errors wrapped into named types, so callers never depend on a driver's error shape
// and never show SQL to a client (the SQL is not part of any message).

/** A database operation failed. `code` is the driver's code (e.g. `23503`, `ER_NO_SUCH_TABLE`, `SQLITE_BUSY`). */
export class DbError extends Error {
  override name = 'DbError';
  readonly code: string | undefined;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
  }
}

/** What a unique violation names, when the driver tells. */
export interface UniqueViolationDetail {
  /** The single column whose value is duplicated (`name` for a primary key on a DocType table). */
  column?: string;
  /** The constraint or index name. */
  constraint?: string;
  /** True when the primary key was violated (for DocType tables: a duplicate `name`). */
  primaryKey: boolean;
  code?: string;
  cause?: unknown;
}

/** An INSERT/UPDATE would duplicate a unique value (Frappe's `DuplicateEntryError` / `UniqueValidationError`). */
export class UniqueViolation extends DbError {
  override name = 'UniqueViolation';
  readonly column: string | undefined;
  readonly constraint: string | undefined;
  readonly primaryKey: boolean;
  constructor(detail: UniqueViolationDetail) {
    super(detail.column ? `Duplicate value for ${detail.column}` : 'Duplicate entry', detail);
    this.column = detail.column;
    this.constraint = detail.constraint;
    this.primaryKey = detail.primaryKey;
  }
}

/** A bound value the database cannot hold: PostgreSQL refuses a NUL character in text (SQLSTATE 22021). */
export class DbValueError extends DbError {
  override name = 'DbValueError';
}

/** The handle was used after `close()`, or in a way that would deadlock. */
export class DbUsageError extends DbError {
  override name = 'DbUsageError';
}

/** DocType meta that cannot become a table: an invalid DocType name or fieldname, a duplicate fieldname. */
export class SchemaError extends DbError {
  override name = 'SchemaError';
}

/** `new-site` asked for a server database that already exists. */
export class DatabaseExistsError extends DbError {
  override name = 'DatabaseExistsError';
  constructor(readonly database: string) {
    super(`Database ${database} already exists`);
  }
}

/** The database server cannot be reached: connection refused, host unknown, or the connection was lost or not completed in time. */
export class DbUnavailableError extends DbError {
  override name = 'DbUnavailableError';
}

/** A statement or a lock wait ran past its timeout (or the server stopped answering): it was cancelled, its transaction rolled back. */
export class DbTimeoutError extends DbError {
  override name = 'DbTimeoutError';
}

/** Node's socket error codes for a database server that cannot be reached (every driver sees these). */
export const unreachableCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
]);
