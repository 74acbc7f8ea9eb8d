import type { Command } from 'commander';
import { configuratorValues } from '../../config/env.ts';
import { siteConfigRecheckMs } from '../../config/maintenance.ts';
import { CliError } from '../fail.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';

/**
 * `set-config`, `set-maintenance-mode` (Frappe's bench command) and `configure` (frappe_docker's configurator:
 * common config from the environment).
 */
export function registerConfigCommands(program: Command): void {
  program
    .command('set-config <key> <value>')
    .description("set a key in the site's site_config.json, or with -g in common_site_config.json")
    .option('-g, --global', 'write common_site_config.json instead of the site config')
    .option('-p, --parse', 'parse the value as JSON (numbers, booleans, lists, objects)')
    .action((key: string, raw: string, opts, command: Command) => {
      if (!/^[a-z_][a-z0-9_]*$/i.test(key)) throw new CliError(`invalid key "${key}"`);
      const value = opts.parse ? parseJson(raw) : raw;
      const bench = benchFor(command);
      if (opts.global) {
        bench.ensure();
        bench.updateCommonConfig({ [key]: value });
        process.stdout.write(`Set ${key} in ${bench.commonConfigPath}\n`);
      } else {
        const site = targetSite(bench, command);
        bench.updateSiteConfig(site, { [key]: value });
        process.stdout.write(`Set ${key} in ${bench.siteConfigPath(site)}\n`);
      }
    });

  program
    .command('set-maintenance-mode <state>')
    .description(
      'on: the site answers 503 and runs no jobs (reads still work with allow_reads_during_maintenance); off: back to normal',
    )
    .action((state: string, _opts, command: Command) => {
      if (state !== 'on' && state !== 'off')
        throw new CliError('set-maintenance-mode: state must be on or off');
      const bench = benchFor(command);
      const sites = globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
      for (const site of sites) {
        bench.updateSiteConfig(site, { maintenance_mode: state === 'on' ? 1 : 0 });
        process.stdout.write(
          `Maintenance mode ${state} for ${site} (running services follow within ${siteConfigRecheckMs / 1000} s)\n`,
        );
      }
    });

  program
    .command('configure')
    .description(
      'write common_site_config.json from DB_HOST, DB_PORT, REDIS_CACHE, REDIS_QUEUE, SOCKETIO_PORT',
    )
    .action((_opts, command: Command) => {
      const bench = benchFor(command);
      bench.ensure();
      const values = configuratorValues();
      bench.updateCommonConfig(values);
      process.stdout.write(`Configured ${Object.keys(values).join(', ') || 'nothing (no variables set)'}\n`);
    });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new CliError(`--parse: "${raw}" is not valid JSON`);
  }
}
