import type { Command } from 'commander';
import { migrateApps } from '../../apps/site/index.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';
import { createProgress } from '../progress.ts';
import { createRuntime } from '../runtime.ts';
import { siteAppsEnv } from './app-commands.ts';

/** `migrate`: sync a site's schema to this version and its installed apps (`--site all` for every site). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      "bring the site database(s) up to this version: core schema, then every installed app's DocTypes, patches, fixtures and scheduler events",
    )
    .action(async (_opts, command: Command) => {
      const bench = benchFor(command);
      const sites = globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
      // A broken app stops migrate here (createRuntime loads the bench's apps), before any site is touched.
      const runtime = await createRuntime(bench, { statementTimeouts: false });
      try {
        for (const site of sites) {
          const progress = createProgress(`Migrating ${site}`);
          const changes = await migrateApps(siteAppsEnv(runtime, site, progress));
          progress.done(`Migrated ${site}: ${changes.length ? changes.join('; ') : 'no changes'}`);
        }
      } finally {
        await runtime.close();
      }
    });
}
