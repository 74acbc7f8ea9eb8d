// What the loader makes of an app folder (`loadApp`, `loadApps`): site installation, migrate, the runtime's
// registries and the desk all read apps through this one shape, never by walking app folders themselves.
import type { DocTypeMeta } from '../db/meta.ts';
import type { AppContext } from './app-context.ts';
import type { AppDefinition } from './define-app.ts';

/** One DocType an app ships: `<app>/<module>/doctype/<folder>/<folder>.json`, standard (`custom: 0`). */
export interface AppDocType {
  meta: DocTypeMeta;
  /** The JSON file (developer mode writes the desk builder's changes back into it). */
  jsonPath: string;
  /** The controller module `<folder>.ts` beside it, when there is one. */
  controllerPath: string | undefined;
  /** Its default export: a `Document` subclass (or a virtual DocType's controller). */
  controller: unknown;
}

/** A patch listed in `<app>/patches.txt`: run once per site by migrate, recorded in Patch Log. */
export interface AppPatch {
  /** The line of patches.txt, e.g. `library_management.patches.v0_1.set_default_status`. */
  path: string;
  section: 'pre_model_sync' | 'post_model_sync';
  execute(ctx: AppContext): unknown;
}

/** A fixture file: `<app>/fixtures/<scrubbed doctype>.json`, a list of records. */
export interface AppFixtureFile {
  doctype: string;
  path: string;
}

/** An app, loaded and validated: everything its hooks name resolved. */
export interface LoadedApp {
  name: string;
  /** package.json `version`. */
  version: string;
  /** `apps/<app>`: the npm package. */
  path: string;
  /** `apps/<app>/<app>`: the app's code (hooks.ts, modules, patches.txt, fixtures/, public/). */
  packagePath: string;
  definition: AppDefinition;
  /** Module name → its folder. */
  modules: ReadonlyMap<string, string>;
  doctypes: readonly AppDocType[];
  patches: readonly AppPatch[];
  fixtures: readonly AppFixtureFile[];
  /** Every exported function of the app's modules by dotted path (`<app>.<folders>.<file>.<export>`). */
  functions: ReadonlyMap<string, (...args: never[]) => unknown>;
  /** The dotted path of an exported function, or undefined. */
  pathOf(fn: unknown): string | undefined;
}
