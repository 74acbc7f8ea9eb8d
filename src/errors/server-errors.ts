import { FrappeError } from './frappe-error.ts';

// Errors about the site or the server rather than the request's data.

/** 404: the request's site is not in this bench (Frappe's `IncorrectSitePath`). */
export class IncorrectSitePath extends FrappeError {
  override readonly excType: string = 'IncorrectSitePath';
  override readonly status: number = 404;
  static override defaultTitle = 'Not Found';
  constructor(site: string) {
    super(`${site} does not exist`);
  }
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

/** 500: anything unexpected. The real error is logged; the client sees only this message. */
export class ServerError extends FrappeError {
  override readonly module: string = '';
  static override defaultMessage = 'Internal Server Error';
  static override defaultTitle = 'Server Error';
}
