/** A CLI error: printed as one line (`cortado: <message>`) with exit code 1, never a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Prints an error as one line and exits; unexpected errors keep their message, stacks only with DEBUG. */
export function exitWithError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cortado: ${message.split('\n')[0]}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
