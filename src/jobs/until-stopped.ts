import type { JobStop } from './job-stop.ts';

/**
 * Settles with `work`, or rejects as soon as the job is stopped, with the stop's reason (`JobTimeoutError` or
 * `JobInterruptedError`). The work is left behind (JavaScript cannot stop it); a job's transaction is rolled
 * back by the rejection, so its later queries fail instead of writing.
 */
export function untilStopped<T>(work: () => T | Promise<T>, stop: JobStop): Promise<T> {
  if (stop.reason) return Promise.reject(stop.reason);
  return new Promise<T>((resolve, reject) => {
    const forget = stop.onStop(reject);
    Promise.resolve()
      .then(work)
      .then(
        (value) => {
          forget();
          resolve(value);
        },
        (error: unknown) => {
          forget();
          reject(error);
        },
      );
  });
}
