// Job methods of the fault suite, loaded by its worker processes through `job_modules`. They touch no
// database, so they work on any site.
import { existsSync, writeFileSync } from 'node:fs';
import type { JobRegistry } from '../../../src/jobs/registry.ts';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Registers the suite's methods (the job-module contract). */
export function registerJobs(registry: JobRegistry): void {
  // Takes `ms`, then returns `result`.
  registry.register('faults.sleep', async (ctx, { ms, result }) => {
    await sleep(Number(ms ?? 0), ctx.signal);
    if (ctx.signal.aborted) throw new Error('aborted');
    return result ?? null;
  });
  // The first run writes `marker` (the worker's pid) and then runs until it is stopped, so a test can kill
  // its worker mid-job; a later run finds the marker and finishes at once.
  registry.register('faults.block_once', async (ctx, { marker }) => {
    const file = String(marker);
    if (existsSync(file)) return 'second run';
    writeFileSync(file, String(process.pid));
    await sleep(600_000, ctx.signal);
    throw new Error('stopped while blocking');
  });
}
