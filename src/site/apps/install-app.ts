// PLACEHOLDER (api branch): the `siteapps` branch owns install-app (DocType sync, patches, fixtures, the
// Installed Application record, hooks) and replaces this file at merge. `cortado/testing` calls it by this name.
import type { Bench } from '../../config/bench.ts';
import type { Database } from '../../db/database.ts';

/** What installing an app on a site needs. */
export interface InstallAppOptions {
  bench: Bench;
  site: string;
  app: string;
  db: Database;
}

/** Installs `app` on `site` (placeholder: does nothing on this branch). */
export async function installApp(_options: InstallAppOptions): Promise<void> {}
