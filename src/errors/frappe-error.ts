// The root of the error catalogue (docs/wire.md §4): every Frappe exception Cortado raises is a subclass
// carrying its `exc_type` and HTTP status. This folder imports nothing, so every layer may throw these;
// the HTTP layer renders them in one place.

/** Options every catalogue error accepts. */
export interface FrappeErrorOptions {
  /** Dialog title in `_server_messages` / v2 `errors[].title` (Frappe's `frappe.throw(..., title=)`), and the page's. */
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
  /** Title of the HTML error page (Frappe's page titles: "Not Permitted", "Not Found"). */
  readonly title: string;
  /**
   * Title of the message in `_server_messages` and v2 `errors[].title`: Frappe's msgprint default "Message",
   * unless the thrower names one (`options.title`).
   */
  readonly messageTitle: string;

  constructor(message?: string, options: FrappeErrorOptions = {}) {
    const type = new.target as typeof FrappeError;
    super(message ?? type.defaultMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.title = options.title ?? type.defaultTitle;
    this.messageTitle = options.title ?? 'Message';
  }

  /** Frappe's `exception` line, e.g. `frappe.exceptions.PermissionError: Not permitted`. */
  get exceptionLine(): string {
    const qualified = this.module ? `${this.module}.${this.excType}` : this.excType;
    return this.message ? `${qualified}: ${this.message}` : qualified;
  }
}
