// `cortado build`: the desk and every app's desk scripts into sites/assets (Frappe's `bench build`). `start`
// runs the same build; the image build runs this command.
import type { Command } from 'commander';
import { buildAppAssets } from '../../apps/assets/build-app-assets.ts';
import { loadApps } from '../../apps/load-apps.ts';
import type { LoadedApp } from '../../apps/loaded-app.ts';
import type { Bench } from '../../config/bench.ts';
import { benchFor } from '../global-options.ts';

/**
 * Builds the bench's app assets (`apps` when already loaded; else loaded here, and a broken app stops the build
 * with its one line); returns one line per app for the log.
 */
export async function buildBenchAppAssets(bench: Bench, apps?: readonly LoadedApp[]): Promise<string[]> {
  const built = await buildAppAssets(bench, apps ?? (await loadApps(bench)));
  return built.map((app) => {
    const forms = Object.keys(app.doctype_js).length;
    const lists = Object.keys(app.doctype_list_js).length;
    return `${app.app}: ${forms} form script${forms === 1 ? '' : 's'}, ${lists} list setting${lists === 1 ? '' : 's'}, ${app.app_include_js.length} include${app.app_include_js.length === 1 ? '' : 's'}`;
  });
}

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description("build the desk and the apps' desk scripts into sites/assets")
    .option('--force', 'rebuild the desk even when it is up to date')
    .action(async (opts: { force?: boolean }, command: Command) => {
      const bench = benchFor(command);
      const log = (message: string) => process.stdout.write(`${message}\n`);
      const { buildDesk } = await import('../../../scripts/build-desk.mjs');
      const desk = await buildDesk(bench.assetsPath, { force: Boolean(opts.force), log });
      log(desk.built ? `Desk built into ${desk.dir}` : `Desk up to date in ${desk.dir}`);
      for (const line of await buildBenchAppAssets(bench)) log(`Built ${line}`);
    });
}
