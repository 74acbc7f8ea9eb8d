import type { Command } from 'commander';
import type { Bench } from '../../config/bench.ts';
import {
  checkHeartbeat,
  enqueue,
  Heartbeat,
  type JobInfo,
  type JobService,
  type JobStatus,
  jobStatuses,
  parseQueueList,
  type RunningWorker,
  Scheduler,
  startWorker,
} from '../../jobs/index.ts';
import { CliError } from '../fail.ts';
import { benchFor, globalOptions, targetSite } from '../global-options.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { onShutdown, shutdownMarginMs } from '../shutdown.ts';

/** `worker`, `scheduler`, `health` and `jobs list|retry|purge|enqueue`. */
export function registerJobCommands(program: Command): void {
  program
    .command('worker')
    .description('run a job worker (frappe_docker: queue-short, queue-long)')
    .option('--queue <queues>', 'comma-separated queues to work on', 'short,default,long')
    .option('--concurrency <n>', 'jobs at once per queue', positiveInt, 1)
    .option(
      '--grace <seconds>',
      'on SIGTERM, how long running jobs may finish before they go back to the queue',
      positiveInt,
      8,
    )
    .action(async (opts, command: Command) => {
      const { runtime, jobs } = await openJobs(command);
      const queues = parseQueueList(opts.queue);
      // The worker itself stops within its grace period even with the queue unreachable; the deadline is the net.
      // Installed before the worker starts, so that no SIGTERM finds the process without it.
      let worker: RunningWorker | undefined;
      onShutdown(
        async () => {
          await worker?.close(opts.grace * 1000);
          await closeJobs(runtime);
        },
        { deadlineMs: opts.grace * 1000 + shutdownMarginMs },
      );
      worker = startWorker(jobs, {
        queues,
        concurrency: opts.concurrency,
        heartbeat: new Heartbeat('worker', runtime.bench.sitesPath),
      });
      jobs.log.info({ queues, concurrency: opts.concurrency, queue: jobs.queue.kind }, 'worker started');
    });

  program
    .command('scheduler [action]')
    .description(
      'run the scheduler (frappe_docker: scheduler); actions: run (default), tick, pause, resume, status',
    )
    .action(async (action: string | undefined, _opts, command: Command) => {
      const bench = benchFor(command);
      switch (action ?? 'run') {
        case 'run':
          return runScheduler(command);
        case 'tick':
          return tickOnce(command);
        case 'pause':
        case 'resume':
          for (const site of sitesOf(bench, command)) {
            bench.updateSiteConfig(site, { pause_scheduler: action === 'pause' ? 1 : 0 });
            process.stdout.write(`Scheduler ${action === 'pause' ? 'paused' : 'resumed'} for ${site}\n`);
          }
          return;
        case 'status':
          for (const site of sitesOf(bench, command)) {
            const paused = Boolean(bench.siteConfig(site).pause_scheduler);
            process.stdout.write(`${site}: scheduler ${paused ? 'paused' : 'active'}\n`);
          }
          return;
        default:
          throw new CliError(`unknown scheduler action "${action}" (run, tick, pause, resume, status)`);
      }
    });

  program
    .command('health <role>')
    .description(
      'exit 0 when a worker or scheduler of this bench is alive and beating (container healthchecks)',
    )
    .option('--max-age <seconds>', 'oldest acceptable heartbeat', positiveInt, 30)
    .action((role: string, opts, command: Command) => {
      if (role !== 'worker' && role !== 'scheduler')
        throw new CliError('health: role must be worker or scheduler');
      const report = checkHeartbeat(role, benchFor(command).sitesPath, { maxAgeMs: opts.maxAge * 1000 });
      process.stdout.write(`${report.message}\n`);
      process.exitCode = report.healthy ? 0 : 1;
    });

  const jobsCommand = program.command('jobs').description('list, retry, purge or enqueue background jobs');

  jobsCommand
    .command('list')
    .description("list the site's jobs (RQ Job), newest first")
    .option('--status <status>', `one of ${jobStatuses.join(', ')}`, parseStatus)
    .option('--queue <queue>', 'only this queue')
    .option('--limit <n>', 'at most this many (0: all)', nonNegativeInt, 50)
    .option('--json', 'one JSON object per line')
    .action((opts, command: Command) =>
      withJobs(command, async (jobs, sites) => {
        for (const site of sites) {
          const found = await listJobs(jobs, site, opts);
          for (const job of opts.limit ? found.slice(0, opts.limit) : found) {
            process.stdout.write(opts.json ? `${JSON.stringify(job)}\n` : `${formatJob(job)}\n`);
          }
        }
      }),
    );

  jobsCommand
    .command('retry [name]')
    .description('put a failed job (or every failed job matching --queue) back in its queue')
    .option('--queue <queue>', 'only this queue')
    .action((name: string | undefined, opts, command: Command) =>
      withJobs(command, async (jobs, sites) => {
        let count = 0;
        for (const site of sites) {
          const names = name
            ? [name]
            : (await listJobs(jobs, site, { ...opts, status: 'failed' })).map((j) => j.id);
          for (const id of names) if (await jobs.queue.retry(site, id)) count++;
        }
        if (name && count === 0) throw new CliError(`${name} is not a failed job`);
        process.stdout.write(`Retried ${count} job${count === 1 ? '' : 's'}\n`);
      }),
    );

  jobsCommand
    .command('purge')
    .description('delete jobs that are not running (default: failed ones)')
    .option(
      '--status <status>',
      'which jobs: failed (default), finished, queued, scheduled',
      parseStatus,
      'failed',
    )
    .option('--queue <queue>', 'only this queue')
    .action((opts, command: Command) =>
      withJobs(command, async (jobs, sites) => {
        if (opts.status === 'started') throw new CliError('running jobs cannot be purged');
        let count = 0;
        for (const site of sites) {
          for (const job of await listJobs(jobs, site, opts))
            if (await jobs.queue.remove(site, job.id)) count++;
        }
        process.stdout.write(`Purged ${count} job${count === 1 ? '' : 's'}\n`);
      }),
    );

  jobsCommand
    .command('enqueue <method>')
    .description('enqueue a registered method on the site, as Administrator')
    .option('--kwargs <json>', 'keyword arguments as a JSON object', '{}')
    .option('--queue <queue>', 'queue', 'default')
    .option('--job-id <id>', 'name the job (deduplicated while queued or running)')
    .option('--now', 'run it here and now instead')
    .action((method: string, opts, command: Command) =>
      withJobs(command, async (jobs, sites) => {
        const kwargs = parseKwargs(opts.kwargs);
        for (const site of sites) {
          const result = await enqueue({ site, user: 'Administrator', jobs }, method, {
            ...kwargs,
            queue: opts.queue,
            job_id: opts.jobId,
            deduplicate: Boolean(opts.jobId),
            now: Boolean(opts.now),
          });
          process.stdout.write(`${site}: ${JSON.stringify(result)}\n`);
        }
      }),
    );
}

