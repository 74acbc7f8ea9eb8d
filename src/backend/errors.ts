// The error catalogue (FRAPPE-WIRE §4): one named type per Frappe exception, carrying its `exc_type`
// and HTTP status. Code throws these where the problem happens; `error-render.ts` turns them into
// responses in one place. This module imports nothing, so model/ and auth/ may throw these too.

/** Options every catalogue error accepts. */
export interface FrappeErrorOptions {
  /** Dialog title in `_server_messages` / v2 `errors[].title`. */
  title?: string;
  /** The underlying error, logged but never sent to the client. */
  cause?: unknown;
}

/**
 * Base of every renderable error: Frappe's exception class name (`excType`) and HTTP status.
 *
 * @example throw new PermissionError(); // 403 {"exc_type":"PermissionError", ...}
 */
export class FrappeError extends Error {
  static defaultMessage = 'Something went wrong';
  static defaultTitle = 'Message';
  /** Frappe's exception class name, sent as `exc_type`. */
  readonly excType: string = 'Exception';
  readonly status: number = 500;
  /** Python module of the exception, for the one-line `exception` field. */
  readonly module: string = 'frappe.exceptions';
  readonly title: string;

  constructor(message?: string, options: FrappeErrorOptions = {}) {
    const type = new.target as typeof FrappeError;
    super(message ?? type.defaultMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.title = options.title ?? type.defaultTitle;
  }

  /** Frappe's `exception` line, e.g. `frappe.exceptions.PermissionError: Not permitted`. */
  get exceptionLine(): string {
    const qualified = this.module ? `${this.module}.${this.excType}` : this.excType;
    return this.message ? `${qualified}: ${this.message}` : qualified;
  }
}

/** 417: input that fails validation (Frappe's catch-all for bad input). */
export class ValidationError extends FrappeError {
  override readonly excType: string = 'ValidationError';
  override readonly status: number = 417;
  static override defaultMessage = 'Invalid input';
}
/** 417: a mandatory field or argument is missing. */
export class MandatoryError extends ValidationError {
  override readonly excType: string = 'MandatoryError';
  static override defaultMessage = 'Missing mandatory value';
}
/** 417: the client's `modified` differs from the stored one (optimistic concurrency). */
export class TimestampMismatchError extends ValidationError {
  override readonly excType: string = 'TimestampMismatchError';
  static override defaultMessage = 'Document has been modified after you have opened it';
}
/** 417: an illegal docstatus change (1→0, 2→anything). */
export class DocstatusTransitionError extends ValidationError {
  override readonly excType: string = 'DocstatusTransitionError';
  static override defaultMessage = 'Cannot change docstatus';
}
/** 417: a Link value that points at no document. */
export class LinkValidationError extends ValidationError {
  override readonly excType: string = 'LinkValidationError';
  static override defaultMessage = 'Could not find linked document';
}
/** 417: a bad query (unknown field in fields/filters, unknown operator). */
export class DataError extends ValidationError {
  override readonly excType: string = 'DataError';
  static override defaultMessage = 'Field not permitted in query';
}
/** 417: an argument of the wrong type for a whitelisted method. */
export class FrappeTypeError extends ValidationError {
  override readonly excType: string = 'FrappeTypeError';
  static override defaultMessage = 'Invalid argument type';
}

/** 401: not logged in, or bad credentials. */
export class AuthenticationError extends FrappeError {
  override readonly excType: string = 'AuthenticationError';
  override readonly status: number = 401;
  static override defaultMessage = 'Not logged in';
  static override defaultTitle = 'Not Permitted';
}
/** 401: the session ended. */
export class SessionExpired extends AuthenticationError {
  override readonly excType: string = 'SessionExpired';
  static override defaultMessage = 'Session Expired';
}

/** 403: the user may not do this (also: unknown or non-guest method for Guest). */
export class PermissionError extends FrappeError {
  override readonly excType: string = 'PermissionError';
  override readonly status: number = 403;
  static override defaultMessage = 'Not permitted';
  static override defaultTitle = 'Not Permitted';
}

/** 404: no such document (or page). */
export class DoesNotExistError extends ValidationError {
  override readonly excType: string = 'DoesNotExistError';
  override readonly status: number = 404;
  static override defaultMessage = 'Not found';
  static override defaultTitle = 'Not Found';
}
/** 404: the request's site is not in this bench (Frappe's `IncorrectSitePath`). */
export class IncorrectSitePath extends FrappeError {
  override readonly excType: string = 'IncorrectSitePath';
  override readonly status: number = 404;
  static override defaultTitle = 'Not Found';
  constructor(site: string) {
    super(`${site} does not exist`);
  }
}

/** 409: a document name that cannot be used. */
export class NameError extends FrappeError {
  override readonly excType: string = 'NameError';
  override readonly status: number = 409;
  static override defaultMessage = 'Invalid name';
}
/** 409: a unique value (or name) already exists. */
export class DuplicateEntryError extends NameError {
  override readonly excType: string = 'DuplicateEntryError';
  static override defaultMessage = 'Duplicate entry';
}

/** 400: missing or wrong CSRF token on an unsafe request of a cookie session. */
export class CSRFTokenError extends FrappeError {
  override readonly excType: string = 'CSRFTokenError';
  override readonly status: number = 400;
  static override defaultMessage = 'Invalid Request';
}
/** 400: an Authorization header that cannot be decoded. */
export class InvalidAuthorizationToken extends CSRFTokenError {
  override readonly excType: string = 'InvalidAuthorizationToken';
  static override defaultMessage = 'Failed to decode token, please provide a valid base64-encoded token.';
}

/** 429: too many attempts. */
export class RateLimitExceededError extends ValidationError {
  override readonly excType: string = 'RateLimitExceededError';
  override readonly status: number = 429;
  static override defaultMessage = 'Too many requests. Please try again later.';
}

/** 413: the request body is over the limit (werkzeug's name, which Frappe surfaces). */
export class RequestEntityTooLarge extends FrappeError {
  override readonly excType: string = 'RequestEntityTooLarge';
  override readonly status: number = 413;
  override readonly module: string = 'werkzeug.exceptions';
  static override defaultMessage = 'Request body too large';
}

/** 503: the site is stopped (maintenance mode). */
export class SessionStopped extends FrappeError {
  override readonly excType: string = 'SessionStopped';
  override readonly status: number = 503;
  static override defaultMessage = 'Session Stopped';
}
/** 503: the site is read-only. */
export class InReadOnlyMode extends ValidationError {
  override readonly excType: string = 'InReadOnlyMode';
  override readonly status: number = 503;
  static override defaultMessage = 'This site is in read only mode';
}

/** 500: anything unexpected. The real error is logged; the client sees only this message. */
export class ServerError extends FrappeError {
  override readonly module: string = '';
  static override defaultMessage = 'Internal Server Error';
  static override defaultTitle = 'Server Error';
}
