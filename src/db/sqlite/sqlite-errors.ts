import { DbError, UniqueViolation } from '../errors.ts';

/** Wraps a better-sqlite3 error into `UniqueViolation` or `DbError`. */
export function wrapSqliteError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const err = error as { code?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: tabUser.email" (several "t.c" joined by ", " for composite keys)
    const columns = (err.message ?? '').split(': ')[1]?.split(', ') ?? [];
    const column = columns.length === 1 ? columns[0]!.slice(columns[0]!.indexOf('.') + 1) : undefined;
    return new UniqueViolation({
      column,
      primaryKey: code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
      code,
      cause: error,
    });
  }
  return new DbError(err.message ?? 'SQLite error', { code, cause: error });
}
