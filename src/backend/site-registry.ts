import { defaultLoginFailureLimit } from '../auth/login-rate-limit.ts';
import { expirySeconds } from '../auth/session-expiry.ts';
import { type Bench, isValidSiteName, statFile } from '../config/bench.ts';
import { type Maintenance, maintenanceOf, siteConfigRecheckMs } from '../config/maintenance.ts';
import type { SiteConfig } from '../config/schema.ts';

/** A site's settings as the request path needs them, derived once per config change. */
export interface SiteHandle {
  readonly name: string;
  readonly config: SiteConfig;
  /** Idle session expiry in seconds (`session_expiry`). */
  readonly sessionExpiry: number;
  /** Failed sign-ins allowed per user per window (`rate_limit_login`; five times as many per address). */
  readonly loginFailureLimit: number;
  /** `maintenance_mode` (and `allow_reads_during_maintenance`): see `maintenanceOf`. */
  readonly maintenance: Maintenance;
}

interface Entry {
  handle: SiteHandle;
  checkedAt: number;
  stamp: string;
}

/**
 * Each site's validated config, kept in memory. A request costs a map lookup; at most every
 * `recheckMs` (default `siteConfigRecheckMs`) per site, two `stat` calls notice an edited config or a dropped site.
 *
 * @example const site = registry.get('a.localhost'); // undefined when the site does not exist
 */
export class SiteRegistry {
  readonly #bench: Bench;
  readonly #recheckMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(bench: Bench, options: { recheckMs?: number } = {}) {
    this.#bench = bench;
    this.#recheckMs = options.recheckMs ?? siteConfigRecheckMs;
  }

  /** The site's handle, or undefined when `site` is not a site of this bench. Throws ConfigError on a broken config. */
  get(site: string): SiteHandle | undefined {
    const now = Date.now();
    const entry = this.#entries.get(site);
    if (entry && now - entry.checkedAt < this.#recheckMs) return entry.handle;
    const stamp = this.#stamp(site);
    if (stamp === undefined) {
      this.#entries.delete(site);
      return undefined;
    }
    if (entry && entry.stamp === stamp) {
      entry.checkedAt = now;
      return entry.handle;
    }
    const handle = this.#load(site);
    this.#entries.set(site, { handle, checkedAt: now, stamp });
    return handle;
  }

  /** Forgets cached settings (after a config write in the same process). */
  invalidate(site?: string): void {
    if (site === undefined) this.#entries.clear();
    else this.#entries.delete(site);
  }

  #load(site: string): SiteHandle {
    const config = this.#bench.siteConfig(site);
    return {
      name: site,
      config,
      sessionExpiry: expirySeconds(config.session_expiry),
      loginFailureLimit: config.rate_limit_login ?? defaultLoginFailureLimit,
      maintenance: maintenanceOf(config),
    };
  }

  // Modification times and sizes of the two files a site's config comes from; undefined when the site is gone.
  #stamp(site: string): string | undefined {
    if (!isValidSiteName(site)) return undefined;
    const own = statFile(this.#bench.siteConfigPath(site));
    if (!own) return undefined;
    const common = statFile(this.#bench.commonConfigPath);
    return `${own.mtimeMs}:${own.size}|${common?.mtimeMs ?? 0}:${common?.size ?? 0}`;
  }
}
