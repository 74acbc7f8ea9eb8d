import { DbError, UniqueViolation } from '../errors.ts';

/** Wraps a pg error into `UniqueViolation` (SQLSTATE 23505) or `DbError`. */
export function wrapPostgresError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const err = error as { code?: string; message?: string; constraint?: string; detail?: string };
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code === '23505') {
    // detail: 'Key (email)=(a@b.c) already exists.' or 'Key (doctype, name, fieldname)=(...) already exists.'
    const columns = /^Key \((.*?)\)=/.exec(err.detail ?? '')?.[1]?.split(', ') ?? [];
    const column = columns.length === 1 ? columns[0]!.replace(/^"|"$/g, '') : undefined;
    const constraint = err.constraint;
    const primaryKey = constraint?.endsWith('_pkey') ?? false;
    return new UniqueViolation({ column, constraint, primaryKey, code, cause: error });
  }
  return new DbError(err.message ?? 'PostgreSQL error', { code, cause: error });
}
