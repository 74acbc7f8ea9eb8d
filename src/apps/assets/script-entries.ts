// Which files of an app are desk scripts: its `app_include_js` / `doctype_js` / `doctype_list_js` hooks and,
// by Frappe's convention, `<dt folder>.js` (form) and `<dt folder>_list.js` (list) beside a DocType's JSON.
// Hook paths are relative to the app's package folder (`apps/<app>/<app>`, as hooks.py's are) and must stay
// inside the app: a hook naming anything else stops the build with one line naming the app and hook.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { scrub } from '../../model/meta/scrub.ts';
import type { LoadedApp } from '../loaded-app.ts';

export type ScriptKind = 'app_include_js' | 'doctype_js' | 'doctype_list_js';

/** One script to bundle: its source, and where its URL goes in the manifest. */
export interface ScriptEntry {
  kind: ScriptKind;
  /** The DocType it belongs to (undefined for `app_include_js`). */
  doctype: string | undefined;
  /** Absolute path of the source file. */
  source: string;
  /** The bundle's name inside `assets/<app>/` before its hash, e.g. `form/article`. */
  outName: string;
}

const scriptExtension = /\.(js|mjs|ts|mts)$/;

/** Resolves a hook's path inside the app, or throws one line naming the app, the hook and the path. */
function hookFile(app: LoadedApp, hook: string, path: unknown): string {
  const fail = (why: string) => new Error(`app ${app.name}: ${hook} names ${JSON.stringify(path)}, ${why}`);
  if (typeof path !== 'string' || !path || isAbsolute(path) || path.includes('\0'))
    throw fail('which is not a path relative to the app folder');
  if (!scriptExtension.test(path)) throw fail('which is not a .js or .ts file');
  const root = realpathSync(app.packagePath);
  const file = resolve(root, path);
  if (!existsSync(file) || !statSync(file).isFile()) throw fail('which does not exist');
  // Checked on the real path too: a symlink inside the app must not lead out of it.
  for (const candidate of [file, realpathSync(file)]) {
    const rel = relative(root, candidate);
    if (rel.startsWith('..') || isAbsolute(rel)) throw fail('which is outside the app folder');
  }
  return realpathSync(file);
}

/** Every desk script of `app`, in a stable order (hooks first, then the convention files). */
export function scriptEntries(app: LoadedApp): ScriptEntry[] {
  const entries: ScriptEntry[] = [];
  const taken = new Set<string>();
  const add = (kind: ScriptKind, doctype: string | undefined, source: string, outName: string) => {
    if (entries.some((e) => e.kind === kind && e.doctype === doctype && e.source === source)) return;
    let name = outName;
    for (let n = 2; taken.has(name); n += 1) name = `${outName}_${n}`;
    taken.add(name);
    entries.push({ kind, doctype, source, outName: name });
  };
  const { app_include_js = [], doctype_js = {}, doctype_list_js = {} } = app.definition;
  for (const path of app_include_js) {
    const source = hookFile(app, 'app_include_js', path);
    add(
      'app_include_js',
      undefined,
      source,
      `include/${scrub(basename(source).replace(scriptExtension, ''))}`,
    );
  }
  for (const [doctype, path] of Object.entries(doctype_js))
    add('doctype_js', doctype, hookFile(app, `doctype_js of ${doctype}`, path), `form/${scrub(doctype)}`);
  for (const [doctype, path] of Object.entries(doctype_list_js))
    add(
      'doctype_list_js',
      doctype,
      hookFile(app, `doctype_list_js of ${doctype}`, path),
      `list/${scrub(doctype)}`,
    );
  for (const dt of app.doctypes) {
    const folder = dirname(dt.jsonPath);
    const base = basename(dt.jsonPath, '.json');
    const form = join(folder, `${base}.js`);
    const list = join(folder, `${base}_list.js`);
    if (existsSync(form)) add('doctype_js', dt.meta.name, form, `form/${base}`);
    if (existsSync(list)) add('doctype_list_js', dt.meta.name, list, `list/${base}`);
  }
  return entries;
}
