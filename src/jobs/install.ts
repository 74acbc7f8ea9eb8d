import scheduledJobLog from '../core/doctypes/scheduled_job_log.json' with { type: 'json' };
import scheduledJobType from '../core/doctypes/scheduled_job_type.json' with { type: 'json' };
import type { Database } from '../db/database.ts';
import type { DocTypeMeta } from '../db/meta.ts';
import { syncTable } from '../db/schema/sync-table.ts';
import { ensureJobTable } from './table/job-table.ts';

/** The DocTypes the scheduler writes to (RQ Job is virtual: it has no table). */
export const jobDocTypes: readonly DocTypeMeta[] = [
  scheduledJobType,
  scheduledJobLog,
] as unknown as DocTypeMeta[];

/**
 * Creates what jobs need in a site's database when missing: the embedded queue's `__Job` table and the tables
 * of Scheduled Job Type and Scheduled Job Log. Idempotent; the scheduler runs it once per site it serves, so a
 * site made before these existed works without a migrate.
 */
export async function installJobSchema(db: Database): Promise<void> {
  await ensureJobTable(db);
  for (const meta of jobDocTypes) await syncTable(db, meta);
}
