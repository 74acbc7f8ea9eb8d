import type { JobInfo, JobStatus } from '../../../src/jobs/job.ts';
import type { JobService } from '../../../src/jobs/service.ts';
import { until } from '../../support/until.ts';

/** Waits until the job has one of `statuses`; returns it. */
export function waitForStatus(
  service: JobService,
  site: string,
  id: string,
  statuses: readonly JobStatus[],
  timeoutMs = 30_000,
): Promise<JobInfo> {
  return until(
    async () => {
      const job = await service.queue.get(site, id);
      return job && statuses.includes(job.status) ? job : undefined;
    },
    `job ${id} ${statuses.join('/')}`,
    { timeoutMs, everyMs: 25 },
  );
}
