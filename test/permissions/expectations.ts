// What each kind of route must answer a principal, from what the principal may see: the rules the matrix
// applies to every (route, principal) pair. A rule returns the problems it found (empty: as specified).
import type { LightMyRequestResponse } from 'fastify';
import {
  allDocs,
  type DocKey,
  docs,
  type Json,
  levelOneTokens,
  type Principal,
  type Req,
  salaries,
} from './fixture.ts';

export type { Principal };

/** A reply as the rules read it. */
export interface Reply {
  status: number;
  body: string;
}

export const replyOf = (response: LightMyRequestResponse): Reply => ({
  status: response.statusCode,
  body: response.body,
});

const refused = (r: Reply) => r.status >= 400 && r.status < 500;
const ok = (r: Reply) => r.status === 200;
const names = (keys: readonly DocKey[]) => keys.map((k) => docs[k]).join(', ') || 'nothing';

/** The documents whose names the reply shows (none when refused: an error may name what it refuses). */
export function docsShown(reply: Reply): DocKey[] {
  return ok(reply) ? allDocs.filter((k) => reply.body.includes(docs[k])) : [];
}

/** The documents whose permlevel-1 values (salary digits, badge) the reply shows, refused or not. */
export function salariesShown(reply: Reply): DocKey[] {
  return allDocs.filter((k) => levelOneTokens(k).some((token) => reply.body.includes(token)));
}

const sameSet = (a: readonly DocKey[], b: readonly DocKey[]) =>
  a.length === b.length && a.every((k) => b.includes(k));

/** No principal ever gets a 5xx. */
export function noServerError(reply: Reply): string[] {
  return reply.status >= 500 ? [`a ${reply.status}`] : [];
}

/**
 * A list: exactly the documents the principal may see (refused, or empty, when none); salaries only to a
 * permlevel-1 reader, and to them for every row when the route selects the salary.
 */
export function listRule(p: Principal, reply: Reply, selectsSalary: boolean): string[] {
  const problems: string[] = [];
  const shown = docsShown(reply);
  if (p.sees.length === 0) {
    if (!refused(reply) && shown.length) problems.push(`rows ${names(shown)} (may see nothing)`);
  } else if (!ok(reply)) problems.push(`status ${reply.status} (may see ${names(p.sees)})`);
  else if (!sameSet(shown, p.sees)) problems.push(`rows ${names(shown)} (may see exactly ${names(p.sees)})`);
  problems.push(...salaryRule(p, reply, selectsSalary ? p.sees : []));
  return problems;
}

/** Salaries: never to a principal without permlevel 1; `expected` ones shown to one with it, no others. */
export function salaryRule(p: Principal, reply: Reply, expected: readonly DocKey[]): string[] {
  const shown = salariesShown(reply);
  if (!p.salary)
    return shown.length ? [`salary of ${names(shown)} (no permlevel-1 read: must see none)`] : [];
  const problems: string[] = [];
  const hidden = shown.filter((k) => !p.sees.includes(k));
  if (hidden.length) problems.push(`salary of ${names(hidden)}, documents it may not read`);
  if (ok(reply)) {
    const missing = expected.filter((k) => !shown.includes(k));
    if (missing.length) problems.push(`no salary for ${names(missing)} (permlevel-1 reader asked for it)`);
  }
  return problems;
}

/** An aggregate over the salary (max, group by): only a permlevel-1 reader gets values, over what it sees. */
export function aggregateRule(p: Principal, reply: Reply, shows: 'max' | 'each'): string[] {
  if (p.sees.length === 0 && refused(reply)) return [];
  const top = [...p.sees].sort((a, b) => salaries[b] - salaries[a])[0];
  const expected = shows === 'each' ? p.sees : top ? [top] : [];
  return salaryRule(p, reply, p.salary && ok(reply) ? expected : []);
}

/** A count: the number of documents the principal may see (refused when none). */
export function countRule(p: Principal, reply: Reply, read: (body: Json) => unknown): string[] {
  if (p.sees.length === 0 && refused(reply)) return [];
  if (!ok(reply)) return [`status ${reply.status} (may count ${p.sees.length})`];
  const got = Number(read(JSON.parse(reply.body)));
  return got === p.sees.length ? [] : [`count ${got} (may count ${p.sees.length})`];
}

/**
 * One document: given with its name (and salary to a permlevel-1 reader) when readable; else refused, or
 * (`get_value`, as in Frappe) an empty answer that does not show it.
 */
export function docRule(p: Principal, key: DocKey, reply: Reply, selectsSalary: boolean): string[] {
  const readable = p.sees.includes(key);
  const problems: string[] = [];
  if (readable && !(ok(reply) && reply.body.includes(docs[key])))
    problems.push(`status ${reply.status} without ${docs[key]} (may read it)`);
  if (!readable && !refused(reply) && !(ok(reply) && !reply.body.includes(docs[key])))
    problems.push(`status ${reply.status} showing ${docs[key]} (may not read it)`);
  problems.push(...salaryRule(p, reply, readable && selectsSalary ? [key] : []));
  return problems;
}

/** A yes/no permission answer (realtime rooms): `{message: true}` when allowed, else refused. */
export function allowedRule(allowed: boolean, reply: Reply): string[] {
  if (allowed) return ok(reply) && JSON.parse(reply.body).message === true ? [] : [`status ${reply.status}`];
  return refused(reply) ? [] : [`status ${reply.status} (must be refused)`];
}

/** A secret (file content, comment text, session id) reaches only those allowed to see it. */
export function secretRule(allowed: boolean, reply: Reply, secrets: readonly string[]): string[] {
  const leaked = secrets.filter((s) => reply.body.includes(s));
  if (!allowed) return leaked.length ? [`shows ${leaked.length} secret(s) it may not see`] : [];
  return leaked.length ? [] : [`status ${reply.status} without what it may see`];
}

/**
 * Two requests that differ only in a value the principal may not read (a salary in a filter, a sort on it, a
 * session id): when it may not read it, both replies must be the same, or the value leaks one bit at a time.
 * Two refusals are the same when their status and error type are (an error message may echo the value).
 * When it may read the value, the replies must differ (the probe really depends on the value).
 */
export function oracleRule(mayRead: boolean, a: Reply, b: Reply): string[] {
  const same = answerOf(a) === answerOf(b);
  if (mayRead) return same ? ['both probes answered alike (the probe does not test the value)'] : [];
  return same ? [] : [`answers differ: ${a.status} ${clip(a.body)} vs ${b.status} ${clip(b.body)}`];
}

/** What a reply tells: its body when given, its status and error type when refused. */
function answerOf(reply: Reply): string {
  if (reply.status < 400) return `${reply.status} ${reply.body}`;
  return `${reply.status} ${/"(?:exc_type|type)":"([^"]*)"/.exec(reply.body)?.[1] ?? ''}`;
}

export const clip = (text: string, max = 240) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A failed cell of the matrix, as the report prints it. */
export const describeCell = (who: string, req: Req, reply: Reply, problems: string[]) =>
  `${who}: ${req.method} ${decodeURIComponent(req.url)}${req.body === undefined ? '' : ` ${JSON.stringify(req.body)}`}\n    → ${problems.join('; ')}\n    got ${reply.status} ${clip(reply.body)}`;
