import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../config/log.ts';

/**
 * ioredis settings for a client whose callers must fail fast (cache, bus, job producer): a command queued or in
 * flight fails at the first lost connection instead of waiting for reconnect attempts; a silent Redis fails it
 * after `commandTimeout`; reconnects keep going at most a second apart, so service resumes on its own.
 * Blocking clients (BullMQ's workers) must not use these: their commands block for longer than the timeout.
 */
export function fastFailOptions(commandTimeoutMs = 1_000): RedisOptions {
  return {
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times: number) => Math.min(times * 100, 1_000),
  };
}

/** How often a continuing outage is summarised in the log. */
const summaryEveryMs = 30_000;

/**
 * The state of one process's connections to one Redis, and the three kinds of log line of an outage: when it starts,
 * every 30 s while it lasts (with how many connection failures), and when it ends. A reconnect loop otherwise
 * writes a line per attempt per connection.
 */
class Outage {
  /** Clients watched (not yet forgotten). */
  clients = 0;
  readonly #down = new Set<object>();
  #since = 0;
  #failures = 0;
  #lastLine = 0;

  constructor(
    readonly where: string,
    readonly log: Logger,
  ) {}

  get active(): boolean {
    return this.#down.size > 0;
  }

  /** A connection failed (or failed again). */
  failed(connection: object, role: string, error: unknown): void {
    const now = Date.now();
    if (!this.active) {
      this.#down.add(connection);
      this.#since = now;
      this.#failures = 1;
      this.#lastLine = now;
      this.log.warn({ redis: this.where, role, reason: messageOf(error) }, 'redis unavailable; retrying');
      return;
    }
    this.#down.add(connection);
    this.count(error);
  }

  /** One more failure during the outage; writes the periodic summary when it is due. */
  count(error: unknown): void {
    const now = Date.now();
    this.#failures++;
    if (now - this.#lastLine >= summaryEveryMs) {
      this.#lastLine = now;
      this.log.warn(
        { redis: this.where, downMs: now - this.#since, failures: this.#failures, reason: messageOf(error) },
        'redis still unavailable',
      );
    }
  }

  /** A connection is ready again, or closed for good: the outage ends when no connection is down. */
  recovered(connection: object, closing = false): void {
    if (!this.#down.delete(connection) || this.active) return;
    if (closing) return;
    this.log.info(
      { redis: this.where, downMs: Date.now() - this.#since, failures: this.#failures },
      'redis available again',
    );
  }
}

// One outage per Redis per process: the cache, bus, job queue and realtime adapter of a process that share a
// Redis report it together, through the logger of the first of them. Forgotten when its last client closes.
const outages = new Map<string, Outage>();

function outageOf(where: string, log: Logger): Outage {
  let outage = outages.get(where);
  if (!outage) {
    outage = new Outage(where, log);
    outages.set(where, outage);
  }
  outage.clients++;
  return outage;
}

/**
 * One ioredis client watched: `down` from the moment its connection is lost until it is ready again (a client
 * still making its first connection is not down: its commands wait for that one attempt), and its connection
 * errors folded into the outage log of its Redis.
 *
 * @example const link = new RedisLink(client, { where, role: 'cache', log }); if (link.down) throw new CacheUnavailableError(where, link.reason);
 */
export class RedisLink {
  #down = false;
  #forgotten = false;
  #reason: unknown;
  readonly #outage: Outage;

  constructor(
    readonly client: Redis,
    { where, role, log }: { where: string; role: string; log: Logger },
  ) {
    const outage = outageOf(where, log);
    this.#outage = outage;
    // A listener must exist: without one ioredis prints every reconnect failure itself.
    client.on('error', (error: Error) => {
      if (this.#forgotten) return;
      this.#reason = error;
      this.#down = true;
      outage.failed(this, role, error);
    });
    client.on('close', () => {
      if (this.#forgotten) return;
      this.#down = true;
      this.#reason ??= new Error('connection closed');
      outage.failed(this, role, this.#reason);
    });
    client.on('ready', () => {
      if (this.#forgotten) return;
      this.#down = false;
      this.#reason = undefined;
      outage.recovered(this);
    });
  }

  /** True while the connection is lost: commands would only wait for a reconnect, so callers fail at once. */
  get down(): boolean {
    return this.#down;
  }

  /** Why it is down (the last connection error). */
  get reason(): unknown {
    return this.#reason ?? new Error('not connected');
  }

  /**
   * A command failed: when Redis stopped answering (a command timed out on a connection that looks fine, as with
   * a frozen server or a dropped network), the connection is dropped and remade, so that the commands after it
   * fail at once instead of each waiting for its own timeout.
   */
  commandFailed(error: unknown): void {
    if (this.#forgotten || !(error instanceof Error) || error.message !== 'Command timed out') return;
    if (this.client.status !== 'ready') return;
    this.#down = true;
    this.#reason = error;
    // Destroyed, not ended: a peer that does not answer would never complete a polite close, and the client
    // reconnects only once the connection is closed.
    this.client.stream?.destroy();
  }

  /**
   * An error of something built on this client (BullMQ, with connections of its own): a connection error, or any
   * error during an outage, counts towards the outage (whose start and end the watched clients log; one of
   * BullMQ's may notice a moment before or after them); anything else is logged by `log`.
   */
  report(error: unknown, log: () => void): void {
    if (this.#outage.active) this.#outage.count(error);
    else if (!isConnectionError(error)) log();
  }

  /** Closing on purpose: this client no longer counts towards an outage. */
  forget(): void {
    if (this.#forgotten) return;
    this.#forgotten = true;
    this.#down = false;
    const outage = this.#outage;
    outage.recovered(this, true);
    if (--outage.clients === 0 && outages.get(outage.where) === outage) outages.delete(outage.where);
  }
}

/**
 * Closes a client without waiting on Redis for long: QUIT when connected (answered at once, or given up after a
 * quarter of a second), else a plain disconnect. ioredis would queue a QUIT behind a pending reconnect and wait
 * for it forever.
 */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 250);
  });
  try {
    await Promise.race([client.quit(), late]);
  } catch {
    // lost meanwhile: nothing to say goodbye to
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * Whether an error says the connection failed rather than the command: aborted by a lost connection, timed out,
 * or refused while disconnected (Redis' own error replies are none of these).
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'MaxRetriesPerRequestError') return true;
  return /^(Command timed out|Connection is closed|Stream isn't writeable)|ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN/.test(
    error.message,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
