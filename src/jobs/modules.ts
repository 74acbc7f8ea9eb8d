import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobRegistry } from './registry.ts';

/** What a job module exports: a function that registers its methods and scheduler events. */
export interface JobModule {
  registerJobs(registry: JobRegistry): void | Promise<void>;
}

/**
 * Loads app job modules (paths or package names) into the registry: the worker, scheduler and backend of a
 * bench must all register the same methods, so they load the same list — `CORTADO_JOB_MODULES`
 * (comma-separated) and `job_modules` in the common config.
 *
 * @example await loadJobModules(registry, ['./apps/shop/jobs.ts']);
 */
export async function loadJobModules(registry: JobRegistry, specifiers: readonly string[]): Promise<void> {
  for (const specifier of specifiers) {
    const target =
      specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
    const module = (await import(target)) as Partial<JobModule>;
    if (typeof module.registerJobs !== 'function') {
      throw new Error(`Job module ${specifier} does not export registerJobs(registry)`);
    }
    await module.registerJobs(registry);
  }
}

/** The job modules a bench names: `CORTADO_JOB_MODULES`, then `job_modules` of the common config. */
export function configuredJobModules(common: Record<string, unknown>, env = process.env): string[] {
  const fromEnv = (env.CORTADO_JOB_MODULES ?? '').split(',');
  const fromConfig = Array.isArray(common.job_modules) ? common.job_modules.map(String) : [];
  return [...new Set([...fromEnv, ...fromConfig].map((s) => s.trim()).filter(Boolean))];
}
