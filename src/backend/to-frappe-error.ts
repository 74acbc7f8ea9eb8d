import { BusUnavailableError } from '../bus/errors.ts';
import { CacheUnavailableError } from '../cache/errors.ts';
import { DbError, DbTimeoutError, DbUnavailableError, DbValueError, UniqueViolation } from '../db/errors.ts';
import {
  CacheUnavailable,
  DatabaseUnavailable,
  DataError,
  DoesNotExistError,
  DuplicateEntryError,
  FrappeError,
  QueryTimeoutError,
  QueueUnavailable,
  RequestEntityTooLarge,
  ServerError,
  ValidationError,
} from '../errors/index.ts';
import { QueueUnavailableError } from '../jobs/errors.ts';

/**
 * Maps anything thrown while handling a request onto the catalogue: catalogue errors pass through,
 * database unique violations become DuplicateEntryError, a value the database cannot hold a DataError, an
 * unreachable cache, queue or database a 503 and a database timeout a 504 (their details, addresses included,
 * stay in the log), Fastify's own errors keep their meaning, and everything else is a 500 whose details stay
 * in the log.
 */
export function toFrappeError(error: unknown): FrappeError {
  if (error instanceof FrappeError) return error;
  // The db layer wraps driver errors; its messages never carry SQL, so a duplicate's message can be shown.
  if (error instanceof UniqueViolation) return new DuplicateEntryError(error.message, { cause: error });
  if (error instanceof DbValueError) return new DataError(error.message, { cause: error });
  const unavailable = dependencyError(error);
  if (unavailable) return unavailable;
  const fastify = fastifyError(error);
  if (fastify) return fastify;
  return new ServerError(undefined, { cause: error });
}

// Looks through `cause`s too: a layer may wrap the failure it could not get past.
function dependencyError(thrown: unknown): FrappeError | undefined {
  for (let error = thrown, depth = 0; error instanceof Error && depth < 5; error = error.cause, depth++) {
    const mapped = dependencyErrorOf(error);
    if (mapped) return mapped;
  }
  return undefined;
}

function dependencyErrorOf(error: Error): FrappeError | undefined {
  if (error instanceof CacheUnavailableError) return new CacheUnavailable(undefined, { cause: error });
  if (error instanceof QueueUnavailableError || error instanceof BusUnavailableError)
    return new QueueUnavailable(undefined, { cause: error });
  if (error instanceof DbUnavailableError) return new DatabaseUnavailable(undefined, { cause: error });
  // SQLite's busy timeout is its lock timeout.
  if (error instanceof DbTimeoutError || (error instanceof DbError && error.code === 'SQLITE_BUSY'))
    return new QueryTimeoutError(undefined, { cause: error });
  return undefined;
}

function fastifyError(error: unknown): FrappeError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number')
    return undefined;
  if (statusCode === 413) return new RequestEntityTooLarge(undefined, { cause: error });
  if (statusCode === 404) return new DoesNotExistError('Not found', { cause: error });
  if (statusCode >= 400 && statusCode < 500) {
    // Fastify's messages are about the request's syntax, never server state, so they are safe to show.
    return new ValidationError(`Invalid request: ${(error as Error).message}`, { cause: error });
  }
  return undefined;
}
