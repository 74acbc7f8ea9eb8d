import { JobInterruptedError, JobTimeoutError } from './errors.ts';

/**
 * Settles with `work`, or rejects as soon as `signal` aborts: with its `JobTimeoutError`, else with
 * `JobInterruptedError`. The work is left behind (JavaScript cannot stop it); a job's transaction is rolled
 * back by the rejection, so its later queries fail instead of writing.
 */
export function untilAborted<T>(work: () => T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(work)
      .then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof JobTimeoutError || reason instanceof JobInterruptedError
    ? reason
    : new JobInterruptedError();
}
