import type { Bench } from '../config/bench.ts';
import { registerCoreJobs } from './core-jobs.ts';
import { configuredJobModules, loadJobModules } from './modules.ts';
import { JobRegistry } from './registry.ts';

/**
 * The registry every process of a bench builds alike: Cortado's core jobs, then the configured job modules
 * (`CORTADO_JOB_MODULES`, `job_modules` in the common config).
 *
 * @example const registry = await benchJobRegistry(bench);
 */
export async function benchJobRegistry(bench: Bench): Promise<JobRegistry> {
  const registry = registerCoreJobs(new JobRegistry());
  await loadJobModules(registry, configuredJobModules(bench.commonConfig() as Record<string, unknown>));
  return registry;
}
