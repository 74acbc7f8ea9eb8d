// The build step of a custom image (deploy/Containerfile, docs/deploy.md): every app of APPS_JSON_BASE64
// fetched into the bench's apps/ (get-app), type-checked, listed in sites/apps.txt; then Cortado relinked to
// where the image keeps it. The apps' desk scripts are built after this by scripts/build-desk.mjs, which the
// Containerfile runs on the same bench.
import type { Bench } from '../../config/bench.ts';
import { parseAppSource } from './app-source.ts';
import { decodeAppsJson } from './apps-json.ts';
import { benchAppsPath, readAppsTxt, writeAppsTxt } from './bench-apps.ts';
import { linkCortado } from './cortado-links.ts';
import { type GetAppResult, getApp } from './get-app.ts';
import { typecheckApp } from './typecheck-app.ts';

export interface ImageAppsOptions {
  appsJsonBase64: string;
  /** Where Cortado lives in the final image; the link made for type-checking is pointed there at the end. */
  cortadoPath?: string | undefined;
  onApp?: (app: GetAppResult) => void;
}

export async function installImageApps(bench: Bench, options: ImageAppsOptions): Promise<GetAppResult[]> {
  const entries = decodeAppsJson(options.appsJsonBase64);
  const got: GetAppResult[] = [];
  for (const entry of entries) {
    let source: string;
    if ('url' in entry) {
      if (parseAppSource(entry.url).kind !== 'git')
        throw new Error(`apps.json url ${entry.url} is not a git URL`);
      source = entry.url;
    } else source = `npm:${entry.npm}`;
    const app = await getApp(bench, source, {
      branch: 'branch' in entry ? entry.branch : undefined,
      allowScripts: entry.allow_scripts ?? false,
    });
    got.push(app);
  }
  const apps = benchAppsPath(bench);
  for (const app of got) {
    typecheckApp(apps, app.name);
    options.onApp?.(app);
  }
  // An image without apps still has its (empty) list, so that every image's entrypoint links the same file.
  writeAppsTxt(bench, readAppsTxt(bench));
  // The image keeps no toolchain (dev dependencies are pruned), only the link to Cortado.
  linkCortado(apps, { cortadoPath: options.cortadoPath, toolchain: false });
  return got;
}
