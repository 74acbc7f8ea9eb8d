import { randomUUID } from 'node:crypto';
import type { Cache } from '../cache/cache.ts';
import type { Bus } from './bus.ts';

/** Options of a site's shared version. */
export interface SharedVersionOptions {
  site: string;
  /** What is versioned, e.g. `meta`: the key is `<site>|<name>_version`, the channel `<name>_invalidate`. */
  name: string;
  /** The shared cache holding the version; none means this process only. */
  cache?: Cache | undefined;
  /** Where changes are announced to other processes. */
  bus?: Bus | undefined;
  /**
   * How often (ms) `check` compares the shared version with the one this process last saw: the fallback for a
   * lost bus message (pub/sub is at-most-once). Default 1000; 0 checks every time.
   */
  checkIntervalMs?: number | undefined;
  /** Clock (ms), for tests. */
  now?: (() => number) | undefined;
  /** Called when this process must drop its copies: the version moved, or `bump` ran here. */
  onStale: () => void;
}

/** The bus channel a shared version announces changes on: JSON `{site, ...detail}`. */
export function invalidateChannel(name: string): string {
  return `${name}_invalidate`;
}

/**
 * How a process keeps an in-memory copy of something every process may change (a site's metas, its users'
 * roles) and still learns of another process's change: a version token in the shared cache plus an
 * announcement on the bus. Tokens are random, not counted, so a cleared cache (a restore) never brings back a
 * version some process already saw. `bump` after a change; `check` before trusting the copy (it asks the shared cache at most once per
 * interval); the owner's bus subscription calls `onStale` directly when an announcement arrives.
 */
export class SharedVersion {
  readonly #options: SharedVersionOptions;
  readonly #interval: number;
  readonly #now: () => number;
  #seen: string | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(options: SharedVersionOptions) {
    this.#options = options;
    this.#interval = options.checkIntervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get channel(): string {
    return invalidateChannel(this.#options.name);
  }

  /**
   * Calls `onStale` when another process bumped the version since this one last looked. Between checks it
   * answers undefined at once, so a hot path awaits nothing.
   */
  check(): Promise<void> | undefined {
    const { cache } = this.#options;
    if (!cache) return undefined;
    const now = this.#now();
    if (now - this.#checkedAt < this.#interval) return undefined;
    this.#checkedAt = now;
    return this.#compare(cache);
  }

  async #compare(cache: Cache): Promise<void> {
    let version: string;
    try {
      version = (await cache.get(this.#key())) ?? '0';
    } catch {
      // An unreachable shared cache must not fail reads; the bus and the next check still apply.
      return;
    }
    if (version !== this.#seen) {
      if (this.#seen !== undefined) this.#options.onStale();
      this.#seen = version;
    }
  }

  /** Announces a change: bumps the shared version, drops this process's copies, tells the others. */
  async bump(detail: Record<string, unknown> = {}): Promise<void> {
    const { cache, bus, site } = this.#options;
    try {
      if (cache) {
        const token = randomUUID();
        await cache.set(this.#key(), token);
        this.#seen = token;
      }
    } finally {
      // Also when the shared cache is unreachable: this process at least must not keep the old copy.
      this.#checkedAt = this.#now();
      this.#options.onStale();
    }
    if (bus) await bus.publish(this.channel, JSON.stringify({ site, ...detail }));
  }

  #key(): string {
    return `${this.#options.site}|${this.#options.name}_version`;
  }
}

/** The site an invalidation message names, or undefined for a malformed one. */
export function siteOfInvalidation(message: string): string | undefined {
  try {
    const data = JSON.parse(message) as { site?: unknown };
    return typeof data?.site === 'string' ? data.site : undefined;
  } catch {
    return undefined;
  }
}
