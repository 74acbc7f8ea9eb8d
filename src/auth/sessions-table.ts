import type { Queryable } from '../db/database.ts';
import { formatDatetime } from '../db/values.ts';

// `tabSessions`, Frappe's durable session table (sid, user, sessiondata, ipaddress, lastupdate, device,
// status). Cortado keeps no secret in it: `name` and `sid` hold the session's key (a hash of the sid, see
// sessions.ts) and `sessiondata` the session JSON without its CSRF token. The cache is the fast path in front.

/** A stored session row. */
export interface SessionRow {
  key: string;
  user: string;
  sessiondata: string;
  ipaddress: string;
  lastupdate: number;
  device: string;
}

function table(db: Queryable): string {
  return db.dialect.quote('tabSessions');
}

/** Inserts a session row (name = sid column = the session's key). */
export async function insertSessionRow(db: Queryable, row: SessionRow): Promise<void> {
  const at = formatDatetime(new Date(row.lastupdate));
  await db.run(
    `insert into ${table(db)} (name, creation, modified, modified_by, owner, docstatus, idx, sid, ${db.dialect.quote('user')}, sessiondata, ipaddress, lastupdate, device, status) values (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.key,
      at,
      at,
      row.user,
      row.user,
      row.key,
      row.user,
      row.sessiondata,
      row.ipaddress,
      at,
      row.device,
      'Active',
    ],
  );
}

/** The stored session JSON of the session `key`, if any. */
export async function readSessionData(db: Queryable, key: string): Promise<string | undefined> {
  const row = await db.one<{ sessiondata: unknown }>(`select sessiondata from ${table(db)} where sid = ?`, [
    key,
  ]);
  return typeof row?.sessiondata === 'string' ? row.sessiondata : undefined;
}

/** Rewrites a session's JSON and last-update time; false when the row is gone (the session ended). */
export async function updateSessionRow(
  db: Queryable,
  key: string,
  sessiondata: string,
  lastupdate: number,
): Promise<boolean> {
  const at = formatDatetime(new Date(lastupdate));
  const { changes } = await db.run(
    `update ${table(db)} set sessiondata = ?, lastupdate = ?, modified = ? where sid = ?`,
    [sessiondata, at, at, key],
  );
  return changes > 0;
}

/** Deletes one session row. */
export async function deleteSessionRow(db: Queryable, key: string): Promise<void> {
  await db.run(`delete from ${table(db)} where sid = ?`, [key]);
}

/**
 * Deletes every session row of `user` but the one keyed `keep`, and returns the keys deleted. Run it in the
 * transaction that makes the change, so the rows go exactly when the change commits.
 */
export async function deleteUserSessionRows(db: Queryable, user: string, keep?: string): Promise<string[]> {
  const u = db.dialect.quote('user');
  const rows = await db.all<{ sid: string }>(`select sid from ${table(db)} where ${u} = ?`, [user]);
  const keys = rows.map((r) => r.sid).filter((key) => key !== keep);
  for (const key of keys) await deleteSessionRow(db, key);
  return keys;
}

/**
 * Deletes rows written before sessions were stored by key (their `sid` column holds a live session id). Such
 * sessions no longer resolve; `migrate` drops the rows so the ids are not kept either.
 */
export async function deleteUnkeyedSessionRows(db: Queryable): Promise<number> {
  const { changes } = await db.run(`delete from ${table(db)} where length(sid) <> 64`);
  return changes;
}
