import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../config/bench.ts';
import { siteConfigRecheckMs } from '../config/maintenance.ts';

/** How long `underMaintenance` waits for running processes to see a config change (and finish a commit). */
export const maintenanceSettleMs = siteConfigRecheckMs + 1000;

/** Options of `underMaintenance`. */
export interface UnderMaintenanceOptions {
  /** Wait after switching maintenance on (default `maintenanceSettleMs`); 0 when no process serves the site. */
  settleMs?: number;
  /** Wait again before switching it off, e.g. after a move, so every process has reopened the new database. */
  settleAfter?: boolean;
}

/**
 * Runs `work` with the site in maintenance mode (`maintenance_mode: 1` in its config), so that no process
 * writes to it meanwhile: backends refuse writes with 503 (SessionStopped, or InReadOnlyMode when reads are
 * allowed), workers and the scheduler leave it alone. Before `work` starts it waits until every running
 * process has seen the flag (they recheck configs every `siteConfigRecheckMs`) and a commit that began before
 * has ended. Afterwards, success or failure, the setting is put back as it was (a site that was already in
 * maintenance stays so).
 *
 * @example await underMaintenance(bench, 'erp.local', () => restoreDatabase(db, path));
 */
export async function underMaintenance<T>(
  bench: Bench,
  site: string,
  work: () => Promise<T>,
  options: UnderMaintenanceOptions = {},
): Promise<T> {
  const settleMs = options.settleMs ?? maintenanceSettleMs;
  if (bench.siteConfig(site).maintenance_mode) return work();
  const before = bench.ownSiteConfig(site).maintenance_mode;
  bench.updateSiteConfig(site, { maintenance_mode: 1 });
  try {
    if (settleMs > 0) await sleep(settleMs);
    const result = await work();
    if (options.settleAfter && settleMs > 0) await sleep(settleMs);
    return result;
  } finally {
    bench.updateSiteConfig(site, { maintenance_mode: before });
  }
}
