// The query engine's errors. They extend the error catalogue (src/errors, the bottom layer) so the HTTP
// layer renders them as Frappe does; each also carries `httpStatus` for callers that map by `excType`.
import { DataError as CatalogueDataError, DoesNotExistError, PermissionError } from '../../errors/index.ts';

/**
 * 417 `DataError`: a list request the engine refuses (unknown field, bad operator, hostile syntax).
 *
 * @example throw new DataError('Field not permitted in query: secret');
 */
export class DataError extends CatalogueDataError {
  /** The HTTP status the backend answers with (417). */
  get httpStatus(): number {
    return this.status;
  }
}

/** 403 `PermissionError`: the user may not read the DocType (or the parent of a child DocType). */
export class QueryPermissionError extends PermissionError {
  /** The HTTP status the backend answers with (403). */
  get httpStatus(): number {
    return this.status;
  }
}

/** 404 `DoesNotExistError`: the DocType named in the request has no meta. */
export class UnknownDocTypeError extends DoesNotExistError {
  constructor(doctype: string) {
    super(`DocType ${doctype} not found`);
  }
  /** The HTTP status the backend answers with (404). */
  get httpStatus(): number {
    return this.status;
  }
}

/** The one message for a field the meta does not know (docs/wire.md §2). */
export function fieldNotPermitted(field: string): DataError {
  return new DataError(`Field not permitted in query: ${clip(field)}`);
}

/** A request value for an error message: text as is, anything else as JSON (never its own `toString`). */
export function shown(value: unknown, max = 140): string {
  return clip(typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value), max);
}

/** Shortens user input quoted in an error message. */
export function clip(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
