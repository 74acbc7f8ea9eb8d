// App code imports `cortado` (the package entry) and is type-checked and tested with Cortado's toolchain. The
// bench gives every app these through one folder, `apps/node_modules/`: Node and TypeScript look for packages in
// each parent folder's node_modules, and `npm install` inside an app never prunes a folder above the app (a link
// in `apps/<app>/node_modules` would be removed by the app's next `npm install`).
import { existsSync, lstatSync, mkdirSync, readFileSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages an app's `typecheck` and `test` scripts need, linked from Cortado's own installation when present. */
export const toolchainPackages = ['typescript', 'tsx', '@types/node'] as const;

/** The folder of the running Cortado package (where its package.json says `"name": "cortado"`). */
export function cortadoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === 'cortado') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cortado package folder');
    dir = parent;
  }
}

function readPackageName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

export interface LinkOptions {
  /** The Cortado package the apps run with (default: the running one). */
  cortadoPath?: string | undefined;
  /** Also link the toolchain (typescript, tsx, @types/node) from Cortado's node_modules; default true. */
  toolchain?: boolean;
}

/**
 * Makes `<apps>/node_modules/cortado` point at the Cortado package (and the toolchain at Cortado's copies),
 * replacing stale links; with `toolchain: false`, toolchain links are removed. Idempotent.
 */
export function linkCortado(appsDir: string, options: LinkOptions = {}): void {
  const root = resolve(options.cortadoPath ?? cortadoRoot());
  const modules = join(appsDir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  replaceLink(join(modules, 'cortado'), root);
  const ownModules = join(cortadoRoot(), 'node_modules');
  for (const name of toolchainPackages) {
    const link = join(modules, name);
    const source = join(ownModules, name);
    const wanted = options.toolchain !== false && existsSync(source);
    for (const bin of binsOf(wanted ? source : link)) {
      const binLink = join(modules, '.bin', bin.name);
      if (wanted) replaceLink(binLink, join('..', name, bin.path));
      else removeLink(binLink);
    }
    if (wanted) replaceLink(link, source);
    else {
      removeLink(link);
      if (name.includes('/')) removeEmptyFolder(dirname(link));
    }
  }
}

/** The `bin` entries of an installed package (npm links them into node_modules/.bin). */
function binsOf(packageDir: string): { name: string; path: string }[] {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest)) return [];
  const { name, bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; bin?: unknown };
  if (typeof bin === 'string') return [{ name: name.replace(/^@[^/]+\//, ''), path: bin }];
  if (bin && typeof bin === 'object')
    return Object.entries(bin as Record<string, string>).map(([bin, path]) => ({ name: bin, path }));
  return [];
}

/** A package scope folder (`@types`) left empty. */
function removeEmptyFolder(path: string): void {
  try {
    rmdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY') throw error;
  }
}

function replaceLink(link: string, target: string): void {
  removeLink(link);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link);
}

/** Removes a link this module made; a real folder (say an app's own installed package) is left alone. */
function removeLink(link: string): void {
  try {
    if (lstatSync(link).isSymbolicLink()) rmSync(link);
    else throw new Error(`${link} exists and is not a link: move it away and retry`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
