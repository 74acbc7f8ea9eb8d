import { enqueue, isJobEnqueued } from '../enqueue.ts';
import type { JobService } from '../service.ts';
import { cronFor, nextExecution, parseDatetime, queueForFrequency } from './frequencies.ts';
import { activeJobTypes, claimDueRun, type JobTypeRow } from './job-types.ts';

/** The method every scheduled run goes through (Frappe's name, so that RQ Job lists read the same). */
export const runScheduledJobMethod =
  'frappe.core.doctype.scheduled_job_type.scheduled_job_type.run_scheduled_job';

/** The job id that keeps one run of a job type queued at a time (Frappe's `rq_job_id`). */
export function scheduledJobId(method: string): string {
  return `scheduled_job::${method}`;
}

/** Whether the job type's next run (after its last one, or its creation) is at or before `now`. */
export function isDue(row: JobTypeRow, now: Date, schedulerInterval?: number): boolean {
  const from = row.last_execution ?? row.creation;
  const after = from ? parseDatetime(from) : new Date(0);
  return nextExecution(cronFor(row.frequency, row.cron_format, schedulerInterval), after) <= now;
}

class AlreadyQueued extends Error {}

/**
 * One scheduler tick for a site (Frappe's `enqueue_events`): every due, enabled job type whose previous run is
 * no longer queued or running is claimed and enqueued, in one transaction, as Administrator, on the `default`
 * or `long` queue, with job id `scheduled_job::<method>`. The claim (see `claimDueRun`) and the job id make it
 * happen once per due slot however many schedulers tick; a run still queued leaves the slot for a later tick.
 *
 * @returns the methods enqueued
 */
export async function enqueueDueJobs(
  service: JobService,
  site: string,
  now = new Date(),
  schedulerInterval?: number,
): Promise<string[]> {
  const db = service.databases.get(site);
  const enqueued: string[] = [];
  const rows = shuffle(await activeJobTypes(db));
  for (const row of rows) {
    try {
      if (!isDue(row, now, schedulerInterval)) continue;
      const jobId = scheduledJobId(row.method);
      if (await isJobEnqueued(service, site, jobId)) continue;
      const added = await db.transaction(async (tx) => {
        if (!(await claimDueRun(tx, row, now))) return false;
        const result = await enqueue(
          { site, user: 'Administrator', db: tx, jobs: service },
          runScheduledJobMethod,
          {
            queue: queueForFrequency(row.frequency),
            job_id: jobId,
            deduplicate: true,
            job_type: row.method,
          },
        );
        // Someone else's run of it is live: undo the claim, so that a later tick tries again.
        if (result.status === 'deduplicated') throw new AlreadyQueued();
        return true;
      });
      if (added) enqueued.push(row.method);
    } catch (error) {
      if (error instanceof AlreadyQueued) continue;
      service.log.error({ err: error, site, method: row.method }, 'could not enqueue a scheduled job');
    }
  }
  return enqueued;
}

// Frappe shuffles job types so that, when enqueueing is slow, the same ones do not always go first.
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Runs a job type now, whatever its schedule (Frappe's `execute_event`, the "Execute" button): enqueued as
 * Administrator unless a run of it is already queued or running.
 */
export async function executeJobType(
  service: JobService,
  site: string,
  row: Pick<JobTypeRow, 'method' | 'frequency'>,
) {
  return enqueue({ site, user: 'Administrator', jobs: service }, runScheduledJobMethod, {
    queue: queueForFrequency(row.frequency),
    job_id: scheduledJobId(row.method),
    deduplicate: true,
    job_type: row.method,
  });
}
