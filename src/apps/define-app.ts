// The one typed hooks entry of an app (Frappe's hooks.py): what `apps/<app>/<app>/hooks.ts` default-exports.
// Every hook that names code takes a function exported by one of the app's modules, or its dotted path
// ("library_management.library_management.tasks.mark_overdue", as in hooks.py): the loader maps each function
// to its path, and a hook whose function no module of the app exports stops start-up, naming the app and hook.

import type { SchedulerEvents } from '../jobs/scheduler/scheduler-events.ts';
import type { DocEvent } from '../model/controllers/events.ts';

/** A function exported by a module of the app, or its dotted path. */
// biome-ignore lint/suspicious/noExplicitAny: hooks of any signature are named the same way.
export type FunctionRef = string | ((...args: any[]) => unknown);

/** `scheduler_events` with functions or paths instead of path strings only. */
export type AppSchedulerEvents = {
  [K in Exclude<keyof SchedulerEvents, 'cron'>]?: readonly FunctionRef[];
} & { cron?: Readonly<Record<string, readonly FunctionRef[]>> };

/** A fixture: every record of a DocType, or those matching filters (Frappe's `fixtures` entries). */
export type FixtureSpec = string | { doctype: string; filters?: unknown };

/** What an app declares. Names follow hooks.py, so a Frappe developer finds each one where they expect it. */
export interface AppDefinition {
  /** The app's name: the folder under `apps/`, the package folder inside it, the first part of its paths. */
  name: string;
  title?: string;
  description?: string;
  publisher?: string;
  /** The app's modules (Frappe's modules.txt), e.g. ["Library Management"]; folder = scrubbed name. */
  modules: readonly string[];
  /** Apps this one needs installed first (Frappe's `required_apps`). */
  required_apps?: readonly string[];
  /** Per DocType (or "*"), per lifecycle event, functions `(doc, ctx) => ...` run after the DocType's controller. */
  doc_events?: Readonly<Record<string, Partial<Record<DocEvent, FunctionRef | readonly FunctionRef[]>>>>;
  scheduler_events?: AppSchedulerEvents;
  /** Method path → function answering in its place (Frappe's `override_whitelisted_methods`). */
  override_whitelisted_methods?: Readonly<Record<string, FunctionRef>>;
  /** DocType → controller class replacing the DocType's own (Frappe's `override_doctype_class`). */
  override_doctype_class?: Readonly<Record<string, FunctionRef>>;
  /** DocType → `(ctx, user) => SQL condition | undefined` added to every list of it (read scope). */
  permission_query_conditions?: Readonly<Record<string, FunctionRef>>;
  /** DocType → `(doc, ptype, ctx) => boolean | undefined`; false refuses, anything else leaves the rules to decide. */
  has_permission?: Readonly<Record<string, FunctionRef>>;
  fixtures?: readonly FixtureSpec[];
  before_install?: FunctionRef;
  after_install?: FunctionRef;
  before_uninstall?: FunctionRef;
  after_uninstall?: FunctionRef;
  before_migrate?: FunctionRef;
  after_migrate?: FunctionRef;
  /** `(bootinfo, ctx) => void`: adds to the desk's boot data for each session. */
  boot_session?: FunctionRef;
  /** Desk scripts (paths relative to the app folder) loaded on every desk page of sites with the app. */
  app_include_js?: readonly string[];
  /** DocType → desk form script (path relative to the app folder), as Frappe's `doctype_js`. */
  doctype_js?: Readonly<Record<string, string>>;
  /** DocType → desk list settings script, as Frappe's `doctype_list_js`. */
  doctype_list_js?: Readonly<Record<string, string>>;
}

/**
 * Declares an app: returns its definition unchanged, typed. `hooks.ts` default-exports the result.
 *
 * @example export default defineApp({ name: 'library_management', modules: ['Library Management'], scheduler_events: { daily: [markOverdue] } });
 */
export function defineApp<const T extends AppDefinition>(definition: T): T {
  return definition;
}
