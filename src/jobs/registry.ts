import type { JobContext, RawJobContext } from './context.ts';
import {
  flattenSchedulerEvents,
  type ScheduledEvent,
  type SchedulerEvents,
} from './scheduler/scheduler-events.ts';

/** A job method: runs as the enqueuing user in its own transaction (`ctx.db`), with the enqueued kwargs. */
export type JobFunction = (ctx: JobContext, kwargs: Record<string, unknown>) => unknown;

/** A job method that opens its own transactions (`ctx.transaction`), e.g. to keep a log row through a rollback. */
export type RawJobFunction = (ctx: RawJobContext, kwargs: Record<string, unknown>) => unknown;

/** A registered method and how it wants its transaction. */
export type RegisteredJob =
  | { name: string; raw: false; fn: JobFunction }
  | { name: string; raw: true; fn: RawJobFunction };

/**
 * The methods apps can enqueue, by name (Frappe's dotted paths), and their `scheduler_events`.
 * Jobs carry only the name, so every process that runs workers registers the same methods.
 *
 * @example registry.register('app.tasks.send_digest', async (ctx, { user }) => { ... });
 *          registry.schedule({ daily: ['app.tasks.send_digest'], cron: { '*\/5 * * * *': ['app.tasks.poll'] } });
 */
export class JobRegistry {
  private readonly methods = new Map<string, RegisteredJob>();
  private readonly events: Array<{ events: SchedulerEvents; app: string | undefined }> = [];

  /** Registers `fn` under `name` (replacing an earlier registration). */
  register(name: string, fn: JobFunction): this {
    this.methods.set(assertName(name), { name, raw: false, fn });
    return this;
  }

  /** Registers a method that manages its own transactions. */
  registerRaw(name: string, fn: RawJobFunction): this {
    this.methods.set(assertName(name), { name, raw: true, fn });
    return this;
  }

  get(name: string): RegisteredJob | undefined {
    return this.methods.get(name);
  }

  has(name: string): boolean {
    return this.methods.has(name);
  }

  /** Every registered name, sorted. */
  names(): string[] {
    return [...this.methods.keys()].sort();
  }

  /**
   * Adds `scheduler_events` (as in an app's hooks); they become Scheduled Job Type records on each site, or, when
   * they belong to `app`, on the sites where that app is installed.
   */
  schedule(events: SchedulerEvents, app?: string): this {
    flattenSchedulerEvents(events); // validates now, not at the first tick
    this.events.push({ events, app });
    return this;
  }

  /**
   * The scheduled events, one entry per method and frequency: every one, or given a site's installed apps, those
   * of no app and of the installed ones.
   */
  scheduledEvents(installedApps?: readonly string[]): ScheduledEvent[] {
    return this.events
      .filter(({ app }) => app === undefined || installedApps === undefined || installedApps.includes(app))
      .flatMap(({ events }) => flattenSchedulerEvents(events));
  }
}

function assertName(name: string): string {
  if (!/^[\w.:-]{1,255}$/.test(name)) throw new Error(`Invalid job method name ${JSON.stringify(name)}`);
  return name;
}
