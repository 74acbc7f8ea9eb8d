// A named upstream (`BACKEND`, `SOCKETIO`) as a live set of addresses. DNS names are re-resolved
// periodically and whenever a connection fails, so a recreated container's new address is picked
// up (frappe_docker's nginx resolves once at start: 502s until restarted, or no start at all).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Pool } from 'undici';
import type { Logger } from '../config/log.ts';
import type { UpstreamEntry } from './config.ts';
import { fnv1a } from './hash.ts';

/** Resolves a host name to its addresses (all families). Injectable for tests. */
export type LookupFn = (host: string) => Promise<string[]>;

/** One resolved address of an upstream, with its keep-alive connection pool. */
export interface Upstream {
  /** `10.0.0.3:8000` or `[fd00::3]:8000`: what logs show. */
  readonly key: string;
  readonly address: string;
  readonly port: number;
  /** Short stable id derived from `key`; Socket.IO session ids are tagged with it for stickiness. */
  readonly tag: string;
  /** Hash of `key`, the seed for rendezvous hashing. */
  readonly seed: number;
  /** HTTP/1.1 keep-alive connections to this address. */
  readonly dispatcher: Pool;
  failures: number;
  /** While in the future, the address is skipped if another one is available. */
  downUntil: number;
}

/** Options of an {@link UpstreamPool}. */
export interface UpstreamPoolOptions {
  /** `backend` or `socketio`, for logs. */
  name: string;
  entries: readonly UpstreamEntry[];
  resolveIntervalMs: number;
  log: Logger;
  lookup?: LookupFn;
  /** Connect timeout per attempt (nginx's proxy_connect_timeout role). */
  connectTimeoutMs?: number;
}

// Failure-triggered re-resolution at most this often, so a dead upstream under load cannot flood
// the resolver (getaddrinfo shares libuv's threadpool with file I/O).
const FAILURE_REFRESH_INTERVAL_MS = 1000;
// nginx's fail_timeout: a failed address is tried again at least this often.
const MAX_BACKOFF_MS = 10_000;

const defaultLookup: LookupFn = async (host) => (await dnsLookup(host, { all: true })).map((a) => a.address);

/**
 * The addresses behind one upstream setting, balanced round-robin, with passive health (an address
 * that refused or reset a connection is skipped for a growing backoff while others remain) and sticky
 * selection by key for Socket.IO sessions.
 *
 * @example const pool = new UpstreamPool({ name: 'backend', entries, resolveIntervalMs: 5000, log }); pool.start();
 */
