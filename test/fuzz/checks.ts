// What every fuzzed reply must satisfy, and the means to check it: a bounded call, the leak detectors, and a
// snapshot of the site's data to show a refused request changed nothing.
import type { Database } from '../../src/db/database.ts';
import { docsShown, type Principal, salariesShown } from '../permissions/expectations.ts';
import { commentSecret, docs, fileSecret, levelOneTokens, type MatrixSite } from '../permissions/fixture.ts';
import type { FuzzReq } from './routes.ts';

/** The longest any request may take before the fuzzer calls it a hang. */
export const requestBoundMs = 5_000;

/** A reply as the checks read it. */
export interface FuzzReply {
  status: number;
  body: string;
}

/** Sends `req` as `user`, failing (not waiting) when no answer comes within `requestBoundMs`. */
export async function bounded(t: MatrixSite, user: string, req: FuzzReq): Promise<FuzzReply> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${requestBoundMs} ms`)), requestBoundMs);
  });
  try {
    const response = await Promise.race([t.as(user, req), hang]);
    return { status: response.statusCode, body: response.body };
  } finally {
    clearTimeout(timer);
  }
}

// A JavaScript stack frame (`file.ts:12:5`, `node:internal`) in a reply.
const stackFrame = /\.(?:ts|js|mjs|cjs):\d+:\d+|node:internal|\bat (?:async )?[\w.$<>]+ \(/;
// Text only a database produces: its error codes and messages, or a statement over a `tab…` table.
const sqlText =
  /SQLITE_[A-Z]|\bER_[A-Z_]{3,}|syntax error at or near|error in your SQL syntax|near "[^"]*": syntax error|no such (?:column|table)|Unknown column|(?:relation|column) "[^"]*" does not exist|\b(?:FROM|JOIN|UPDATE|INTO)\s+[`"]tab[A-Z]/i;

/** Problems every reply is checked for: a server error, a stack trace, SQL. */
export function robustnessProblems(reply: FuzzReply): string[] {
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`status ${reply.status}`);
  if (stackFrame.test(reply.body)) problems.push('a stack trace in the body');
  if (sqlText.test(reply.body)) problems.push('SQL in the body');
  return problems;
}

/**
 * Rights widened: a document, salary, comment, private file or session id in the reply that the principal may
 * not see — unless the request itself carried that text (an error may echo its input).
 */
export function wideningProblems(
  p: Principal,
  req: FuzzReq,
  reply: FuzzReply,
  sessionIds: readonly string[],
): string[] {
  const sent = sentText(req);
  const echoed = (text: string) => sent.includes(text);
  const problems: string[] = [];
  const rows = docsShown(reply).filter((k) => !p.sees.includes(k) && !echoed(docs[k]));
  if (rows.length) problems.push(`rows it may not read: ${rows.map((k) => docs[k]).join(', ')}`);
  if (!p.salary) {
    const shown = salariesShown(reply).filter((k) => !levelOneTokens(k).some(echoed));
    if (shown.length) problems.push(`permlevel-1 salary of ${shown.map((k) => docs[k]).join(', ')}`);
  }
  if (!p.sees.includes('charlie')) {
    if (reply.body.includes(commentSecret)) problems.push('a Comment on a document it may not read');
    if (reply.body.includes(fileSecret)) problems.push('a private file it may not read');
  }
  if (sessionIds.some((sid) => reply.body.includes(sid) && !echoed(sid))) problems.push('a session id');
  return problems;
}

/** Everything a request carried, decoded (URL, query, JSON or form body), to tell an echo from a leak. */
function sentText(req: FuzzReq): string {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replaceAll('+', ' '));
    } catch {
      return text;
    }
  };
  const body = typeof req.body === 'string' ? decode(req.body) : JSON.stringify(req.body ?? '');
  return `${req.url} ${decode(req.url)} ${body}`;
}

// Tables a write could touch, compared row by row; the schema tables (large) by count and last change.
const dataTables = ['Ledger', 'Region', 'Comment', 'File', 'DocShare', 'User Permission', 'Has Role', 'Role'];
const countedTables = ['DocType', 'DocField', 'DocPerm', 'User', 'Sessions'];

/**
 * The site's data as text: every row of the data tables (ordered), and the count and latest change of the
 * schema, user and session tables (a session's row changes with each of its requests: counted only).
 */
export async function snapshot(db: Database): Promise<string> {
  const q = db.dialect.quote;
  const parts: unknown[] = [];
  for (const table of dataTables)
    parts.push(table, await db.all(`select * from ${q(`tab${table}`)} order by ${q('name')}`));
  for (const table of countedTables)
    parts.push(
      table,
      await db.all(
        `select count(*) as n${table === 'Sessions' ? '' : `, max(${q('modified')}) as m`} from ${q(`tab${table}`)}`,
      ),
    );
  return JSON.stringify(parts, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
}
