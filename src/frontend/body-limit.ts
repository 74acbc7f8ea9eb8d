// CLIENT_MAX_BODY_SIZE for bodies whose size is not announced (chunked). Announced sizes are
// checked before anything is forwarded; this counts the bytes of the others as they stream.
import { Transform, type TransformCallback } from 'node:stream';

/** The error a {@link BodyLimit} fails with; the router answers 413 for it. */
export class BodyTooLargeError extends Error {
  readonly code = 'CORTADO_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * A pass-through that errors with {@link BodyTooLargeError} once more than `limit` bytes went
 * through (0 = no limit: a plain pass-through).
 *
 * @example const body = req.pipe(new BodyLimit(50 * 1024 * 1024));
 */
export class BodyLimit extends Transform {
  readonly #limit: number;
  #seen = 0;

  constructor(limit: number) {
    super();
    this.#limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#limit > 0 && this.#seen > this.#limit) callback(new BodyTooLargeError(this.#limit));
    else callback(null, chunk);
  }
}
