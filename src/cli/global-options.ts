import type { Command } from 'commander';
import { Bench } from '../config/bench.ts';
import { CliError } from './fail.ts';

/** Options every command accepts (`--sites-path`, `--site`), read from the root program. */
export interface GlobalOptions {
  sitesPath?: string;
  site?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

/** The site a command acts on: `--site`, else the bench's default site; it must exist. */
export function targetSite(bench: Bench, command: Command): string {
  const site = globalOptions(command).site ?? bench.defaultSite();
  if (!site)
    throw new CliError('no site given: pass --site <name> or set a default with `cortado use <site>`');
  if (!bench.hasSite(site)) throw new CliError(`${site} does not exist`);
  return site;
}

export function benchFor(command: Command): Bench {
  return new Bench(globalOptions(command).sitesPath);
}
