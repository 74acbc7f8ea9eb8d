// The Link field search (Frappe's `frappe/desk/search.py`): documents whose name, title or search fields
// contain the typed text, best matches first, as the desk's autocomplete shows them.

import { DataError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { Meta } from '../../model/meta/meta.ts';
import { canReadLevel, readableLevels } from '../../model/permissions/permlevels.ts';
import type { ReadableLevels } from '../../model/query/types.ts';
import { listDocs } from './list-query.ts';

/** A search request (`search_widget`'s arguments). */
export interface SearchInput {
  doctype: string;
  txt: string;
  /** The field whose value is returned first (default `name`). */
  searchfield?: string | undefined;
  start?: number | undefined;
  pageLength?: number | undefined;
  filters?: unknown;
  asDict?: boolean | undefined;
}

/** One suggestion of `search_link`. */
export interface LinkSuggestion {
  value: unknown;
  label?: unknown;
  description: string;
}

const searchableTypes = new Set([
  'Data',
  'Text',
  'Small Text',
  'Long Text',
  'Link',
  'Select',
  'Read Only',
  'Text Editor',
]);

/**
 * The rows matching `txt` (Frappe's `search_widget`): `like %txt%` on the name, the title field and the
 * DocType's `search_fields`; enabled/not-disabled documents only where the DocType has those checks; the
 * user's read (or select) permission applies; ordered by how early the text appears in the name, then by
 * `idx` and the DocType's sort order. Rows are lists (name first) unless `asDict`.
 *
 * @example await searchWidget(dctx, { doctype: 'User', txt: 'jan' }) // [['jane@example.com', 'Jane Doe'], ...]
 */
export async function searchWidget(dctx: DocContext, input: SearchInput): Promise<unknown[]> {
  const meta = await dctx.metas.get(dctx.db, input.doctype);
  // Fields the user may not read are neither searched, shown nor sorted by (a match would tell their values).
  const readable = await readableLevels(dctx, meta);
  const txt = input.txt.trim();
  const filters = normaliseFilters(meta, input.filters);
  const orFilters: unknown[] = [];
  if (txt) {
    for (const field of searchFields(meta, readable)) {
      const df = meta.field(field);
      if (field === 'name' || (df && searchableTypes.has(df.fieldtype)))
        orFilters.push([meta.name, field, 'like', `%${txt}%`]);
    }
  }
  for (const [check, condition] of [
    ['enabled', ['=', 1]],
    ['disabled', ['!=', 1]],
  ] as const) {
    if (meta.field(check)?.fieldtype === 'Check') filters.push([meta.name, check, ...condition]);
  }
  const fields = displayFields(meta, readable, input.searchfield);
  const titleLabel =
    Boolean(meta.raw.show_title_field_in_link) &&
    meta.titleField !== 'name' &&
    canRead(meta, readable, meta.titleField);
  if (titleLabel) fields.splice(1, 0, `${meta.titleField} as label`);
  const { data } = await listDocs(dctx, {
    doctype: meta.name,
    fields,
    filters,
    or_filters: orFilters,
    order_by: `idx desc, ${defaultOrder(meta, readable)}`,
    limit_start: input.start ?? 0,
    limit_page_length: input.pageLength ?? 10,
    as_dict: true,
  });
  const rows = relevanceOrder(data as Record<string, unknown>[], txt);
  return input.asDict ? rows : rows.map((row) => Object.values(row));
}

/**
 * Frappe's `build_for_autosuggest`: `{value, description}` per row (the other columns joined), with `label`
 * (the title) when the DocType shows titles in links.
 */
export function buildForAutosuggest(rows: unknown[], meta: Meta): LinkSuggestion[] {
  const titleLabel = Boolean(meta.raw.show_title_field_in_link) && meta.titleField !== 'name';
  return rows.map((raw) => {
    // A custom query may answer objects (its own autosuggest rows) or scalars: their values, in order.
    const item = Array.isArray(raw)
      ? [...raw]
      : raw !== null && typeof raw === 'object'
        ? Object.values(raw)
        : [raw];
    if (!titleLabel) return { value: item[0], description: joined(item.slice(1)) };
    if (item.length === 1) item.push(item[0]);
    const label = item[1];
    item[1] = item[0];
    if (item.length >= 3 && item[2] === label) item.splice(2, 1);
    return { value: item[0], label, description: joined(item.slice(1)) };
  });
}

// Frappe's get_std_fields_list: name, the search fields, the title field, the search key.
function displayFields(meta: Meta, readable: ReadableLevels, key = 'name'): string[] {
  const fields = ['name'];
  for (const f of [...splitFields(meta.raw.search_fields), meta.titleField, key]) {
    if (f && !fields.includes(f) && meta.isValidField(f) && canRead(meta, readable, f)) fields.push(f);
  }
  return fields;
}

function searchFields(meta: Meta, readable: ReadableLevels): string[] {
  const fields = ['name'];
  if (meta.titleField !== 'name') fields.push(meta.titleField);
  for (const f of splitFields(meta.raw.search_fields)) if (!fields.includes(f)) fields.push(f);
  return fields.filter((f) => meta.isValidField(f) && canRead(meta, readable, f));
}

function canRead(meta: Meta, readable: ReadableLevels, fieldname: string): boolean {
  return canReadLevel(readable, meta.permlevel(fieldname));
}

function splitFields(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : [];
}

// A filters dict becomes conditions (a list value is [operator, value]); a list is kept as it is.
function normaliseFilters(meta: Meta, raw: unknown): unknown[] {
  let filters = raw;
  if (typeof filters === 'string' && filters.trim()) {
    try {
      filters = JSON.parse(filters);
    } catch {
      throw new DataError('filters is not valid JSON');
    }
  }
  if (Array.isArray(filters)) return [...filters];
  if (filters === null || typeof filters !== 'object') return [];
  return Object.entries(filters as Record<string, unknown>).map(([field, value]) =>
    Array.isArray(value) ? [meta.name, field, ...value] : [meta.name, field, '=', value],
  );
}

function defaultOrder(meta: Meta, readable: ReadableLevels): string {
  const sortField = typeof meta.raw.sort_field === 'string' ? meta.raw.sort_field.trim() : '';
  const field = sortField && canRead(meta, readable, sortField) ? sortField : 'modified';
  return `${field} ${meta.raw.sort_order === 'ASC' ? 'asc' : 'desc'}`;
}

// Frappe sorts by `1 / locate(txt, name)` (earlier is better, no match last); the sort is stable.
function relevanceOrder(rows: Record<string, unknown>[], txt: string): Record<string, unknown>[] {
  if (!txt) return rows;
  const needle = txt.replaceAll('%', '').replaceAll('@', '').toLowerCase();
  const score = (row: Record<string, unknown>) => {
    const at = String(row.name ?? '')
      .toLowerCase()
      .indexOf(needle);
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  return rows
    .map((row, i) => ({ row, i, s: score(row) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.row);
}

function joined(parts: unknown[]): string {
  const seen: string[] = [];
  for (const part of parts) {
    if (part === null || part === undefined || part === '') continue;
    const text = String(part);
    if (!seen.includes(text)) seen.push(text);
  }
  return seen.join(', ');
}
