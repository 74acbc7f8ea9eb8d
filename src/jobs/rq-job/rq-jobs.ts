import { DataError, DoesNotExistError, PermissionError } from '../../errors/index.ts';
import { type JobStatus, jobStatuses } from '../job.ts';
import type { JobService } from '../service.ts';
import { allowedValues, matches, parseRqJobFilters } from './rq-job-filters.ts';
import { type RqJobRow, rqJobFields, toRqJobRow } from './rq-job-row.ts';

/** Who asks, on which site: the RQ Job list is for System Managers, and only shows the site's own jobs. */
export interface RqJobAccess {
  site: string;
  user: string;
  roles: readonly string[];
}

/** The list arguments of `/api/resource/RQ Job` (and `frappe.client.get_list`). */
export interface RqJobListArgs {
  filters?: unknown;
  start?: number | undefined;
  /** 0 means no limit; default 20. */
  page_length?: number | undefined;
  /** `"<field> asc|desc"`; default `creation desc`. */
  order_by?: string | undefined;
}

/** Throws `PermissionError` unless the user may read RQ Jobs (System Manager, or Administrator). */
export function assertRqJobReader(access: RqJobAccess): void {
  const allowed =
    access.user === 'Administrator' ||
    access.roles.includes('System Manager') ||
    access.roles.includes('Administrator');
  if (!allowed) throw new PermissionError('Not permitted: RQ Job is for System Managers');
}

/**
 * The site's jobs as `RQ Job` rows (Frappe's virtual `RQJob.get_list`): filters on any RQ Job field, queue and
 * status pushed down to the queue, newest first unless `order_by` says otherwise.
 *
 * @example const rows = await listRqJobs(jobs, { site, user, roles }, { filters: { status: 'failed' } });
 */
export async function listRqJobs(
  service: JobService,
  access: RqJobAccess,
  args: RqJobListArgs = {},
): Promise<RqJobRow[]> {
  const rows = await matchingRows(service, access, args.filters);
  sortRows(rows, args.order_by ?? 'creation desc');
  const start = Math.max(0, args.start ?? 0);
  const length = args.page_length ?? 20;
  return length > 0 ? rows.slice(start, start + length) : rows.slice(start);
}

/** How many RQ Jobs match (Frappe's `RQJob.get_count`). */
export async function countRqJobs(
  service: JobService,
  access: RqJobAccess,
  filters?: unknown,
): Promise<number> {
  return (await matchingRows(service, access, filters)).length;
}

/** One RQ Job of the site; `DoesNotExistError` (404) for another site's job or none. */
export async function getRqJob(service: JobService, access: RqJobAccess, name: string): Promise<RqJobRow> {
  assertRqJobReader(access);
  const job = await service.queue.get(access.site, name);
  if (!job) throw new DoesNotExistError(`RQ Job ${name} not found`);
  return toRqJobRow(job);
}

async function matchingRows(service: JobService, access: RqJobAccess, filters: unknown): Promise<RqJobRow[]> {
  assertRqJobReader(access);
  const conditions = parseRqJobFilters(filters);
  const queues = allowedValues(conditions, 'queue')?.filter((q) => q in service.timeouts);
  const statuses = allowedValues(conditions, 'status')?.filter((s): s is JobStatus =>
    (jobStatuses as readonly string[]).includes(s),
  );
  const jobs = await service.queue.list(access.site, { queues, statuses });
  return jobs.map(toRqJobRow).filter((row) => matches(row, conditions));
}

function sortRows(rows: RqJobRow[], orderBy: string): void {
  const [field = 'creation', direction = 'desc'] = orderBy.trim().split(/\s+/);
  if (!(rqJobFields as readonly string[]).includes(field)) throw new DataError(`Cannot sort by ${field}`);
  const sign = direction.toLowerCase() === 'asc' ? 1 : -1;
  const key = field as keyof RqJobRow;
  rows.sort((a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

/**
 * Deletes the site's failed jobs (Frappe's `remove_failed_jobs`, System Managers only).
 *
 * @returns how many were deleted
 */
export async function removeFailedRqJobs(service: JobService, access: RqJobAccess): Promise<number> {
  assertRqJobReader(access);
  let count = 0;
  for (const job of await service.queue.list(access.site, { statuses: ['failed'] })) {
    if (await service.queue.remove(access.site, job.id)) count++;
  }
  return count;
}

/** Deletes one RQ Job that is not running (Frappe: Administrator may delete); `DoesNotExistError` otherwise. */
export async function deleteRqJob(service: JobService, access: RqJobAccess, name: string): Promise<void> {
  assertRqJobReader(access);
  if (!(await service.queue.remove(access.site, name))) {
    throw new DoesNotExistError(`RQ Job ${name} not found or running`);
  }
}
