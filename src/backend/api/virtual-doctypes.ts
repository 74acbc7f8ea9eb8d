// Virtual DocTypes (Frappe's `is_virtual`): DocTypes with no table, whose controller lists, counts, reads and
// deletes them. The one place the API turns to them: list-query.ts (lists, counts) and document-ops.ts
// (read, delete) ask `virtualDocType` first, so every route and `frappe.client` method serves them alike.

import type { Queryable } from '../../db/database.ts';
import { ValidationError } from '../../errors/index.ts';
import {
  countRqJobs,
  deleteRqJob,
  getRqJob,
  listRqJobs,
  type RqJobAccess,
} from '../../jobs/rq-job/rq-jobs.ts';
import type { JobService } from '../../jobs/service.ts';
import type { DocContext } from '../../model/context.ts';
import type { Doc } from '../../model/document/doc.ts';
import type { ListQueryInput } from '../../model/query/types.ts';

/** What a virtual DocType's controller does (Frappe's `get_list`, `get_count`, `load_from_db`, `delete`). */
export interface VirtualDocType {
  list(dctx: DocContext, input: ListQueryInput): Promise<Doc[]>;
  count(dctx: DocContext, input: ListQueryInput): Promise<number>;
  get(dctx: DocContext, name: string): Promise<Doc>;
  delete(dctx: DocContext, name: string): Promise<void>;
}

/** What a request's document context needs to reach the jobs: the job service and the site's database. */
interface JobBinding {
  jobs: JobService | undefined;
  /**
   * Reads outside the request's transaction: the queue writes on its own connection, and a request transaction
   * opened first would hold SQLite's write lock against it.
   */
  siteDb: Queryable;
}

const jobBinding = Symbol('job binding');
type Bound = DocContext & { [jobBinding]?: JobBinding };

/** Ties a request's document context to the process's job service (done by `docContextOf`). */
export function bindJobs(dctx: DocContext, binding: JobBinding): void {
  (dctx as Bound)[jobBinding] = binding;
}

/** The controller of `doctype` when it is a virtual DocType the API serves, else undefined. */
export function virtualDocType(dctx: DocContext, doctype: string): VirtualDocType | undefined {
  return doctype === 'RQ Job' ? rqJob((dctx as Bound)[jobBinding]?.jobs) : undefined;
}

/**
 * Who asks, as the job service's RQ Job functions check it (System Manager or Administrator): roles read on the
 * site's database, not in the request's transaction (which a job operation never needs to open).
 */
export async function rqJobAccess(dctx: DocContext): Promise<RqJobAccess> {
  const db = (dctx as Bound)[jobBinding]?.siteDb ?? dctx.db;
  const roles = dctx.roles ?? (await dctx.metas.roles.get(db, dctx.user, dctx.userType)).list;
  return { site: dctx.site, user: dctx.user, roles };
}

/** The process's job service; ValidationError (417) when this backend was built without one. */
export function jobsOf(jobs: JobService | undefined): JobService {
  if (!jobs) throw new ValidationError('Background jobs are not available in this process');
  return jobs;
}

function rqJob(service: JobService | undefined): VirtualDocType {
  return {
    list: async (dctx, input) => {
      const rows = await listRqJobs(jobsOf(service), await rqJobAccess(dctx), {
        filters: input.filters,
        start: firstNumber(input.limit_start, input.start) ?? 0,
        page_length: firstNumber(input.limit_page_length, input.limit, input.page_length) ?? 20,
        order_by: orderBy(input.order_by),
      });
      return rows as unknown as Doc[];
    },
    count: async (dctx, input) => countRqJobs(jobsOf(service), await rqJobAccess(dctx), input.filters),
    get: async (dctx, name) =>
      (await getRqJob(jobsOf(service), await rqJobAccess(dctx), name)) as unknown as Doc,
    delete: async (dctx, name) => deleteRqJob(jobsOf(service), await rqJobAccess(dctx), name),
  };
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const value of values) {
    if (value === undefined || value === null || value === '') continue;
    const n = Math.trunc(Number(value));
    if (Number.isFinite(n)) return Math.max(0, n);
  }
  return undefined;
}

// `tabRQ Job`.`creation` desc, as list views send it, becomes `creation desc`; the first key only.
function orderBy(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const first = value.split(',')[0]!.trim();
  return first.replace(/^`?tabRQ Job`?\./, '').replaceAll('`', '');
}
