import { DbError, DbTimeoutError, DbUnavailableError, UniqueViolation, unreachableCodes } from '../errors.ts';

// A statement cancelled by a timeout: lock wait (1205), MariaDB's max_statement_time (1969), MySQL's
// max_execution_time (3024), or the client's own read timeout.
const timeoutCodes = new Set([
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
const timeoutErrnos = new Set([1205, 1969, 3024]);
// The server cannot be reached or serve a connection now.
const unavailableCodes = new Set([
  ...unreachableCodes,
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * Wraps a mysql2 error into `UniqueViolation` (ER_DUP_ENTRY, 1062), `DbTimeoutError`, `DbUnavailableError` or
 * `DbError`.
 */
export function wrapMariadbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const err = error as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = err.sqlMessage ?? err.message ?? 'MariaDB error';
  if (err.errno === 1062 || code === 'ER_DUP_ENTRY') {
    // "Duplicate entry 'a@b.c' for key 'email'" (MySQL 8 prefixes the table: 'tabUser.email').
    const key = /for key '([^']*)'\s*$/.exec(message)?.[1]?.split('.').pop();
    const primaryKey = key === 'PRIMARY';
    // Cortado names a single-column unique index after its column (as Frappe does).
    const column = key && !primaryKey ? key : undefined;
    return new UniqueViolation({ column, constraint: key, primaryKey, code, cause: error });
  }
  if ((code && timeoutCodes.has(code)) || (err.errno !== undefined && timeoutErrnos.has(err.errno)))
    return new DbTimeoutError(message, { code, cause: error });
  if (code && unavailableCodes.has(code)) return new DbUnavailableError(message, { code, cause: error });
  return new DbError(message, { code, cause: error });
}

/** Whether a connection that raised `error` must be destroyed rather than reused (lost, or a query still unanswered). */
export function leavesConnectionUnusable(error: DbError): boolean {
  return error instanceof DbUnavailableError || error.code === 'PROTOCOL_SEQUENCE_TIMEOUT';
}
