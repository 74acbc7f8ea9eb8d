// PLACEHOLDER (siteapps branch): the `appcore` helper writes the loader (`loadApps(bench)`); merge takes theirs.
import type { Bench } from '../config/bench.ts';
import type { LoadedApp } from './loaded-app.ts';

/** The bench's apps (`sites/apps.txt`), loaded and validated. */
export async function loadApps(_bench: Bench): Promise<LoadedApp[]> {
  return [];
}

/** Has every process forget a site's installed apps (the runtime's cache of them). */
export async function forgetInstalledApps(_site: string): Promise<void> {}
