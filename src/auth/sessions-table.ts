import type { Queryable } from '../db/database.ts';
import { formatDatetime } from '../db/values.ts';

// `tabSessions`, Frappe's durable session table (sid, user, sessiondata, ipaddress, lastupdate, device,
// status). `sessiondata` holds Cortado's session JSON; the cache is the fast path in front of it.

/** A stored session row. */
export interface SessionRow {
  sid: string;
  user: string;
  sessiondata: string;
  ipaddress: string;
  lastupdate: number;
  device: string;
}

function table(db: Queryable): string {
  return db.dialect.quote('tabSessions');
}

/** Inserts a session row (name = sid, so the DocType's primary key is the session id). */
export async function insertSessionRow(db: Queryable, row: SessionRow): Promise<void> {
  const at = formatDatetime(new Date(row.lastupdate));
  await db.run(
    `insert into ${table(db)} (name, creation, modified, modified_by, owner, docstatus, idx, sid, ${db.dialect.quote('user')}, sessiondata, ipaddress, lastupdate, device, status) values (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.sid,
      at,
      at,
      row.user,
      row.user,
      row.sid,
      row.user,
      row.sessiondata,
      row.ipaddress,
      at,
      row.device,
      'Active',
    ],
  );
}

/** The stored session JSON of `sid`, if any. */
export async function readSessionData(db: Queryable, sid: string): Promise<string | undefined> {
  const row = await db.one<{ sessiondata: unknown }>(`select sessiondata from ${table(db)} where sid = ?`, [
    sid,
  ]);
  return typeof row?.sessiondata === 'string' ? row.sessiondata : undefined;
}

/** Rewrites a session's JSON and last-update time. */
export async function updateSessionRow(
  db: Queryable,
  sid: string,
  sessiondata: string,
  lastupdate: number,
): Promise<void> {
  const at = formatDatetime(new Date(lastupdate));
  await db.run(`update ${table(db)} set sessiondata = ?, lastupdate = ?, modified = ? where sid = ?`, [
    sessiondata,
    at,
    at,
    sid,
  ]);
}

/** Deletes one session row. */
export async function deleteSessionRow(db: Queryable, sid: string): Promise<void> {
  await db.run(`delete from ${table(db)} where sid = ?`, [sid]);
}

/** The session ids of a user (to end them all). */
export async function userSessionIds(db: Queryable, user: string): Promise<string[]> {
  const rows = await db.all<{ sid: string }>(
    `select sid from ${table(db)} where ${db.dialect.quote('user')} = ?`,
    [user],
  );
  return rows.map((r) => r.sid);
}
