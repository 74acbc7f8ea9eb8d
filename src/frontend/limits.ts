// Request header limits (nginx: `large_client_header_buffers 4 8k`; Node's default is 16 KiB in total).

/** Largest request head (request line + headers) accepted; beyond it the answer is 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Most header fields accepted in one request; beyond it the answer is 431. */
export const MAX_HEADER_COUNT = 100;
