/** Why a Socket.IO connection was refused; stable codes the client receives as `err.data.code`. */
export type RefusalCode =
  | 'SITE_UNRESOLVED'
  | 'SITE_NOT_FOUND'
  | 'NAMESPACE_MISMATCH'
  | 'ORIGIN_MISMATCH'
  | 'NO_CREDENTIALS'
  | 'UNAUTHORIZED'
  | 'SESSION_CHECK_FAILED'
  | 'INTERNAL';

/**
 * A refused connection. Socket.IO sends `message` and `data` to the client as its `connect_error`, so the message
 * says plainly what was wrong and what was expected (site-name mix-ups are frappe_docker's most common failure).
 *
 * @example socket.on('connect_error', (e) => console.log(e.message, e.data.code)); // 'site x does not exist ...', 'SITE_NOT_FOUND'
 */
export class ConnectionRefusedError extends Error {
  override name = 'ConnectionRefusedError';
  readonly data: { code: RefusalCode };

  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.data = { code };
  }
}
