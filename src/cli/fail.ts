/** A CLI error: printed as one line (`cortado: <message>`) with exit code 1, never a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Prints an error as one line and exits; unexpected errors keep their message, stacks only with DEBUG. */
export function exitWithError(error: unknown): never {
  const message = portInUse(error) ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(`cortado: ${message.split('\n')[0]}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

/**
 * The one line for a port another process holds (Node's `EADDRINUSE`), naming the port and how to pick
 * another; undefined for any other error.
 */
export function portInUse(error: unknown): string | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  const which = typeof port === 'number' ? `port ${port}` : 'the port';
  return `${which} is already in use (another Cortado or service holds it): stop it, or choose another port with --port <port> (\`cortado start\` also takes --backend-port and --socketio-port; \`npm start -- --port 8081\`)`;
}
