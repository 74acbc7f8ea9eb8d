// `buildAppAssets`: each app's desk scripts bundled with esbuild into `<sites>/assets/<app>/`, one
// fingerprinted file per script (`form/article.U3EMSPO4.js`, shared code in `chunks/`), and a manifest of
// their URLs per DocType that the desk boot reads (`desk-scripts-boot.ts`). Run by `cortado build`, by
// `cortado start` and by the image build; a folder is swapped in whole, so a running server never serves
// half a build.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { type AppDeskScripts, manifestName } from './desk-scripts.ts';
import { scriptEntries } from './script-entries.ts';

/** Folder names under `assets/` that belong to Cortado itself, never to an app (`frappe`'s is the built-in app's). */
const reserved = new Set(['desk']);
const appNamePattern = /^[a-z][a-z0-9_]*$/;

/**
 * Bundles the desk scripts of every app in `apps` into `<bench>/sites/assets/<app>/` with their manifest;
 * returns the manifests. An app without desk scripts gets an empty manifest (so a stale build is replaced).
 *
 * @example const built = await buildAppAssets(bench, apps); built[0].doctype_js.Article // ['/assets/library_management/form/article.U3EMSPO4.js']
 */
export async function buildAppAssets(
  bench: Pick<Bench, 'assetsPath'>,
  apps: readonly LoadedApp[],
): Promise<AppDeskScripts[]> {
  const built: AppDeskScripts[] = [];
  for (const app of apps) built.push(await buildOne(resolve(bench.assetsPath), app));
  return built;
}

async function buildOne(assetsPath: string, app: LoadedApp): Promise<AppDeskScripts> {
  if (!appNamePattern.test(app.name) || reserved.has(app.name))
    throw new Error(`app ${app.name}: its name cannot be a folder under assets/`);
  const entries = scriptEntries(app);
  const manifest: AppDeskScripts = { app: app.name, app_include_js: [], doctype_js: {}, doctype_list_js: {} };
  const target = join(assetsPath, app.name);
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  if (entries.length) {
    // Loaded only when there is something to bundle: esbuild is a build-time tool.
    const { build } = await import('esbuild');
    let result: Awaited<ReturnType<typeof build>>;
    try {
      result = await build({
        entryPoints: Object.fromEntries(entries.map((e) => [e.outName, e.source])),
        absWorkingDir: app.path,
        outdir: staging,
        bundle: true,
        format: 'esm',
        splitting: true,
        entryNames: '[dir]/[name].[hash]',
        chunkNames: 'chunks/[name].[hash]',
        minify: true,
        sourcemap: false,
        target: 'es2022',
        platform: 'browser',
        metafile: true,
        logLevel: 'silent',
      });
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      const first = (error as { errors?: Array<{ text: string; location?: { file: string; line: number } }> })
        .errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
      throw new Error(`app ${app.name}: desk scripts do not build: ${first?.text ?? String(error)}${where}`);
    }
    const outputs = Object.keys(result.metafile?.outputs ?? {}).map((file) =>
      relative(staging, resolve(app.path, file)).split(sep).join('/'),
    );
    for (const entry of entries) {
      const file = outputs.find((out) => out.startsWith(`${entry.outName}.`) && out.endsWith('.js'));
      if (!file) throw new Error(`app ${app.name}: esbuild wrote no bundle for ${entry.outName}`);
      const url = `/assets/${app.name}/${file}`;
      if (entry.kind === 'app_include_js') manifest.app_include_js.push(url);
      else {
        const byDoctype = manifest[entry.kind];
        byDoctype[entry.doctype!] = [...(byDoctype[entry.doctype!] ?? []), url];
      }
    }
  }
  writeFileSync(join(staging, manifestName), `${JSON.stringify(manifest, null, 1)}\n`);
  swapIn(staging, target);
  return manifest;
}

/** Replaces `target` by `staging` (rename, then remove the old folder). */
function swapIn(staging: string, target: string): void {
  const outgoing = `${target}.old-${process.pid}`;
  rmSync(outgoing, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, outgoing);
  renameSync(staging, target);
  rmSync(outgoing, { recursive: true, force: true });
}
