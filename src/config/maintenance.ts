import type { Bench } from './bench.ts';
import type { SiteConfig } from './schema.ts';

/** What a site's maintenance settings mean for requests and jobs (Frappe's `maintenance_mode`). */
export type Maintenance = 'off' | 'stopped' | 'read-only';

/**
 * The longest a config edit (such as `maintenance_mode` set by another process) takes to reach a running
 * process: backends recheck a site's config files this often, workers and open database handles too.
 */
export const siteConfigRecheckMs = 2000;

/**
 * `stopped` when `maintenance_mode` holds (every request answers 503 SessionStopped, no job runs), `read-only`
 * when `allow_reads_during_maintenance` holds too (reads work, writes answer 503 InReadOnlyMode), else `off`.
 *
 * @example maintenanceOf({ maintenance_mode: 1, allow_reads_during_maintenance: 1 }) // 'read-only'
 */
export function maintenanceOf(config: SiteConfig): Maintenance {
  if (!config.maintenance_mode) return 'off';
  return config.allow_reads_during_maintenance ? 'read-only' : 'stopped';
}

/**
 * Each site's maintenance state for processes without a site registry (workers): the config is read again
 * at most every `recheckMs` per site. A site whose config cannot be read counts as `off` (its jobs then fail
 * on their own, with the real error).
 *
 * @example const watch = new MaintenanceWatch(bench); if (watch.of(job.site) !== 'off') postpone(job);
 */
export class MaintenanceWatch {
  readonly #bench: Bench;
  readonly #recheckMs: number;
  readonly #known = new Map<string, { state: Maintenance; at: number }>();

  constructor(bench: Bench, recheckMs = siteConfigRecheckMs) {
    this.#bench = bench;
    this.#recheckMs = recheckMs;
  }

  of(site: string): Maintenance {
    const now = Date.now();
    const known = this.#known.get(site);
    if (known && now - known.at < this.#recheckMs) return known.state;
    let state: Maintenance = 'off';
    try {
      state = maintenanceOf(this.#bench.siteConfig(site));
    } catch {}
    this.#known.set(site, { state, at: now });
    return state;
  }
}
