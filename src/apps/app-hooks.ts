// Every hook of defineApp that names code, resolved to a function of the app: given as the function itself
// (it must be exported by one of the app's modules, so jobs and scheduled events can carry its path) or as its
// dotted path. A hook naming anything else stops loading, naming the app, hooks.ts and the hook.
import { flattenSchedulerEvents, type SchedulerEvents } from '../jobs/scheduler/scheduler-events.ts';
import { AppLoadError } from './app-load-error.ts';
import type { AppDefinition, FunctionRef } from './define-app.ts';

/** A hook's function and its dotted path. */
export interface ResolvedRef {
  path: string;
  fn: (...args: never[]) => unknown;
}

/** What resolving needs of an app: its function map (LoadedApp satisfies it). */
export interface FunctionLookup {
  functions: ReadonlyMap<string, (...args: never[]) => unknown>;
  pathOf(fn: unknown): string | undefined;
}

/** Resolves one hook value; `hook` names it in the error (e.g. `doc_events.ToDo.validate`). */
export function resolveRef(app: FunctionLookup, ref: FunctionRef, hook: string): ResolvedRef {
  if (typeof ref === 'function') {
    const path = app.pathOf(ref);
    if (path === undefined)
      throw new Error(
        `${hook}: the function ${ref.name || '(anonymous)'} is not exported by a module of the app`,
      );
    return { path, fn: ref as ResolvedRef['fn'] };
  }
  if (typeof ref !== 'string') throw new Error(`${hook}: expected a function or its dotted path`);
  const fn = app.functions.get(ref);
  if (!fn) throw new Error(`${hook}: no module of the app exports ${ref}`);
  return { path: ref, fn };
}

/** The function hooks of a definition, each with the name errors give it. */
export function functionHooks(definition: AppDefinition): Array<{ hook: string; ref: FunctionRef }> {
  const out: Array<{ hook: string; ref: FunctionRef }> = [];
  const add = (hook: string, ref: FunctionRef | undefined) => {
    if (ref !== undefined) out.push({ hook, ref });
  };
  for (const [doctype, events] of Object.entries(definition.doc_events ?? {}))
    for (const [event, refs] of Object.entries(events ?? {}))
      for (const ref of asList(refs)) add(`doc_events.${doctype}.${event}`, ref);
  for (const [key, value] of Object.entries(definition.scheduler_events ?? {})) {
    if (key === 'cron')
      for (const [cron, refs] of Object.entries(value as Record<string, readonly FunctionRef[]>))
        for (const ref of refs) add(`scheduler_events.cron.${cron}`, ref);
    else for (const ref of value as readonly FunctionRef[]) add(`scheduler_events.${key}`, ref);
  }
  const maps = [
    'override_whitelisted_methods',
    'override_doctype_class',
    'permission_query_conditions',
    'has_permission',
  ] as const;
  for (const name of maps)
    for (const [key, ref] of Object.entries(definition[name] ?? {})) add(`${name}.${key}`, ref);
  const single = [
    'before_install',
    'after_install',
    'before_uninstall',
    'after_uninstall',
    'before_migrate',
    'after_migrate',
    'boot_session',
  ] as const;
  for (const name of single) add(name, definition[name]);
  return out;
}

/** A doc_events entry as a list. */
export function asList(refs: FunctionRef | readonly FunctionRef[] | undefined): readonly FunctionRef[] {
  if (refs === undefined) return [];
  return Array.isArray(refs) ? refs : [refs as FunctionRef];
}

/** The app's scheduler_events with paths for functions (what Scheduled Job Types and jobs carry). */
export function schedulerEventPaths(app: FunctionLookup, definition: AppDefinition): SchedulerEvents {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition.scheduler_events ?? {})) {
    out[key] =
      key === 'cron'
        ? Object.fromEntries(
            Object.entries(value as Record<string, readonly FunctionRef[]>).map(([cron, refs]) => [
              cron,
              refs.map((ref) => resolveRef(app, ref, `scheduler_events.cron.${cron}`).path),
            ]),
          )
        : (value as readonly FunctionRef[]).map(
            (ref) => resolveRef(app, ref, `scheduler_events.${key}`).path,
          );
  }
  return out as SchedulerEvents;
}

/** Checks every function hook and the scheduler events (frequencies, cron expressions); throws AppLoadError. */
export function checkHooks(
  app: FunctionLookup & { name: string },
  definition: AppDefinition,
  hooksFile: string,
  appsPath: string,
): void {
  try {
    for (const { hook, ref } of functionHooks(definition)) resolveRef(app, ref, hook);
    flattenSchedulerEvents(schedulerEventPaths(app, definition));
  } catch (error) {
    throw new AppLoadError(app.name, hooksFile, (error as Error).message, appsPath);
  }
}
