import type { SiteConfig } from '../config/schema.ts';

/**
 * How long a server database may take, in milliseconds (0 or absent: no limit). A connection attempt past
 * `connectMs` fails (a server that accepts TCP and never answers); a statement past `statementMs` is cancelled by
 * the server, and the client gives up `clientGraceMs` later if the server does not answer at all; a lock wait
 * past `lockMs` fails. Either way the connection is released and the transaction rolled back.
 */
export interface DbTimeouts {
  connectMs?: number | undefined;
  statementMs?: number | undefined;
  lockMs?: number | undefined;
}

/** Defaults of the site/common config keys `db_connect_timeout`, `db_statement_timeout`, `db_lock_timeout` (seconds). */
export const defaultDbTimeoutSeconds = { connect: 5, statement: 60, lock: 20 } as const;

/** How much longer than the statement timeout the client waits for a server that does not answer at all. */
export const clientGraceMs = 5_000;

/**
 * The timeouts of a site's database from its config (site keys override common ones). Administrative commands
 * (migrate, backup, restore) take only the connect timeout: their statements may rightly run long and wait for
 * locks; the serving processes (`statements`) take all three.
 */
export function dbTimeouts(config: SiteConfig, { statements = false } = {}): DbTimeouts {
  const seconds = (value: number | undefined, fallback: number) => (value ?? fallback) * 1000;
  const connectMs = seconds(config.db_connect_timeout, defaultDbTimeoutSeconds.connect);
  if (!statements) return { connectMs };
  return {
    connectMs,
    statementMs: seconds(config.db_statement_timeout, defaultDbTimeoutSeconds.statement),
    lockMs: seconds(config.db_lock_timeout, defaultDbTimeoutSeconds.lock),
  };
}