export class UpstreamPool {
  readonly name: string;
  readonly #entries: readonly UpstreamEntry[];
  readonly #lookup: LookupFn;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #connectTimeoutMs: number;
  /** Last good resolution per entry: kept when a lookup fails, so a DNS hiccup does not empty the pool. */
  readonly #resolved: (string[] | undefined)[];
  #upstreams: Upstream[] = [];
  #byTag = new Map<string, Upstream>();
  #next = 0;
  #refreshing: Promise<boolean> | undefined;
  #lastFailureRefresh = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: UpstreamPoolOptions) {
    this.name = opts.name;
    this.#entries = opts.entries;
    this.#lookup = opts.lookup ?? defaultLookup;
    this.#log = opts.log;
    this.#intervalMs = opts.resolveIntervalMs;
    this.#connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.#resolved = opts.entries.map(() => undefined);
  }

  /** Starts resolving (now and every interval). The returned promise settles after the first pass; never rejects. */
  start(): Promise<boolean> {
    this.#timer = setInterval(() => void this.refresh(), this.#intervalMs);
    this.#timer.unref();
    return this.refresh();
  }

  /** The current addresses, in resolution order. */
  get upstreams(): readonly Upstream[] {
    return this.#upstreams;
  }

  /**
   * The next address round-robin, skipping ones in backoff (unless all are), and `exclude`.
   * undefined when nothing has resolved.
   */
  pick(exclude?: Upstream): Upstream | undefined {
    const list = this.#upstreams;
    const n = list.length;
    if (n === 0) return undefined;
    if (n === 1) return list[0] === exclude ? undefined : list[0];
    const now = Date.now();
    let fallback: Upstream | undefined;
    for (let i = 0; i < n; i++) {
      const index = (this.#next + i) % n;
      const u = list[index]!;
      if (u === exclude) continue;
      if (u.downUntil <= now) {
        this.#next = (index + 1) % n;
        return u;
      }
      if (!fallback || u.downUntil < fallback.downUntil) fallback = u;
    }
    return fallback;
  }

  /** The address whose tag is `tag`, if it is still in the set. */
  byTag(tag: string): Upstream | undefined {
    return this.#byTag.get(tag);
  }

  /**
   * The address `key` hashes to, by rendezvous hashing: stable for a given set, and when the set
   * changes only keys of the removed addresses move.
   */
  hashed(key: string): Upstream | undefined {
    let best: Upstream | undefined;
    let bestScore = -1;
    for (const u of this.#upstreams) {
      const score = fnv1a(key, u.seed);
      if (score > bestScore) {
        bestScore = score;
        best = u;
      }
    }
    return best;
  }

  /** Resolves once an address is known (resolving now if none is), or undefined when none resolves. */
  async ready(): Promise<Upstream | undefined> {
    const u = this.pick();
    if (u) return u;
    if (this.#refreshing) await this.#refreshing;
    else await this.#failureRefresh();
    return this.pick();
  }

  /**
   * Records that `u` refused, reset or timed out: it is skipped for a while (1 s, doubling with
   * each failed retry up to nginx's `fail_timeout` of 10 s, until it answers again) and DNS is
   * re-resolved (rate limited). Resolves whether the address set changed.
   */
  reportFailure(u: Upstream, err: Error): Promise<boolean> {
    const now = Date.now();
    // Requests in flight when an address dies all fail at once: that is one failure, one warning.
    if (u.downUntil <= now) {
      u.failures++;
      u.downUntil = now + Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(u.failures, 10));
      this.#log.warn(
        { upstream: this.name, address: u.key, err: errorText(err), failures: u.failures },
        'upstream failed; skipping it for a while',
      );
    }
    return this.#failureRefresh();
  }

  /** Records a response from `u`, ending its backoff. */
  reportSuccess(u: Upstream): void {
    if (u.failures === 0) return;
    this.#log.info({ upstream: this.name, address: u.key, failures: u.failures }, 'upstream recovered');
    u.failures = 0;
    u.downUntil = 0;
  }

  /** Re-resolves every entry now (deduplicated while one is running). Resolves whether the set changed. */
  refresh(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (!this.#refreshing) {
      this.#refreshing = this.#resolveAll().finally(() => {
        this.#refreshing = undefined;
      });
    }
    return this.#refreshing;
  }

  /** Stops re-resolving and closes every connection. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const list = this.#upstreams;
    this.#upstreams = [];
    this.#byTag.clear();
    await Promise.all(list.map((u) => u.dispatcher.destroy().catch(() => undefined)));
  }

  #failureRefresh(): Promise<boolean> {
    const now = Date.now();
    if (now - this.#lastFailureRefresh < FAILURE_REFRESH_INTERVAL_MS) return Promise.resolve(false);
    this.#lastFailureRefresh = now;
    return this.refresh();
  }

  async #resolveAll(): Promise<boolean> {
    await Promise.all(
      this.#entries.map(async (entry, i) => {
        if (isIP(entry.host)) {
          this.#resolved[i] = [entry.host];
          return;
        }
        try {
          const addresses = await this.#lookup(entry.host);
          if (addresses.length === 0) throw new Error('no addresses');
          this.#resolved[i] = addresses;
        } catch (err) {
          // Not fatal: the name may appear later (containers start in any order).
          this.#log.warn(
            { upstream: this.name, host: entry.host, port: entry.port, err: errorText(err) },
            this.#resolved[i]
              ? 'upstream re-resolution failed; keeping last addresses'
              : 'upstream does not resolve yet',
          );
        }
      }),
    );
    if (this.#closed) return false;
    return this.#apply();
  }

  // Swaps in the new address set, reusing the pools (and their warm connections) of addresses that stay.
  #apply(): boolean {
    const keys: string[] = [];
    const seen = new Set<string>();
    this.#entries.forEach((entry, i) => {
      for (const address of this.#resolved[i] ?? []) {
        const key = isIP(address) === 6 ? `[${address}]:${entry.port}` : `${address}:${entry.port}`;
        if (!seen.has(key)) {
          seen.add(key);
          keys.push(key);
        }
      }
    });
    const old = new Map(this.#upstreams.map((u) => [u.key, u]));
    if (keys.length === old.size && keys.every((k, i) => this.#upstreams[i]?.key === k)) return false;
    const next = keys.map((key) => old.get(key) ?? this.#create(key));
    for (const u of this.#upstreams) if (!seen.has(u.key)) void u.dispatcher.close().catch(() => undefined);
    this.#upstreams = next;
    this.#byTag = new Map(next.map((u) => [u.tag, u]));
    this.#next = 0;
    this.#log.info({ upstream: this.name, addresses: keys }, 'upstream addresses');
    return true;
  }

  #create(key: string): Upstream {
    const colon = key.lastIndexOf(':');
    const host = key.slice(0, colon);
    return {
      key,
      address: host.startsWith('[') ? host.slice(1, -1) : host,
      port: Number(key.slice(colon + 1)),
      tag: fnv1a(key).toString(16).padStart(8, '0'),
      seed: fnv1a(`seed:${key}`),
      dispatcher: new Pool(`http://${key}`, {
        connections: 1024,
        pipelining: 1,
        keepAliveTimeout: 4_000,
        connect: { timeout: this.#connectTimeoutMs },
      }),
      failures: 0,
      downUntil: 0,
    };
  }
}

/** `ECONNREFUSED` style code when there is one, else the message. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string') return typeof e.message === 'string' ? `${e.code}: ${e.message}` : e.code;
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}
