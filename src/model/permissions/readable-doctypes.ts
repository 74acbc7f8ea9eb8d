import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import type { MetaCache } from '../meta/meta-cache.ts';
import { sharedDocTypes } from './doc-shares.ts';
import { hasPermission } from './has-permission.ts';
import { getRoles } from './roles.ts';

/** A DocType the user may read, with what the desk's home needs to link it. */
export interface ReadableDocType {
  name: string;
  module: string;
  issingle: number;
  is_submittable: number;
}

interface Cached {
  generation: number;
  list: ReadableDocType[];
}

// Per site (its MetaCache), per user and role set; dropped whenever the site's metas change.
const caches = new WeakMap<MetaCache, Map<string, Cached>>();
const maxEntries = 1000;

/**
 * The DocTypes, child tables excepted, the context's user may read (Frappe's `can_read` in the boot), sorted
 * by name: those the roles grant read on (computed with the same rules as every read; cached per user and
 * roles until a DocType changes) and those with a document shared with the user (read fresh each time).
 *
 * @example (await readableDocTypes(ctx)).map((d) => d.name) // ['Note', 'ToDo', ...]
 */
export async function readableDocTypes(ctx: DocContext): Promise<ReadableDocType[]> {
  const byRoles = await readableByRoles(ctx);
  const known = new Set(byRoles.map((d) => d.name));
  const shared: ReadableDocType[] = [];
  for (const name of await sharedDocTypes(ctx)) {
    const meta = known.has(name) ? undefined : await ctx.metas.find(ctx.db, name);
    if (meta && !meta.isChild) shared.push(entry(meta.raw));
  }
  if (!shared.length) return byRoles;
  return [...byRoles, ...shared].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readableByRoles(ctx: DocContext): Promise<ReadableDocType[]> {
  // A meta read first, so a version moved by another process is noticed before the generation is read.
  await ctx.metas.find(ctx.db, 'DocType');
  const roles = [...(await getRoles(ctx))].sort();
  const key = `${ctx.user}\n${roles.join('\n')}`;
  let cache = caches.get(ctx.metas);
  if (!cache) {
    cache = new Map();
    caches.set(ctx.metas, cache);
  }
  const generation = ctx.metas.generation;
  const hit = cache.get(key);
  if (hit && hit.generation === generation) return hit.list;
  const q = ctx.db.dialect.quote;
  const rows = await ctx.db.all<{
    name: string;
    module: string | null;
    issingle: unknown;
    is_submittable: unknown;
    istable: unknown;
  }>(
    `SELECT ${q('name')}, ${q('module')}, ${q('issingle')}, ${q('is_submittable')}, ${q('istable')} FROM ${q(tableName('DocType'))} ORDER BY ${q('name')}`,
  );
  const list: ReadableDocType[] = [];
  for (const row of rows) {
    if (Number(row.istable)) continue;
    const meta = await ctx.metas.find(ctx.db, row.name);
    if (!meta || !(await hasPermission(ctx, meta, 'read', undefined, { ignoreShares: true }))) continue;
    list.push(entry(row));
  }
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, { generation, list });
  return list;
}

function entry(row: {
  name: string;
  module?: unknown;
  issingle?: unknown;
  is_submittable?: unknown;
}): ReadableDocType {
  return {
    name: row.name,
    module: typeof row.module === 'string' ? row.module : '',
    issingle: Number(row.issingle) || 0,
    is_submittable: Number(row.is_submittable) || 0,
  };
}
