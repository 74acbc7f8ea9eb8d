import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createAppSite } from '../../apps/site/index.ts';
import { type DbType, dbTypes } from '../../config/schema.ts';
import { dropSite } from '../../site/drop-site.ts';
import { CliError } from '../fail.ts';
import { benchFor } from '../global-options.ts';
import { createProgress } from '../progress.ts';

/** `new-site`, `drop-site`, `list-sites`, `use`: the bench's sites. */
export function registerSiteCommands(program: Command): void {
  program
    .command('new-site <name>')
    .description('create a site: folder, config, database, core schema and Administrator')
    .option(
      '--db-type <type>',
      `database: ${dbTypes.join(', ')} (default: common config db_type, else sqlite)`,
    )
    .option('--db-host <host>', 'database server host (default: common config db_host)')
    .option('--db-port <port>', 'database server port', parsePort)
    .option('--db-name <name>', 'server database (and user) name (default: derived from the site name)')
    .option('--db-root-username <user>', 'server account that may create databases (postgres / root)')
    .option('--db-root-password <password>', 'its password (or DB_ROOT_PASSWORD)')
    .option('--mariadb-root-password <password>', "alias of --db-root-password (frappe's name)")
    .option(
      '--admin-password <password>',
      'Administrator password (or ADMIN_PASSWORD; generated when absent)',
    )
    .option('--set-default', 'make it the default site (sites/currentsite.txt)')
    .action(async (name: string, opts, command: Command) => {
      const bench = benchFor(command);
      bench.ensure();
      const dbType = parseDbType(opts.dbType ?? bench.commonConfig().db_type ?? 'sqlite');
      const generated = !opts.adminPassword && !process.env.ADMIN_PASSWORD;
      const adminPassword =
        opts.adminPassword ?? process.env.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
      const progress = createProgress(`Creating ${name}`);
      await createAppSite(bench, {
        name,
        dbType,
        adminPassword,
        dbHost: opts.dbHost,
        dbPort: opts.dbPort,
        dbName: opts.dbName,
        rootUser: opts.dbRootUsername,
        rootPassword: opts.dbRootPassword ?? opts.mariadbRootPassword ?? process.env.DB_ROOT_PASSWORD,
        setDefault: opts.setDefault,
        onProgress: (step, done, total) => progress.step(step, done, total),
      });
      progress.done(`Site ${name} created (${dbType}).`);
      if (generated) process.stdout.write(`Administrator password: ${adminPassword}\n`);
    });

  program
    .command('drop-site <name>')
    .description(
      'archive a site: its folder moves to archived_sites/, its database is archived, nothing is deleted',
    )
    .option('--db-root-username <user>', 'server account that may rename databases')
    .option('--db-root-password <password>', 'its password (or DB_ROOT_PASSWORD)')
    .action(async (name: string, opts, command: Command) => {
      const bench = benchFor(command);
      const dropped = await dropSite(bench, name, {
        rootUser: opts.dbRootUsername,
        rootPassword: opts.dbRootPassword ?? process.env.DB_ROOT_PASSWORD,
      });
      process.stdout.write(`Archived ${name}: folder ${dropped.folder}; database: ${dropped.database}\n`);
    });

  program
    .command('list-sites')
    .description('list the sites of this bench (the default one marked with *)')
    .action((_opts, command: Command) => {
      const bench = benchFor(command);
      const current = bench.listSites().length ? bench.defaultSite() : undefined;
      for (const site of bench.listSites()) process.stdout.write(`${site === current ? '*' : ' '} ${site}\n`);
    });

  program
    .command('use <site>')
    .description('make a site the default (sites/currentsite.txt)')
    .action((site: string, _opts, command: Command) => {
      const bench = benchFor(command);
      if (!bench.hasSite(site)) throw new CliError(`${site} does not exist`);
      bench.setDefaultSite(site);
      process.stdout.write(`Default site is now ${site}\n`);
    });
}

function parseDbType(value: string): DbType {
  if (!(dbTypes as readonly string[]).includes(value)) {
    throw new CliError(`--db-type must be one of ${dbTypes.join(', ')}, not "${value}"`);
  }
  return value as DbType;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${value}"`);
  return port;
}
