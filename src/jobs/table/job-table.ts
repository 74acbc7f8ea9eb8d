import type { Database, Queryable, Transaction } from '../../db/database.ts';

/** The embedded queue's table in each site's database (like `__Auth`, a system table of no DocType). */
export const jobTable = '__Job';

/**
 * The jobs table. Times are epoch milliseconds (bigint) so that ordering, leases and backoff compare as
 * numbers on every database; `seq` orders the queue (negative for `at_front`); `lease_owner` is the claim's
 * token, so a worker that lost its lease cannot settle a job another worker took over.
 */
export function jobTableDdl(db: Queryable): string[] {
  const type = db.dialect.type;
  const q = db.dialect.quote;
  const big = type === 'sqlite' ? 'INTEGER' : 'bigint';
  const text = type === 'mariadb' ? 'longtext' : 'text';
  const options =
    type === 'mariadb'
      ? ' ENGINE=InnoDB ROW_FORMAT=DYNAMIC CHARACTER SET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
      : '';
  const t = q(jobTable);
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
      ${q('name')} varchar(255) NOT NULL PRIMARY KEY,
      ${q('queue')} varchar(64) NOT NULL,
      ${q('status')} varchar(16) NOT NULL,
      ${q('method')} varchar(255) NOT NULL,
      ${q('job_id')} varchar(255) NULL,
      ${q('owner')} varchar(255) NOT NULL,
      ${q('kwargs')} ${text} NOT NULL,
      ${q('timeout')} int NOT NULL,
      ${q('attempts')} int NOT NULL DEFAULT 0,
      ${q('max_attempts')} int NOT NULL DEFAULT 1,
      ${q('seq')} ${big} NOT NULL,
      ${q('run_at')} ${big} NOT NULL,
      ${q('lease_owner')} varchar(255) NULL,
      ${q('lease_until')} ${big} NULL,
      ${q('on_success')} varchar(255) NULL,
      ${q('on_failure')} varchar(255) NULL,
      ${q('enqueued_at')} ${big} NOT NULL,
      ${q('started_at')} ${big} NULL,
      ${q('ended_at')} ${big} NULL,
      ${q('result')} ${text} NULL,
      ${q('exc_info')} ${text} NULL
    )${options}`,
    `CREATE INDEX IF NOT EXISTS ${q('__Job_queue_status_seq')} ON ${t} (${q('queue')}, ${q('status')}, ${q('seq')})`,
    `CREATE INDEX IF NOT EXISTS ${q('__Job_status_ended_at')} ON ${t} (${q('status')}, ${q('ended_at')})`,
  ];
}

const ensured = new WeakSet<Database>();

/**
 * Creates the jobs table when missing, once per handle. It looks in the catalog first: on PostgreSQL even
 * `CREATE INDEX IF NOT EXISTS` locks the table, which would wait for every open transaction that wrote to it.
 * MariaDB commits around DDL, so there DDL always runs on `db` itself, never inside the caller's transaction;
 * elsewhere DDL is transactional and runs in `tx` when given (on SQLite that transaction holds the writer).
 *
 * @example await ensureJobTable(db);
 */
export async function ensureJobTable(db: Database, tx?: Transaction): Promise<void> {
  if (ensured.has(db)) return;
  const target: Queryable = tx && db.dialect.type !== 'mariadb' ? tx : db;
  if (!(await tableExists(target))) {
    try {
      for (const sql of jobTableDdl(db)) await target.run(sql);
    } catch (error) {
      // Two processes creating it at once: PostgreSQL reports the loser's CREATE as a duplicate type.
      if (target === tx || !(await tableExists(target))) throw error;
    }
    // Inside a transaction the table exists for sure only once it commits.
    if (target === tx) {
      tx.afterCommit(() => void ensured.add(db));
      return;
    }
  }
  ensured.add(db);
}

/** Creates the jobs table of a site when missing (site install, migrate). */
export function installJobTable(db: Database): Promise<void> {
  return ensureJobTable(db);
}

// A catalog lookup, which never fails (a failed statement would abort a PostgreSQL transaction).
async function tableExists(db: Queryable): Promise<boolean> {
  const sql = {
    sqlite: "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?",
    postgres:
      'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
    mariadb:
      'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
  }[db.dialect.type];
  return (await db.one(sql, [jobTable])) !== undefined;
}
