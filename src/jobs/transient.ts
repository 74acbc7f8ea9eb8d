import { RetryJobError } from './errors.ts';

// Failures worth another run: the same job, run again a little later, would likely succeed. Frappe retries
// deadlocks (1213), lock wait timeouts (1205) and RetryBackgroundJobError; Cortado adds the equivalents on
// PostgreSQL and SQLite and lost connections (the database or Redis restarting under a running worker).
const transientCodes = new Set([
  // PostgreSQL: serialization failure, deadlock, lock not available, shutdown, too many connections, connection
  '40001',
  '40P01',
  '55P03',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // MariaDB
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'PROTOCOL_CONNECTION_LOST',
  // SQLite: another process holds the file's lock past the busy timeout
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_LOCKED',
  // sockets
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Whether a job's failure is transient (retried with backoff) rather than a bug or bad data (failed at once):
 * `RetryJobError`, deadlocks, lock timeouts, busy databases and lost connections, looked up through `cause`s.
 */
export function isTransientError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RetryJobError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && transientCodes.has(code)) return true;
  }
  return false;
}

/** The wait before run `attempt + 1`: `baseMs`, doubling per attempt, at most a minute. */
export function backoffDelay(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
}
