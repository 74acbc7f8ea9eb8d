import { FrappeError } from './frappe-error.ts';

// Errors about the site or the server rather than the request's data.

/** How a request names its site, for whoever reached the bench by an address that names none. */
export const siteNameHint =
  'A request names its site by the X-Frappe-Site-Name header, else by its Host: open the site by its name (e.g. http://localhost:8080), or set FRAPPE_SITE_NAME_HEADER=<site> on the router.';

/** 404: the request's site is not in this bench (Frappe's `IncorrectSitePath`), with how sites are named. */
export class IncorrectSitePath extends FrappeError {
  override readonly excType: string = 'IncorrectSitePath';
  override readonly status: number = 404;
  static override defaultTitle = 'Not Found';
  constructor(site: string) {
    super(`${site} does not exist. ${siteNameHint}`);
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

/**
 * 503: a service the request needs cannot be reached right now; the client may try again. Frappe lets the
 * driver's connection error through as a 500; Cortado names it (docs/compat.md).
 */
export class ServiceUnavailable extends FrappeError {
  override readonly excType: string = 'ServiceUnavailable';
  override readonly status: number = 503;
  static override defaultMessage = 'A service is unavailable. Please try again in a few moments.';
  static override defaultTitle = 'Service Unavailable';
}

/** 503: the cache (`redis_cache`) cannot be reached. */
export class CacheUnavailable extends ServiceUnavailable {
  override readonly excType: string = 'CacheUnavailable';
  static override defaultMessage = 'The cache is unavailable. Please try again in a few moments.';
}

/** 503: the job queue and message bus (`redis_queue`) cannot be reached. */
export class QueueUnavailable extends ServiceUnavailable {
  override readonly excType: string = 'QueueUnavailable';
  static override defaultMessage = 'The job queue is unavailable. Please try again in a few moments.';
}

/** 503: the site's database refuses connections or does not answer the connection attempt. */
export class DatabaseUnavailable extends ServiceUnavailable {
  override readonly excType: string = 'DatabaseUnavailable';
  static override defaultMessage = 'The database is unavailable. Please try again in a few moments.';
}

/**
 * 504: the database did not finish a statement, or get a lock, in time (Frappe's name; Frappe answers it with
 * 500). The statement was cancelled and its transaction rolled back: nothing was written.
 */
export class QueryTimeoutError extends FrappeError {
  override readonly excType: string = 'QueryTimeoutError';
  override readonly status: number = 504;
  static override defaultMessage = 'The database did not answer in time. Please try again.';
  static override defaultTitle = 'Timed Out';
}
