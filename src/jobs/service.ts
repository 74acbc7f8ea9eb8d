import type { Bus } from '../bus/bus.ts';
import type { Bench } from '../config/bench.ts';
import { createLogger, type Logger } from '../config/log.ts';
import { MaintenanceWatch } from '../config/maintenance.ts';
import type { SiteDatabases } from '../db/site-databases.ts';
import { BullmqQueue } from './bullmq/bullmq-queue.ts';
import type { JobQueue } from './queue.ts';
import { queueTimeouts } from './queue-names.ts';
import type { JobRegistry } from './registry.ts';
import { TableQueue } from './table/table-queue.ts';

/**
 * Everything enqueueing and running jobs needs, shared by a process's backend, workers and scheduler:
 * the queue, the registered methods, the sites' databases, the bus and the queues' timeouts.
 */
export interface JobService {
  readonly queue: JobQueue;
  readonly registry: JobRegistry;
  readonly databases: SiteDatabases;
  readonly bus: Bus;
  /** Queue name to timeout in seconds: short, default, long and the custom `workers` queues. */
  readonly timeouts: Readonly<Record<string, number>>;
  readonly log: Logger;
  /** Runs a job gets, counting the first, when it keeps failing transiently (default 6: Frappe's 5 retries). */
  readonly maxAttempts: number;
  /** First retry delay; it doubles per attempt (default 1000 ms). */
  readonly retryBaseMs: number;
  /** Each site's `maintenance_mode`: jobs of a site in maintenance wait, they do not run. */
  readonly maintenance?: MaintenanceWatch | undefined;
  /** A site's installed apps, when the process loaded apps (the scheduler syncs app events only there). */
  readonly installedApps?: ((site: string) => Promise<readonly string[]>) | undefined;
  /** Closes the queue (the databases and bus belong to the caller). */
  close(): Promise<void>;
}

/** What `createJobService` needs. */
export interface JobServiceOptions {
  bench: Bench;
  databases: SiteDatabases;
  bus: Bus;
  registry: JobRegistry;
  /** A queue to use instead of the configured one (tests, benchmarks). */
  queue?: JobQueue | undefined;
  logger?: Logger | undefined;
  maxAttempts?: number | undefined;
  retryBaseMs?: number | undefined;
  /** A site's installed apps: apps' scheduler events become job types only there (default: every event everywhere). */
  installedApps?: ((site: string) => Promise<readonly string[]>) | undefined;
}

/**
 * The job service for a bench: BullMQ on `redis_queue` when the common config names one, else the jobs table in
 * each site's database (embedded). Common config keys (Cortado's own): `job_stall_timeout` (seconds, default 30)
 * is how long a dead worker's job waits before another worker takes it over; `redis_queue_prefix` (default
 * `cortado`) separates benches sharing one Redis.
 *
 * @example const jobs = createJobService({ bench, databases, bus, registry }); await enqueue({ site, user, jobs }, 'app.tasks.x');
 */
export function createJobService(options: JobServiceOptions): JobService {
  const common = options.bench.commonConfig();
  const log = options.logger ?? createLogger('jobs');
  const timeouts = queueTimeouts(common);
  // How long a dead worker's job waits before another worker takes it over (Cortado's key, seconds).
  const stallMs = (Number(common.job_stall_timeout) || 30) * 1000;
  const maintenance = new MaintenanceWatch(options.bench);
  const queue =
    options.queue ??
    (common.redis_queue
      ? new BullmqQueue({
          url: common.redis_queue,
          queues: Object.keys(timeouts),
          prefix: typeof common.redis_queue_prefix === 'string' ? common.redis_queue_prefix : undefined,
          lockDurationMs: stallMs,
          stalledIntervalMs: stallMs,
          logger: log,
        })
      : new TableQueue({
          databases: options.databases,
          // A site in maintenance is not even claimed from: a claim writes to the database being moved.
          sites: () => options.bench.listSites().filter((site) => maintenance.of(site) === 'off'),
          leaseGraceMs: stallMs,
          logger: log,
        }));
  return {
    queue,
    registry: options.registry,
    databases: options.databases,
    bus: options.bus,
    timeouts,
    log,
    maxAttempts: options.maxAttempts ?? 6,
    retryBaseMs: options.retryBaseMs ?? 1000,
    maintenance,
    installedApps: options.installedApps,
    close: () => queue.close(),
  };
}
