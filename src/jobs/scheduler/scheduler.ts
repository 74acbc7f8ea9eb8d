import type { Bench } from '../../config/bench.ts';
import type { Heartbeat } from '../heartbeat.ts';
import { installJobSchema } from '../install.ts';
import type { JobService } from '../service.ts';
import { syncJobTypes } from './job-types.ts';
import { enqueueDueJobs } from './tick.ts';

/** How often the scheduler ticks, how long one site may take, and where it reports health. */
export interface SchedulerOptions {
  bench: Bench;
  /** Default: `scheduler_tick_interval` (seconds) of the common config, else 60 s (Frappe's tick). */
  tickMs?: number | undefined;
  /**
   * How long one site's part of a tick may take before the tick goes on without it. Default:
   * `scheduler_site_timeout` (seconds) of the common config, else 30 s.
   */
  siteTimeoutMs?: number | undefined;
  heartbeat?: Heartbeat | undefined;
  heartbeatMs?: number | undefined;
}

/** What `health()` found: healthy, or why not. */
export interface SchedulerHealth {
  healthy: boolean;
  /** Sites whose tick has been running past the site timeout. */
  stalledSites: string[];
  reason?: string;
}

/** Sites ticked at once: enough that a slow one does not hold the others, few enough to spare the databases. */
const siteConcurrency = 4;

/**
 * The scheduler (`cortado scheduler`): every tick, for each site not paused (`pause_scheduler` or
 * `maintenance_mode` in its config), enqueues the due Scheduled Job Types. On first sight of a site it creates
 * the job tables and syncs the registered `scheduler_events` into Scheduled Job Types. Several schedulers may
 * run at once: each due slot is enqueued once (see `enqueueDueJobs`).
 *
 * Sites are isolated: each site's part of a tick has its own timeout; a site that stalls (a database that does not
 * answer) is left behind, skipped by later ticks until its stuck run ends, and reported by `health()` and the
 * heartbeat (so `cortado health scheduler` fails) while every other site is served on time.
 *
 * @example const scheduler = new Scheduler(jobs, { bench }); scheduler.start(); ... await scheduler.close();
 */
export class Scheduler {
  private readonly prepared = new Set<string>();
  /** Sites whose run is still going (normally only during a tick; past the tick, stalled). */
  private readonly siteRuns = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastTick: { at: number; ok: boolean } | undefined;
  private readonly startedAt = Date.now();

  constructor(
    private readonly service: JobService,
    private readonly options: SchedulerOptions,
  ) {}

  private get tickMs(): number {
    const common = this.options.bench.commonConfig() as Record<string, unknown>;
    return this.options.tickMs ?? (Number(common.scheduler_tick_interval) || 60) * 1000;
  }

  private get siteTimeoutMs(): number {
    const common = this.options.bench.commonConfig() as Record<string, unknown>;
    return this.options.siteTimeoutMs ?? (Number(common.scheduler_site_timeout) || 30) * 1000;
  }

  /** Ticks now and then every tick interval until `close`. */
  start(): void {
    const tickMs = this.tickMs;
    const loop = () => {
      if (this.closed) return;
      this.running = this.tick().finally(() => {
        if (!this.closed) this.timer = setTimeout(loop, tickMs);
      });
    };
    loop();
    const { heartbeat } = this.options;
    if (heartbeat) {
      const beat = () => {
        const health = this.health();
        heartbeat.beat({
          lastTick: this.lastTick,
          stalledSites: health.stalledSites,
          ...(health.reason ? { unhealthy: health.reason } : {}),
        });
      };
      beat();
      this.beatTimer = setInterval(beat, this.options.heartbeatMs ?? 5000);
    }
  }

  /**
   * One tick over every site (in random order, as Frappe does), a few sites at once, each within the site timeout.
   *
   * @returns per site served, the methods enqueued
   */
  async tick(now = new Date()): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    let ok = true;
    const queue = shuffle(this.options.bench.listSites());
    const next = async (): Promise<void> => {
      // A closing scheduler starts no more sites.
      for (let site = queue.pop(); site !== undefined && !this.closed; site = queue.pop()) {
        const result = await this.tickSite(site, now);
        if (Array.isArray(result)) out[site] = result;
        else if (result === 'failed') ok = false;
      }
    };
    await Promise.all(Array.from({ length: siteConcurrency }, next));
    this.lastTick = { at: Date.now(), ok: ok && this.health().stalledSites.length === 0 };
    return out;
  }

  /** Healthy unless a site's run is stalled or no tick has finished for two intervals and a site timeout. */
  health(now = Date.now()): SchedulerHealth {
    const timeout = this.siteTimeoutMs;
    const stalledSites = [...this.siteRuns]
      .filter(([, since]) => now - since > timeout)
      .map(([site]) => site)
      .sort();
    if (stalledSites.length)
      return {
        healthy: false,
        stalledSites,
        reason: `tick stalled for ${stalledSites.join(', ')} (running over ${Math.round(timeout / 1000)} s)`,
      };
    const lastEnd = this.lastTick?.at ?? this.startedAt;
    const late = now - lastEnd - (2 * this.tickMs + timeout);
    if (late > 0)
      return {
        healthy: false,
        stalledSites,
        reason: `no tick finished for ${Math.round((now - lastEnd) / 1000)} s`,
      };
    return { healthy: true, stalledSites };
  }

  /**
   * Stops ticking; resolves when the sites being ticked have finished, or after `graceMs` (default 5 s) at the
   * latest (a stalled site's run is never waited for). A site left mid-tick is safe: each due slot is claimed and
   * enqueued in one transaction, and a job id keeps one run of a job type queued at a time.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.beatTimer);
    this.options.heartbeat?.stop();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.running.catch(() => undefined), late]);
    clearTimeout(timer);
  }

  /** One site's part of a tick: its methods enqueued, `undefined` when paused, or how it did not finish. */
  private async tickSite(site: string, now: Date): Promise<string[] | undefined | 'failed' | 'stalled'> {
    // Its previous run is stuck: starting another would pile up connections on a database that does not answer.
    if (this.siteRuns.has(site)) return 'stalled';
    const since = Date.now();
    const run = this.runSite(site, now);
    this.siteRuns.set(site, since);
    const settled = run.then(
      () => this.siteRuns.delete(site),
      () => this.siteRuns.delete(site),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), this.siteTimeoutMs);
    });
    try {
      const result = await Promise.race([run, timeout]);
      if (result === 'stalled') {
        this.service.log.error(
          { site, timeoutMs: this.siteTimeoutMs },
          'scheduler tick for a site did not finish in time; the other sites go on without it',
        );
        // Once the stuck run ends, say so.
        void settled.then(() =>
          this.service.log.info({ site, ms: Date.now() - since }, 'stalled scheduler tick for a site ended'),
        );
      }
      return result;
    } catch (error) {
      this.service.log.error({ err: error, site }, 'scheduler tick failed for a site');
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  private async runSite(site: string, now: Date): Promise<string[] | undefined> {
    const config = this.options.bench.siteConfig(site) as Record<string, unknown>;
    if (config.pause_scheduler || config.maintenance_mode) return undefined;
    await this.prepare(site);
    const interval = Number(config.scheduler_interval) || undefined;
    return enqueueDueJobs(this.service, site, now, interval);
  }

  private async prepare(site: string): Promise<void> {
    if (this.prepared.has(site)) return;
    const db = this.service.databases.get(site);
    await installJobSchema(db);
    const apps = await this.service.installedApps?.(site);
    const changes = await syncJobTypes(db, this.service.registry.scheduledEvents(apps));
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
