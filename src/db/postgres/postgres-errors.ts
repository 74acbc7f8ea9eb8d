import {
  DbError,
  DbTimeoutError,
  DbUnavailableError,
  DbValueError,
  UniqueViolation,
  unreachableCodes,
} from '../errors.ts';

// SQLSTATEs of a statement cancelled by a timeout: statement_timeout, lock_timeout, idle-in-transaction timeout.
const timeoutStates = new Set(['57014', '55P03', '25P03']);
// The server cannot serve connections now: shutting down, starting up, too many connections.
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);
// pg's own messages for a connection that was never completed, or lost.
const connectionMessage =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error)/;

/**
 * Wraps a pg error into `UniqueViolation` (SQLSTATE 23505), `DbTimeoutError` (a statement or lock timeout, or the
 * client's read timeout: `code` undefined), `DbUnavailableError` (refused, unreachable, lost) or `DbError`.
 */
export function wrapPostgresError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const err = error as { code?: string; message?: string; constraint?: string; detail?: string };
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = err.message ?? 'PostgreSQL error';
  if (code === '23505') {
    // detail: 'Key (email)=(a@b.c) already exists.' or 'Key (doctype, name, fieldname)=(...) already exists.'
    const columns = /^Key \((.*?)\)=/.exec(err.detail ?? '')?.[1]?.split(', ') ?? [];
    const column = columns.length === 1 ? columns[0]!.replace(/^"|"$/g, '') : undefined;
    const constraint = err.constraint;
    const primaryKey = constraint?.endsWith('_pkey') ?? false;
    return new UniqueViolation({ column, constraint, primaryKey, code, cause: error });
  }
  // JavaScript strings always encode to valid UTF-8, so an invalid byte sequence is a NUL character.
  if (code === '22021')
    return new DbValueError('Text cannot contain a NUL character', { code, cause: error });
  if (code && timeoutStates.has(code)) return new DbTimeoutError(message, { code, cause: error });
  if (message === 'Query read timeout') return new DbTimeoutError(message, { cause: error });
  if (code && (unavailableStates.has(code) || code.startsWith('08') || unreachableCodes.has(code)))
    return new DbUnavailableError(message, { code, cause: error });
  if (connectionMessage.test(message)) return new DbUnavailableError(message, { code, cause: error });
  return new DbError(message, { code, cause: error });
}
