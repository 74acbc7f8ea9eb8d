/** What a service's deadline adds to its grace period: time to close its databases and Redis connections. */
export const shutdownMarginMs = 5_000;

/** How long `close` may take before the process exits anyway. */
export interface ShutdownOptions {
  /** Default 30 s. A service passes its own grace period plus a margin. */
  deadlineMs?: number;
}

/**
 * Runs `close` once on SIGINT/SIGTERM, then exits; a second signal exits at once. A `close` that has not finished
 * by the deadline (a dependency that never answers) is abandoned with exit code 1, so that an orchestrator's stop
 * never has to wait for its own SIGKILL.
 */
export function onShutdown(close: () => Promise<void>, options: ShutdownOptions = {}): void {
  let closing = false;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    process.stderr.write(`cortado: ${signal}, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(`cortado: shutdown not finished after ${deadlineMs} ms, exiting\n`);
      process.exit(1);
    }, deadlineMs).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`cortado: shutdown failed: ${(error as Error)?.message ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
