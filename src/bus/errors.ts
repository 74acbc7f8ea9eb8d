/** The bus cannot be reached (Redis down, refused, timed out): the message was not published / not subscribed. */
export class BusUnavailableError extends Error {
  override name = 'BusUnavailableError';
  readonly code = 'BUS_UNAVAILABLE';
  constructor(where: string, cause: unknown) {
    super(`bus at ${where} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** The bus was used after `close()`. */
export class BusClosedError extends Error {
  override name = 'BusClosedError';
  readonly code = 'BUS_CLOSED';
  constructor() {
    super('bus: used after close()');
  }
}
