import type { DocFieldMeta } from '../../../db/meta.ts';
import { tableName } from '../../../db/meta.ts';
import { noColumnFieldtypes } from '../../../fieldtypes/index.ts';
import type { DocContext } from '../../context.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/** A field's `fetch_from` split into the Link field and the linked document's field; undefined if malformed. */
export function parseFetchFrom(value: unknown): { link: string; source: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.trim().split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { link: parts[0], source: parts[1] };
}

/** The fields filled from one Link (or Dynamic Link) field. */
interface FetchGroup {
  readonly link: DocFieldMeta;
  readonly targets: readonly { readonly field: DocFieldMeta; readonly source: string }[];
}

// Which fields of a DocType fetch, grouped by their link: worked out once per meta (metas are replaced, never
// changed, so a changed DocType gets a new plan).
const plans = new WeakMap<Meta, readonly FetchGroup[]>();

function fetchGroups(meta: Meta): readonly FetchGroup[] {
  let plan = plans.get(meta);
  if (!plan) {
    const byLink = new Map<string, { link: DocFieldMeta; targets: FetchGroup['targets'][number][] }>();
    for (const field of meta.fields) {
      const path = parseFetchFrom(field.fetch_from);
      if (!path || noColumnFieldtypes.has(field.fieldtype) || path.link === field.fieldname) continue;
      const link = meta.field(path.link);
      if (!link?.options || (link.fieldtype !== 'Link' && link.fieldtype !== 'Dynamic Link')) continue;
      const group = byLink.get(link.fieldname) ?? { link, targets: [] };
      group.targets.push({ field, source: path.source });
      byLink.set(link.fieldname, group);
    }
    plan = [...byLink.values()];
    plans.set(meta, plan);
  }
  return plan;
}

/** What the fetch of one save needs to know. */
export interface FetchInput {
  ctx: DocContext;
  doc: Doc;
  meta: Meta;
  childMetas: ReadonlyMap<string, Meta>;
  /** The stored document (undefined for an insert): a link that did not change leaves editable fields alone. */
  before: Doc | undefined;
  /** An update after submit: only `allow_on_submit` fields are filled. */
  afterSubmit: boolean;
}

/**
 * Fills every field whose `fetch_from` is `<link field>.<field>` from the linked document (Frappe's
 * `set_fetch_from_value`), on the document and its child rows: a `fetch_if_empty` field only while it is
 * empty; a read-only one always (it follows the link); an editable one when its link changed (or on insert).
 * A cleared link clears the fields that follow it. Each linked document is read once per save, and only the
 * columns needed; a link to nothing, a Single or virtual DocType, or a source field the linked DocType lacks
 * fetches nothing (link validation reports a missing document).
 */
export async function applyFetchFrom(input: FetchInput): Promise<void> {
  const reads = new Map<string, Promise<Record<string, unknown> | undefined>>();
  await fill(input, reads, input.doc, input.meta, input.before);
  for (const table of input.meta.tableFields) {
    const child = input.childMetas.get(table.options!);
    if (!child || !fetchGroups(child).length) continue;
    const stored = new Map(
      ((input.before?.[table.fieldname] as Doc[] | undefined) ?? []).map((row) => [row.name, row]),
    );
    for (const row of (input.doc[table.fieldname] as Doc[] | undefined) ?? [])
      await fill(input, reads, row, child, row.name ? stored.get(row.name) : undefined);
  }
}

async function fill(
  input: FetchInput,
  reads: Map<string, Promise<Record<string, unknown> | undefined>>,
  target: Doc,
  meta: Meta,
  stored: Doc | undefined,
): Promise<void> {
  for (const group of fetchGroups(meta)) {
    const linked = textOf(target[group.link.fieldname]);
    const changed = !stored || textOf(stored[group.link.fieldname]) !== linked;
    const due = group.targets.filter(({ field }) => {
      if (input.afterSubmit && !field.allow_on_submit) return false;
      if (field.fetch_if_empty) return linked !== '' && isEmpty(target[field.fieldname]);
      return Boolean(field.read_only) || changed;
    });
    if (!due.length) continue;
    if (linked === '') {
      for (const { field } of due) target[field.fieldname] = null;
      continue;
    }
    const doctype =
      group.link.fieldtype === 'Link' ? group.link.options! : textOf(target[group.link.options!]);
    const source = await linkedMeta(input.ctx, doctype);
    if (!source) continue;
    const wanted = due.filter(({ source: column }) => source.validFieldNames.has(column));
    const columns = [...new Set(wanted.map((t) => t.source))].sort();
    if (!columns.length) continue;
    const key = `${source.name}\u0000${linked}\u0000${columns.join(',')}`;
    let read = reads.get(key);
    if (!read) {
      read = readColumns(input.ctx, source, linked, columns);
      reads.set(key, read);
    }
    const row = await read;
    if (!row) continue;
    for (const { field, source: column } of wanted) target[field.fieldname] = row[column] ?? null;
  }
}

async function linkedMeta(ctx: DocContext, doctype: string): Promise<Meta | undefined> {
  if (!doctype) return undefined;
  const meta = await ctx.metas.find(ctx.db, doctype);
  return meta && !meta.isSingle && !meta.isVirtual ? meta : undefined;
}

function readColumns(
  ctx: DocContext,
  meta: Meta,
  name: string,
  columns: readonly string[],
): Promise<Record<string, unknown> | undefined> {
  const q = ctx.db.dialect.quote;
  return ctx.db.one(
    `SELECT ${columns.map(q).join(', ')} FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`,
    [name],
  );
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

// Frappe's `not self.get(fieldname)`: 0 counts as empty too.
function isEmpty(value: unknown): boolean {
  return !value;
}
