// Whitelisted app functions in the backend's method registry: `/api/method/<app>.<module path>.<function>`,
// answering only on sites where the app is installed, arguments checked before the call, the function given
// the request's AppContext. `override_whitelisted_methods` answers a core method's name the same way.
import { docContextOf } from '../backend/api/doc-context.ts';
import type { ModelServices } from '../backend/api/model-services.ts';
import type { MethodOptions, MethodRegistry, ParamSpecs } from '../backend/methods.ts';
import type { RequestContext } from '../backend/request-context.ts';
import { appContextOf } from './app-context-of.ts';
import { whitelistOptionsOf } from './whitelist.ts';

/** Whether an app is installed on a site (the installed-apps record, as the loader reads and caches it). */
export type InstalledCheck = (site: string) => boolean | Promise<boolean>;

const segment = /^[A-Za-z_]\w*$/;

/**
 * Registers the whitelisted app function `fn` under its dotted `path` (which must start with the app's name).
 * Throws when `fn` is not whitelisted or the path is malformed: a loader error, not a request's.
 *
 * @example registerAppMethod(methods, 'library_management.library_management.api.issue', issue, 'library_management', isInstalled, model);
 */
export function registerAppMethod(
  methods: MethodRegistry,
  path: string,
  fn: unknown,
  app: string,
  isInstalled: InstalledCheck,
  model: ModelServices | (() => ModelServices),
): void {
  const segments = path.split('.');
  if (segments.length < 2 || segments[0] !== app || !segments.every((s) => segment.test(s)))
    throw new Error(`${app}: invalid method path ${JSON.stringify(path)}`);
  methods.whitelist(path, appMethodOptions(path, fn, app, isInstalled), appHandler(fn, model));
}

/**
 * Answers the method `name` (a core one, or another app's) with the whitelisted app function `fn` on sites
 * where `app` is installed (Frappe's `override_whitelisted_methods`).
 *
 * @example registerAppOverride(methods, 'frappe.client.get_count', countWithArchive, 'archive', isInstalled, model);
 */
export function registerAppOverride(
  methods: MethodRegistry,
  name: string,
  fn: unknown,
  app: string,
  isInstalled: InstalledCheck,
  model: ModelServices | (() => ModelServices),
): void {
  methods.override(name, appMethodOptions(name, fn, app, isInstalled), appHandler(fn, model));
}

function appMethodOptions(
  path: string,
  fn: unknown,
  app: string,
  isInstalled: InstalledCheck,
): MethodOptions<ParamSpecs> {
  const options = whitelistOptionsOf(fn);
  if (!options) throw new Error(`${app}: ${path} names a function that is not whitelisted`);
  return {
    allowGuest: options.allow_guest ?? false,
    methods: options.methods,
    params: options.params,
    availableOn: (ctx: RequestContext) => isInstalled(ctx.site),
    app,
  };
}

// `model` may be a getter: the registry is filled before the backend that makes the model services is built.
function appHandler(fn: unknown, model: ModelServices | (() => ModelServices)) {
  const call = fn as (ctx: unknown, args: unknown) => unknown;
  return (ctx: RequestContext, args: Record<string, unknown>) =>
    call(appContextOf(docContextOf(ctx, typeof model === 'function' ? model() : model)), args);
}
