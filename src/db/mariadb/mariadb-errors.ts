import { DbError, UniqueViolation } from '../errors.ts';

/** Wraps a mysql2 error into `UniqueViolation` (ER_DUP_ENTRY, 1062) or `DbError`. */
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
  return new DbError(message, { code, cause: error });
}
