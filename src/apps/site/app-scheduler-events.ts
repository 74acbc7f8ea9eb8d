import type { Bench } from '../../config/bench.ts';
import type { Database } from '../../db/database.ts';
import { benchJobRegistry, syncJobTypes } from '../../jobs/index.ts';
import { flattenSchedulerEvents, type SchedulerEvents } from '../../jobs/scheduler/scheduler-events.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { resolveFunction } from './app-hooks.ts';

/** An app's `scheduler_events` with every function as its dotted path (what Scheduled Job Type stores). */
export function schedulerEventsOf(app: LoadedApp): SchedulerEvents {
  const events = app.definition.scheduler_events ?? {};
  const out: Record<string, unknown> = {};
  const pathOf = (ref: Parameters<typeof resolveFunction>[1], hook: string) => {
    if (typeof ref === 'string') {
      resolveFunction(app, ref, hook);
      return ref;
    }
    const path = app.pathOf(ref);
    if (!path) throw new Error(`app ${app.name}: ${hook} names a function no module of the app exports`);
    return path;
  };
  for (const [key, value] of Object.entries(events)) {
    if (key === 'cron') {
      out.cron = Object.fromEntries(
        Object.entries(value as Record<string, readonly string[]>).map(([cron, refs]) => [
          cron,
          refs.map((ref) => pathOf(ref, `scheduler_events.cron`)),
        ]),
      );
    } else out[key] = (value as readonly string[]).map((ref) => pathOf(ref, `scheduler_events.${key}`));
  }
  return out as SchedulerEvents;
}

/**
 * Makes the site's Scheduled Job Types those of the core and the bench's job modules plus those of the given
 * (installed) apps: an installed app's events are added, a removed app's (or a removed event's) deleted.
 *
 * @returns one line per change
 */
export async function syncSiteJobTypes(
  bench: Bench,
  db: Database,
  installed: readonly LoadedApp[],
): Promise<string[]> {
  const base = (await benchJobRegistry(bench)).scheduledEvents();
  const apps = installed.flatMap((app) => flattenSchedulerEvents(schedulerEventsOf(app)));
  return syncJobTypes(db, [...base, ...apps]);
}
