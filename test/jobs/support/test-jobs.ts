// Job methods the job suites enqueue. Also loaded by worker child processes through CORTADO_JOB_MODULES,
// so it must not depend on anything but the registry it is given.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { JobContext } from '../../../src/jobs/context.ts';
import { RetryJobError } from '../../../src/jobs/errors.ts';
import type { JobRegistry } from '../../../src/jobs/registry.ts';

/** The table the test jobs write to. */
export const probeTable = 'tabJob Probe';

async function record(ctx: JobContext, name: unknown, value: unknown): Promise<void> {
  const q = ctx.db.dialect.quote;
  await ctx.db.run(
    `INSERT INTO ${q(probeTable)} (${q('name')}, ${q('value')}, ${q('owner')}) VALUES (?, ?, ?)`,
    [String(name), String(value ?? ''), ctx.user],
  );
}

// Waits until the job's signal aborts (its timeout or the worker's shutdown), for at most `ms`.
function waitForAbort(signal: AbortSignal, ms = 600_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Registers the test methods (the job-module contract: `registerJobs(registry)`). */
export function registerJobs(registry: JobRegistry): void {
  // Writes a probe row named `name`, as the job's user; returns `result`.
  registry.register('test.record', async (ctx, { name, value, result }) => {
    await record(ctx, name, value ?? ctx.site);
    return result ?? null;
  });
  // Writes a probe row, then fails: the row must be rolled back.
  registry.register('test.fail', async (ctx, { name }) => {
    await record(ctx, name, 'should be rolled back');
    throw new Error(`boom ${String(name)}`);
  });
  // Fails transiently until its `succeed_on`-th run, then writes a probe row.
  registry.register('test.transient', async (ctx, { name, succeed_on }) => {
    const attempt = ctx.job?.attempt ?? 1;
    if (attempt < Number(succeed_on)) throw new RetryJobError(`not yet (attempt ${attempt})`);
    await record(ctx, name, `attempt ${attempt}`);
  });
  // Writes a probe row, then never ends by itself: its timeout must stop it and roll the row back.
  registry.register('test.hang', async (ctx, { name }) => {
    await record(ctx, name, 'should be rolled back');
    await new Promise(() => {});
  });
  // Takes `ms` (or until aborted) before writing its probe row; with `marker`, first writes that file (so a
  // test in another process knows the job is running); under CORTADO_TEST_BLOCK it waits for its abort signal.
  registry.register('test.slow', async (ctx, { name, ms, marker }) => {
    if (typeof marker === 'string') writeFileSync(marker, String(process.pid));
    if (process.env.CORTADO_TEST_BLOCK === '1') {
      await waitForAbort(ctx.signal);
      throw new Error('aborted while blocked');
    }
    await waitForAbort(ctx.signal, Number(ms ?? 0));
    if (ctx.signal.aborted) throw new Error('aborted');
    await record(ctx, name, `slept ${String(ms)}`);
  });
  // Reports progress to a task, then finishes.
  registry.register('test.progress', async (ctx, { task_id }) => {
    await ctx.publishProgress(50, { title: 'Halfway', description: 'half done', taskId: String(task_id) });
    ctx.publishRealtime('msgprint', { message: 'done' }, { user: ctx.user, afterCommit: true });
    return 'ok';
  });
  // Callbacks: write a probe row naming the job they were called for.
  registry.register('test.on_success', async (ctx, { job, result }) => {
    await record(ctx, `success:${(job as { id: string }).id}`, JSON.stringify(result));
  });
  registry.register('test.on_failure', async (ctx, { job, exc_info }) => {
    await record(ctx, `failure:${(job as { id: string }).id}`, String(exc_info).split('\n')[0]);
  });
  // Does nothing (benchmarks).
  registry.register('test.noop', () => null);

  // Scheduled methods: each run writes a probe row named `<method>:<uuid>`; the failing one is rolled back.
  for (const method of ['test.sched_hourly', 'test.sched_cron', 'test.sched_all']) {
    registry.register(method, (ctx) => record(ctx, `${method}:${randomUUID()}`, method));
  }
  registry.register('test.sched_daily_fail', async (ctx) => {
    await record(ctx, `test.sched_daily_fail:${randomUUID()}`, 'should be rolled back');
    throw new Error('scheduled boom');
  });
  registry.schedule({
    all: ['test.sched_all'],
    hourly: ['test.sched_hourly'],
    daily_long: ['test.sched_daily_fail'],
    cron: { '*/5 * * * *': ['test.sched_cron'] },
  });
}
