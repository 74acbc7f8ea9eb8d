import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createCache } from '../../cache/index.ts';
import type { Bench } from '../../config/bench.ts';
import { type DbType, dbTypes } from '../../config/schema.ts';
import {
  backupSite,
  filesArchiveFor,
  moveSite,
  restoreSite,
  siteConfigFor,
} from '../../site/backup/index.ts';
import { createSite } from '../../site/create-site.ts';
import { CliError } from '../fail.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';
import { createProgress } from '../progress.ts';

/** `backup`, `restore`, `move-site`: portable backups of a site, and moving it to another database. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'back up the site database (and files) to sites/<site>/private/backups (--site all: every site)',
    )
    .option('--with-files', 'also archive public and private files')
    .option('--output <dir>', 'folder for the backup files')
    .action(async (opts, command: Command) => {
      const bench = benchFor(command);
      const sites = globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
      for (const site of sites) {
        const progress = createProgress(`Backing up ${site}`);
        const result = await backupSite(bench, site, {
          withFiles: opts.withFiles,
          outputDir: opts.output ? resolve(opts.output) : undefined,
          onProgress: (step, done, total) => progress.step(step, done, total),
        });
        progress.done();
        process.stdout.write(`${site}: database ${result.database.path} (${result.database.rows} rows)\n`);
        if (result.files)
          process.stdout.write(`${site}: files ${result.files.path} (${result.files.files} files)\n`);
      }
    });

  program
    .command('restore <backup>')
    .description('restore a database backup into a site (created when missing); every session is invalidated')
    .option('--with-files [archive]', 'also restore files (default: the -files.tar.gz beside the backup)')
    .option('--db-type <type>', `database of a site created for the restore: ${dbTypes.join(', ')}`)
    .option('--db-root-username <user>', 'server account that may create databases')
    .option('--db-root-password <password>', 'its password (or DB_ROOT_PASSWORD)')
    .action(async (backup: string, opts, command: Command) => {
      const bench = benchFor(command);
      const site = globalOptions(command).site;
      if (!site || site === 'all') throw new CliError('restore needs --site <name>');
      const path = resolve(backup);
      const files =
        opts.withFiles === true
          ? filesArchiveFor(path)
          : opts.withFiles
            ? resolve(opts.withFiles)
            : undefined;
      if (files && !existsSync(files)) throw new CliError(`files archive not found: ${files}`);
      await ensureSite(bench, site, opts);
      const cache = createCache({ redisUrl: bench.commonConfig().redis_cache });
      const progress = createProgress(`Restoring ${site}`);
      try {
        const result = await restoreSite(bench, site, path, {
          filesArchive: files,
          siteConfigBackup: existsSync(siteConfigFor(path)) ? siteConfigFor(path) : undefined,
          cache,
          onProgress: (step, done, total) => progress.step(step, done, total),
        });
        progress.done(
          `Restored ${site}: ${result.tables} tables, ${result.rows} rows${result.files !== undefined ? `, ${result.files} files` : ''}; all sessions ended`,
        );
        if (result.skippedColumns.length)
          process.stdout.write(
            `Columns without a field in the restored metas (not loaded): ${result.skippedColumns.join(', ')}\n`,
          );
      } finally {
        await cache.close();
      }
    });

  program
    .command('move-site')
    .description(
      'move a site to PostgreSQL or MariaDB: backup, new database, restore, switch; the old one is archived',
    )
    .requiredOption('--to <type>', 'postgres or mariadb')
    .option('--db-host <host>', 'database server host (default: common config db_host)')
    .option('--db-port <port>', 'database server port', Number)
    .option('--db-root-username <user>', 'server account that may create databases')
    .option('--db-root-password <password>', 'its password (or DB_ROOT_PASSWORD)')
    .action(async (opts, command: Command) => {
      const bench = benchFor(command);
      const site = targetSite(bench, command);
      if (opts.to !== 'postgres' && opts.to !== 'mariadb')
        throw new CliError('--to must be postgres or mariadb');
      const cache = createCache({ redisUrl: bench.commonConfig().redis_cache });
      const progress = createProgress(`Moving ${site}`);
      try {
        const moved = await moveSite(bench, site, {
          to: opts.to,
          dbHost: opts.dbHost,
          dbPort: opts.dbPort,
          rootUser: opts.dbRootUsername,
          rootPassword: opts.dbRootPassword ?? process.env.DB_ROOT_PASSWORD,
          cache,
          onProgress: (step, done, total) => progress.step(step, done, total),
        });
        progress.done(
          `Moved ${site} to ${moved.database} (${moved.rows} rows); backup ${moved.backup}; old database: ${moved.archived}. Running services use the new database (writes were refused with 503 meanwhile).`,
        );
      } finally {
        await cache.close();
      }
    });
}

/** Creates the restore's target site when it does not exist; refuses a type change (that is move-site). */
async function ensureSite(
  bench: Bench,
  site: string,
  opts: { dbType?: string; dbRootUsername?: string; dbRootPassword?: string },
): Promise<void> {
  const wanted = opts.dbType as DbType | undefined;
  if (wanted && !(dbTypes as readonly string[]).includes(wanted))
    throw new CliError(`--db-type must be one of ${dbTypes.join(', ')}`);
  if (bench.hasSite(site)) {
    const current = bench.siteConfig(site).db_type ?? 'sqlite';
    if (wanted && wanted !== current)
      throw new CliError(`${site} is on ${current}, not ${wanted}: restore into it, or use move-site`);
    return;
  }
  await createSite(bench, {
    name: site,
    dbType: wanted ?? bench.commonConfig().db_type ?? 'sqlite',
    // Replaced by the backup's Administrator password.
    adminPassword: randomBytes(12).toString('hex'),
    rootUser: opts.dbRootUsername,
    rootPassword: opts.dbRootPassword ?? process.env.DB_ROOT_PASSWORD,
  });
}
