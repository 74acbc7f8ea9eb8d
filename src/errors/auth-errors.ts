import { FrappeError } from './frappe-error.ts';

// Who may do what: 401 (not authenticated), 403 (not permitted), 400 (a bad token).

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
