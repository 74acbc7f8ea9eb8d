import { formatDatetime } from '../../db/values.ts';
import type { JobInfo, JobStatus } from '../job.ts';
import { runScheduledJobMethod } from '../scheduler/tick.ts';

/** A row of the virtual `RQ Job` DocType, as Frappe's `serialize_job` builds it. */
export interface RqJobRow {
  doctype: 'RQ Job';
  name: string;
  job_id: string;
  queue: string;
  status: JobStatus;
  job_name: string;
  /** JSON of the job's arguments: `{site, user, method, job_name, is_async, kwargs}` (RQ's `job.kwargs`). */
  arguments: string;
  exc_info: string | null;
  /** Seconds. */
  timeout: number;
  /** Seconds, once ended. */
  time_taken: number | null;
  started_at: string | null;
  ended_at: string | null;
  creation: string;
  modified: string;
  owner: string;
  modified_by: string;
}

/** The fields of RQ Job that filters and sorting may name. */
export const rqJobFields = [
  'name',
  'job_id',
  'queue',
  'status',
  'job_name',
  'arguments',
  'exc_info',
  'timeout',
  'time_taken',
  'started_at',
  'ended_at',
  'creation',
  'modified',
  'owner',
  'modified_by',
] as const;

/** A job as its RQ Job row; scheduled runs are named after the scheduled method (`job_type`), as in Frappe. */
export function toRqJobRow(job: JobInfo): RqJobRow {
  const jobType = job.method === runScheduledJobMethod ? job.kwargs.job_type : undefined;
  const jobName = typeof jobType === 'string' ? jobType : job.method;
  const at = (ms: number | undefined) => (ms === undefined ? null : formatDatetime(new Date(ms)));
  const creation = at(job.enqueuedAt) ?? formatDatetime(new Date(0));
  const ended = job.endedAt !== undefined && job.startedAt !== undefined;
  return {
    doctype: 'RQ Job',
    name: job.id,
    job_id: job.id,
    queue: job.queue,
    status: job.status,
    job_name: jobName,
    arguments: JSON.stringify({
      site: job.site,
      user: job.user,
      method: job.method,
      job_name: jobName,
      is_async: true,
      kwargs: job.kwargs,
    }),
    exc_info: job.excInfo ?? null,
    timeout: job.timeout,
    time_taken: ended ? (job.endedAt! - job.startedAt!) / 1000 : null,
    started_at: at(job.startedAt),
    ended_at: at(job.endedAt),
    creation,
    modified: at(job.endedAt) ?? at(job.startedAt) ?? creation,
    owner: job.user,
    modified_by: job.user,
  };
}
