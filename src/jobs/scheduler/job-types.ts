import type { Database, Queryable, Transaction } from '../../db/database.ts';
import { UniqueViolation } from '../../db/errors.ts';
import { formatDatetime } from '../../db/values.ts';
import type { ScheduledEvent } from './scheduler-events.ts';

// Scheduled Job Type rows, read and written with plain SQL: the scheduler runs with no user and no request, and
// its one concurrent write (the claim of a due slot) needs a compare-and-set the document API does not offer.

/** The table of the Scheduled Job Type DocType. */
export const jobTypeTable = 'tabScheduled Job Type';

/** A Scheduled Job Type as the scheduler reads it. */
export interface JobTypeRow {
  name: string;
  method: string;
  frequency: string;
  cron_format: string | null;
  create_log: number;
  stopped: number;
  last_execution: string | null;
  creation: string | null;
  server_script: string | null;
  [column: string]: unknown;
}

/** Frappe's name for a job type: the method's last two dotted parts (`app.tasks.flush` → `tasks.flush`). */
export function jobTypeName(method: string): string {
  return method.split('.').slice(-2).join('.');
}

/**
 * Makes the table match the registered events (Frappe's `sync_jobs`): inserts missing job types, updates the
 * frequency or cron format of changed ones (keeping their history), and deletes those no longer registered
 * (unless they run a server script), with their logs. Safe when two processes sync at once.
 *
 * @returns one line per change
 */
export async function syncJobTypes(
  db: Database,
  events: readonly ScheduledEvent[],
  now = new Date(),
): Promise<string[]> {
  const q = db.dialect.quote;
  const t = q(jobTypeTable);
  const changes: string[] = [];
  const existing = new Map(
    (await db.all<JobTypeRow>(`SELECT * FROM ${t}`)).map((row) => [row.name, row] as const),
  );
  const wanted = new Map(events.map((event) => [jobTypeName(event.method), event] as const));
  const stamp = formatDatetime(now);
  for (const [name, event] of wanted) {
    const row = existing.get(name);
    const cron = event.cronFormat ?? null;
    if (!row) {
      try {
        await db.run(
          `INSERT INTO ${t} (${q('name')}, ${q('creation')}, ${q('modified')}, ${q('modified_by')}, ${q('owner')},
            ${q('docstatus')}, ${q('idx')}, ${q('method')}, ${q('frequency')}, ${q('cron_format')}, ${q('create_log')},
            ${q('stopped')}) VALUES (?, ?, ?, 'Administrator', 'Administrator', 0, 0, ?, ?, ?, ?, 0)`,
          [name, stamp, stamp, event.method, event.frequency, cron, event.frequency === 'All' ? 0 : 1],
        );
        changes.push(`add ${name} (${event.frequency}${cron ? ` ${cron}` : ''})`);
      } catch (error) {
        if (!(error instanceof UniqueViolation)) throw error; // another scheduler added it first
      }
    } else if (
      row.method !== event.method ||
      row.frequency !== event.frequency ||
      (row.cron_format ?? null) !== cron
    ) {
      await db.run(
        `UPDATE ${t} SET ${q('method')} = ?, ${q('frequency')} = ?, ${q('cron_format')} = ?, ${q('create_log')} = ?, ${q('modified')} = ? WHERE ${q('name')} = ?`,
        [event.method, event.frequency, cron, event.frequency === 'All' ? row.create_log : 1, stamp, name],
      );
      changes.push(`change ${name} to ${event.frequency}${cron ? ` ${cron}` : ''}`);
    }
  }
  for (const [name, row] of existing) {
    if (wanted.has(name) || row.server_script) continue;
    await db.transaction(async (tx) => {
      await tx.run(`DELETE FROM ${q('tabScheduled Job Log')} WHERE ${q('scheduled_job_type')} = ?`, [name]);
      await tx.run(`DELETE FROM ${t} WHERE ${q('name')} = ?`, [name]);
    });
    changes.push(`remove ${name}`);
  }
  return changes;
}

/** Job types that are not stopped. */
export function activeJobTypes(db: Queryable): Promise<JobTypeRow[]> {
  const q = db.dialect.quote;
  return db.all<JobTypeRow>(`SELECT * FROM ${q(jobTypeTable)} WHERE ${q('stopped')} = 0`);
}

/** The job type of a method (Frappe looks it up by method in `run_scheduled_job`). */
export function jobTypeOfMethod(db: Queryable, method: string): Promise<JobTypeRow | undefined> {
  const q = db.dialect.quote;
  return db.one<JobTypeRow>(`SELECT * FROM ${q(jobTypeTable)} WHERE ${q('method')} = ?`, [method]);
}

/**
 * Claims a due run: moves `last_execution` to `now` only if nobody moved it since `row` was read. Of two
 * schedulers that saw the same due slot, exactly one changes the row. (`<=` rather than `=` so that a value
 * stored in another text form still compares, and a concurrent claim, always later, never matches.)
 */
export async function claimDueRun(tx: Transaction, row: JobTypeRow, now: Date): Promise<boolean> {
  const q = tx.dialect.quote;
  const stamp = formatDatetime(now);
  const { changes } = row.last_execution
    ? await tx.run(
        `UPDATE ${q(jobTypeTable)} SET ${q('last_execution')} = ? WHERE ${q('name')} = ? AND ${q('stopped')} = 0 AND ${q('last_execution')} <= ?`,
        [stamp, row.name, row.last_execution],
      )
    : await tx.run(
        `UPDATE ${q(jobTypeTable)} SET ${q('last_execution')} = ? WHERE ${q('name')} = ? AND ${q('stopped')} = 0 AND ${q('last_execution')} IS NULL`,
        [stamp, row.name],
      );
  return changes === 1;
}

/** Enables or disables a job type (`stopped`). */
export async function setJobTypeStopped(db: Queryable, name: string, stopped: boolean): Promise<boolean> {
  const q = db.dialect.quote;
  const { changes } = await db.run(
    `UPDATE ${q(jobTypeTable)} SET ${q('stopped')} = ? WHERE ${q('name')} = ?`,
    [stopped ? 1 : 0, name],
  );
  return changes > 0;
}
