// `RQ Job` as a virtual DocType (Frappe's `RQJob` controller): its records are the site's jobs in the job
// service's queue. Registered in the model's VirtualDocTypes where the job service exists (the runtime, or the
// backend given one), so every document context with that registry lists, reads and deletes the same jobs.
import type { Queryable } from '../../db/database.ts';
import type { DocContext } from '../../model/context.ts';
import type { Doc } from '../../model/document/doc.ts';
import type { VirtualDocType, VirtualDocTypes } from '../../model/virtual/virtual-doctypes.ts';
import type { JobService } from '../service.ts';
import { countRqJobs, deleteRqJob, getRqJob, listRqJobs, type RqJobAccess } from './rq-jobs.ts';

/**
 * Registers `RQ Job` on `registry`, served by `jobs`. It judges access itself (System Manager or Administrator)
 * with roles read on the site's database, never in the caller's transaction: the queue writes on its own
 * connection, and a transaction opened first would hold SQLite's write lock against it.
 *
 * @example registerRqJobDocType(virtualDocTypes, jobs);
 */
export function registerRqJobDocType(registry: VirtualDocTypes, jobs: JobService): void {
  registry.register('RQ Job', rqJobDocType(jobs));
}

/** Who asks, as the RQ Job functions check it; roles read on `siteDb` unless the context knows them. */
export async function rqJobAccess(dctx: DocContext, siteDb: Queryable): Promise<RqJobAccess> {
  const roles = dctx.roles ?? (await dctx.metas.roles.get(siteDb, dctx.user, dctx.userType)).list;
  return { site: dctx.site, user: dctx.user, roles };
}

function rqJobDocType(service: JobService): VirtualDocType {
  const access = (dctx: DocContext) => rqJobAccess(dctx, service.databases.get(dctx.site));
  return {
    ownsAccess: true,
    list: async (dctx, input) => {
      const rows = await listRqJobs(service, await access(dctx), {
        filters: input.filters,
        start: firstNumber(input.limit_start, input.start) ?? 0,
        page_length: firstNumber(input.limit_page_length, input.limit, input.page_length) ?? 20,
        order_by: orderBy(input.order_by),
      });
      return rows as unknown as Doc[];
    },
    count: async (dctx, input) => countRqJobs(service, await access(dctx), input.filters),
    get: async (dctx, name) => (await getRqJob(service, await access(dctx), name)) as unknown as Doc,
    delete: async (dctx, name) => deleteRqJob(service, await access(dctx), name),
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
