import type { Command } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { loadApps } from '../../apps/load-apps.ts';
import {
  benchAppListing,
  exportFixtures,
  formatAppListing,
  installApp,
  type SiteAppsEnv,
  siteAppListing,
  uninstallApp,
} from '../../apps/site/index.ts';
import { CliError } from '../fail.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';
import { createProgress, type Progress } from '../progress.ts';
import { createRuntime, type Runtime } from '../runtime.ts';

/** `install-app`, `uninstall-app`, `list-apps`, `export-fixtures`: apps on sites (Frappe's names). */
export function registerAppCommands(program: Command): void {
  program
    .command('install-app <app>')
    .description('install a bench app on the site (after the apps it requires); the site is backed up first')
    .option('--force', 'install again over an installed app')
    .action(async (app: string, opts, command: Command) => {
      await withSiteApps(command, `Installing ${app}`, async (env) => {
        const report = await installApp(env, app, { force: opts.force });
        return `Installed ${report.installed.join(', ')} on ${env.site} (backup: ${report.backup})`;
      });
    });

  program
    .command('uninstall-app <app>')
    .description(
      'remove an app from the site: its DocTypes and their data go (a backup is always taken first)',
    )
    .option('--force', 'remove it even though other DocTypes link to its records')
    .option('--dry-run', 'list what would be removed, change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (app: string, opts, command: Command) => {
      if (!opts.yes && !opts.dryRun && process.stdin.isTTY && !(await confirm(`Remove ${app} and its data?`)))
        throw new CliError('cancelled');
      await withSiteApps(command, `Removing ${app}`, async (env) => {
        const report = await uninstallApp(env, app, { force: opts.force, dryRun: opts.dryRun });
        const doctypes = report.doctypes.join(', ') || 'no DocTypes';
        if (opts.dryRun) {
          const links = report.links.map((l) => `${l.doctype}.${l.fieldname} → ${l.target} (${l.records})`);
          return `Would remove ${app} from ${env.site}: ${doctypes}${links.length ? `; links into it: ${links.join(', ')}` : ''}`;
        }
        return `Removed ${app} from ${env.site}: ${doctypes} (backup: ${report.backup})`;
      });
    });

  program
    .command('list-apps')
    .description("list the bench's apps, or with --site the site's installed apps and their versions")
    .action(async (_opts, command: Command) => {
      const bench = benchFor(command);
      if (!globalOptions(command).site) {
        process.stdout.write(`${formatAppListing(benchAppListing(await loadApps(bench), pkg.version))}\n`);
        return;
      }
      const sites = globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
      const runtime = await createRuntime(bench);
      try {
        for (const site of sites) {
          const apps = await siteAppListing(runtime.databases.get(site));
          if (sites.length > 1) process.stdout.write(`${site}\n`);
          process.stdout.write(`${formatAppListing(apps)}\n`);
        }
      } finally {
        await runtime.close();
      }
    });

  program
    .command('export-fixtures')
    .description("write each installed app's fixtures (hooks `fixtures`) to <app>/fixtures/<doctype>.json")
    .option('--app <app>', 'only this app')
    .action(async (opts, command: Command) => {
      await withSiteApps(command, 'Exporting fixtures', async (env) => {
        const installed = new Set((await siteAppListing(env.db)).map((a) => a.app_name));
        if (opts.app && !installed.has(opts.app))
          throw new CliError(`app ${opts.app} is not installed on ${env.site}`);
        const apps = env.apps.filter((a) => installed.has(a.name) && (!opts.app || a.name === opts.app));
        const files: string[] = [];
        for (const app of apps) files.push(...(await exportFixtures(env, app)));
        return files.length ? `Wrote ${files.join(', ')}` : 'No fixtures to export';
      });
    });
}

/** What the app steps of one site work with, from a runtime (a command's, a test site's). */
export function siteAppsEnv(runtime: Runtime, site: string, progress?: Progress): SiteAppsEnv {
  return {
    bench: runtime.bench,
    site,
    db: runtime.databases.get(site),
    metas: runtime.metas.forSite(site),
    controllers: runtime.controllers,
    apps: runtime.apps,
    model: runtime.model,
    forgetInstalledApps: (changed) => runtime.installedApps.forget(changed),
    onProgress: progress && ((step, done, total) => progress.step(step, done, total)),
  };
}

/** Runs an app command on the target site with a progress bar; prints its summary line. */
async function withSiteApps(
  command: Command,
  title: string,
  fn: (env: SiteAppsEnv) => Promise<string>,
): Promise<void> {
  const bench = benchFor(command);
  const site = targetSite(bench, command);
  // A broken app stops here (createRuntime loads the bench's apps), before the site is touched.
  const runtime = await createRuntime(bench, { statementTimeouts: false });
  const progress = createProgress(title);
  try {
    const summary = await fn(siteAppsEnv(runtime, site, progress));
    progress.done();
    process.stdout.write(`${summary}\n`);
  } catch (error) {
    progress.done();
    throw error;
  } finally {
    await runtime.close();
  }
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
