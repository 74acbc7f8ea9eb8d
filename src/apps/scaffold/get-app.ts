// `cortado get-app <source>` (Frappe's `bench get-app`): fetches an app into `apps/<app>`, installs its
// dependencies, links Cortado for it and lists it in `sites/apps.txt`. Everything is fetched and checked in a
// staging folder first: a refused or failed get-app leaves the bench as it was.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import { appNameProblem } from '../app-names.ts';
import { parseAppSource } from './app-source.ts';
import { addToAppsTxt, benchAppsPath, readAppsTxt } from './bench-apps.ts';
import { linkCortado } from './cortado-links.ts';
import { copyFolder, extractTarball, gitClone, npmPack, run } from './fetch-app.ts';

export interface GetAppOptions {
  /** The git branch or tag to clone (git sources only). */
  branch?: string;
  /** Link a local folder into apps/ instead of copying it, for developing it there (path sources only). */
  link?: boolean;
  /** Run the install scripts of the app's dependencies (needed by native addons); off by default. */
  allowScripts?: boolean;
  /** Where relative paths are read from (default: the working directory). */
  cwd?: string;
}

export interface GetAppResult {
  name: string;
  version: string;
  path: string;
  /** What happened to the app's npm dependencies. */
  dependencies: 'none' | 'installed' | 'left to the linked folder';
}

export async function getApp(
  bench: Bench,
  input: string,
  options: GetAppOptions = {},
): Promise<GetAppResult> {
  const source = parseAppSource(input, options.cwd);
  if (options.branch !== undefined && source.kind !== 'git') throw new Error('--branch is for git URLs only');
  if (options.link && source.kind !== 'path') throw new Error('--link is for local folders only');
  const apps = benchAppsPath(bench);
  mkdirSync(apps, { recursive: true });

  if (source.kind === 'path' && options.link) {
    const folder = realpathSync(source.path);
    const { name, version } = readApp(folder, input);
    const path = join(apps, name);
    refuseClash(bench, path, name);
    symlinkSync(folder, path);
    linkCortado(apps);
    addToAppsTxt(bench, name);
    return { name, version, path, dependencies: 'left to the linked folder' };
  }

  const staging = join(apps, `.get-app-${randomBytes(6).toString('hex')}`);
  let result: GetAppResult;
  try {
    if (source.kind === 'git') gitClone(source.url, options.branch, staging);
    else if (source.kind === 'npm') await npmPack(source.spec, staging);
    else if (source.kind === 'tarball') await extractTarball(source.path, staging);
    else {
      readApp(source.path, input); // before copying: a folder that is no app is never copied
      copyFolder(source.path, staging);
    }
    const { name, version } = readApp(staging, input);
    const path = join(apps, name);
    refuseClash(bench, path, name);
    const dependencies = installDependencies(staging, options.allowScripts ?? false);
    renameSync(staging, path);
    result = { name, version, path, dependencies };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  linkCortado(apps);
  addToAppsTxt(bench, result.name);
  return result;
}

/** The app's name and version, if the folder is a Cortado app: a package.json naming it and `<name>/hooks.ts`. */
export function readApp(folder: string, source: string): { name: string; version: string } {
  const notApp = (why: string) => new Error(`${source} is not a Cortado app: ${why}`);
  const manifest = join(folder, 'package.json');
  if (!isRegularFile(manifest)) throw notApp('no package.json');
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    throw notApp('package.json is not valid JSON');
  }
  const { name, version } = (pkg && typeof pkg === 'object' ? pkg : {}) as Record<string, unknown>;
  if (typeof name !== 'string') throw notApp('package.json has no name');
  const problem = appNameProblem(name);
  if (problem) throw notApp(`package.json: ${problem}`);
  if (typeof version !== 'string' || !version) throw notApp('package.json has no version');
  if (!isRegularFile(join(folder, name, 'hooks.ts'))) throw notApp(`no ${name}/hooks.ts`);
  return { name, version };
}

function refuseClash(bench: Bench, path: string, name: string): void {
  if (exists(path) || readAppsTxt(bench).includes(name))
    throw new Error(`app ${name} already exists in ${benchAppsPath(bench)}`);
}

/**
 * The app's runtime dependencies, installed as its lock file says (`npm ci`) or resolved (`npm install`); dev
 * dependencies are left out (the bench links the toolchain). npm is not run at all for an app without
 * dependencies, so that works offline. Install scripts of the dependency tree stay off unless allowed: fetching
 * an app runs no third party's code before anyone installs the app on a site.
 */
function installDependencies(folder: string, allowScripts: boolean): GetAppResult['dependencies'] {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  if (!pkg.dependencies || Object.keys(pkg.dependencies).length === 0) return 'none';
  const locked =
    existsSync(join(folder, 'package-lock.json')) || existsSync(join(folder, 'npm-shrinkwrap.json'));
  const args = [locked ? 'ci' : 'install', '--omit=dev', '--no-audit', '--no-fund'];
  if (!allowScripts) args.push('--ignore-scripts');
  run('npm', args, folder);
  return 'installed';
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Exists, counting a dangling link. */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
