import type { Bench } from '../../config/bench.ts';
import type { Heartbeat } from '../heartbeat.ts';
import { installJobSchema } from '../install.ts';
import type { JobService } from '../service.ts';
import { syncJobTypes } from './job-types.ts';
import { enqueueDueJobs } from './tick.ts';

/** How often the scheduler ticks and where it reports health. */
export interface SchedulerOptions {
  bench: Bench;
  /** Default: `scheduler_tick_interval` (seconds) of the common config, else 60 s (Frappe's tick). */
  tickMs?: number | undefined;
  heartbeat?: Heartbeat | undefined;
  heartbeatMs?: number | undefined;
}

/**
 * The scheduler (`cortado scheduler`): every tick, for each site not paused (`pause_scheduler` or
 * `maintenance_mode` in its config), enqueues the due Scheduled Job Types. On first sight of a site it creates
 * the job tables and syncs the registered `scheduler_events` into Scheduled Job Types. Several schedulers may
 * run at once: each due slot is enqueued once (see `enqueueDueJobs`).
 *
 * @example const scheduler = new Scheduler(jobs, { bench }); scheduler.start(); ... await scheduler.close();
 */
export class Scheduler {
  private readonly prepared = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastTick: { at: number; ok: boolean } | undefined;

  constructor(
    private readonly service: JobService,
    private readonly options: SchedulerOptions,
  ) {}

  /** Ticks now and then every tick interval until `close`. */
  start(): void {
    const common = this.options.bench.commonConfig() as Record<string, unknown>;
    const tickMs = this.options.tickMs ?? (Number(common.scheduler_tick_interval) || 60) * 1000;
    const loop = () => {
      if (this.closed) return;
      this.running = this.tick().finally(() => {
        if (!this.closed) this.timer = setTimeout(loop, tickMs);
      });
    };
    loop();
    const { heartbeat } = this.options;
    if (heartbeat) {
      const beat = () => heartbeat.beat({ lastTick: this.lastTick });
      beat();
      this.beatTimer = setInterval(beat, this.options.heartbeatMs ?? 5000);
    }
  }

  /**
   * One tick over every site (in random order, as Frappe does).
   *
   * @returns per site, the methods enqueued
   */
  async tick(now = new Date()): Promise<Record<string, string[]>> {
    const { bench } = this.options;
    const out: Record<string, string[]> = {};
    let ok = true;
    for (const site of shuffle(bench.listSites())) {
      try {
        const config = bench.siteConfig(site) as Record<string, unknown>;
        if (config.pause_scheduler || config.maintenance_mode) continue;
        await this.prepare(site);
        const interval = Number(config.scheduler_interval) || undefined;
        out[site] = await enqueueDueJobs(this.service, site, now, interval);
      } catch (error) {
        ok = false;
        this.service.log.error({ err: error, site }, 'scheduler tick failed for a site');
      }
    }
    this.lastTick = { at: Date.now(), ok };
    return out;
  }

  /** Stops ticking; resolves when a tick in progress has finished. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.beatTimer);
    this.options.heartbeat?.stop();
    await this.running.catch(() => undefined);
  }

  private async prepare(site: string): Promise<void> {
    if (this.prepared.has(site)) return;
    const db = this.service.databases.get(site);
    await installJobSchema(db);
    const changes = await syncJobTypes(db, this.service.registry.scheduledEvents());
    if (changes.length) this.service.log.info({ site, changes }, 'scheduled job types synced');
    this.prepared.add(site);
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