/** How long a stopping scheduler waits for the sites it is ticking. */
const schedulerGraceMs = 4_000;

async function runScheduler(command: Command): Promise<void> {
  const { runtime, jobs } = await openJobs(command);
  const scheduler = new Scheduler(jobs, {
    bench: runtime.bench,
    heartbeat: new Heartbeat('scheduler', runtime.bench.sitesPath),
  });
  // Installed before anything runs, so that no SIGTERM finds the process without it.
  onShutdown(
    async () => {
      await scheduler.close(schedulerGraceMs);
      await closeJobs(runtime);
    },
    { deadlineMs: schedulerGraceMs + shutdownMarginMs },
  );
  scheduler.start();
  jobs.log.info({ queue: jobs.queue.kind }, 'scheduler started');
}

async function tickOnce(command: Command): Promise<void> {
  await withJobs(command, async (jobs) => {
    const result = await new Scheduler(jobs, { bench: benchFor(command) }).tick();
    for (const [site, methods] of Object.entries(result)) {
      process.stdout.write(`${site}: ${methods.length ? methods.join(', ') : 'nothing due'}\n`);
    }
  });
}

async function openJobs(command: Command): Promise<{ runtime: Runtime; jobs: JobService }> {
  const bench = benchFor(command);
  const runtime = await createRuntime(bench);
  return { runtime, jobs: runtime.jobs };
}

async function closeJobs(runtime: Runtime): Promise<void> {
  await runtime.close();
}

async function withJobs(
  command: Command,
  fn: (jobs: JobService, sites: string[]) => Promise<void>,
): Promise<void> {
  const { runtime, jobs } = await openJobs(command);
  try {
    await fn(jobs, sitesOf(runtime.bench, command));
  } finally {
    await closeJobs(runtime);
  }
}

// `--site all` acts on every site; otherwise the one site (default: currentsite.txt).
function sitesOf(bench: Bench, command: Command): string[] {
  return globalOptions(command).site === 'all' ? bench.listSites() : [targetSite(bench, command)];
}

function listJobs(
  jobs: JobService,
  site: string,
  opts: { status?: JobStatus; queue?: string },
): Promise<JobInfo[]> {
  if (opts.queue && !(opts.queue in jobs.timeouts)) throw new CliError(`unknown queue "${opts.queue}"`);
  return jobs.queue.list(site, {
    statuses: opts.status ? [opts.status] : undefined,
    queues: opts.queue ? [opts.queue] : undefined,
  });
}

function formatJob(job: JobInfo): string {
  const at = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : '-');
  const error = job.status === 'failed' && job.excInfo ? `  ${job.excInfo.split('\n')[0]}` : '';
  return `${job.site}  ${job.id}  ${job.queue}  ${job.status}  ${job.method}  ${at(job.enqueuedAt)}  ${at(job.endedAt)}${error}`;
}

function parseStatus(value: string): JobStatus {
  if (!(jobStatuses as readonly string[]).includes(value)) {
    throw new CliError(`--status must be one of ${jobStatuses.join(', ')}`);
  }
  return value as JobStatus;
}

function parseKwargs(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new CliError('--kwargs must be a JSON object');
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`expected a positive integer, got "${value}"`);
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`expected a whole number, got "${value}"`);
  return n;
}
