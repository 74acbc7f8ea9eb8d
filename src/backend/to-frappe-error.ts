import { UniqueViolation } from '../db/errors.ts';
import {
  DoesNotExistError,
  DuplicateEntryError,
  FrappeError,
  RequestEntityTooLarge,
  ServerError,
  ValidationError,
} from '../errors/index.ts';

/**
 * Maps anything thrown while handling a request onto the catalogue: catalogue errors pass through,
 * database unique violations become DuplicateEntryError, Fastify's own errors keep their meaning,
 * and everything else is a 500 whose details stay in the log.
 */
export function toFrappeError(error: unknown): FrappeError {
  if (error instanceof FrappeError) return error;
  // The db layer wraps driver errors; its messages never carry SQL, so a duplicate's message can be shown.
  if (error instanceof UniqueViolation) return new DuplicateEntryError(error.message, { cause: error });
  const fastify = fastifyError(error);
  if (fastify) return fastify;
  return new ServerError(undefined, { cause: error });
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
