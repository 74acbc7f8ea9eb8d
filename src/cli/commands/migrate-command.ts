import type { Command } from 'commander';
import { SiteDatabases } from '../../db/index.ts';
import { migrateSite } from '../../site/migrate-site.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';
import { createProgress } from '../progress.ts';

/** `migrate`: sync a site's schema to this version (`--site all` for every site). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the site database(s) up to this version: core schema and every DocType table')
    .action(async (_opts, command: Command) => {
      const bench = benchFor(command);
      const sites = globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
      const databases = new SiteDatabases(bench);
      try {
        for (const site of sites) {
          const progress = createProgress(`Migrating ${site}`);
          const changes = await migrateSite(databases.get(site), (step, done, total) =>
            progress.step(step, done, total),
          );
          progress.done(`Migrated ${site}: ${changes.length ? changes.join('; ') : 'no changes'}`);
        }
      } finally {
        await databases.closeAll();
      }
    });
}
