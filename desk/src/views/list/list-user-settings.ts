// The list view's part of the user settings (Frappe's `user_settings.List`): filters, sort, page length and
// columns, read back when the list opens and saved as they change, so the list reopens as it was left.
import type { UnwrapNestedRefs } from 'vue';
import type { Filter } from '../../api/resource.ts';
import type { ListState } from './list-state.ts';
import { pageSizes } from './list-state.ts';

/** What the list keeps, in Frappe's keys. */
export interface ListUserSettings {
  filters?: unknown[];
  sort_by?: string;
  sort_order?: string;
  page_length?: number;
  fields?: string[];
}

type State = Pick<
  UnwrapNestedRefs<ListState>,
  | 'doctype'
  | 'standard'
  | 'standardFilters'
  | 'extra'
  | 'filters'
  | 'sortField'
  | 'sortOrder'
  | 'pageLength'
  | 'chosen'
  | 'fields'
  | 'fieldOf'
>;

/** The settings of the list as it is now. */
export function listSettingsOf(st: State): ListUserSettings {
  return {
    filters: st.filters.map(([field, op, value]) => [st.doctype, field, op, value]),
    sort_by: st.sortField,
    sort_order: st.sortOrder,
    page_length: st.pageLength,
    fields: st.chosen ? [...st.chosen] : undefined,
  };
}

/** A stored filter as `[field, op, value]` (Frappe stores `[doctype, field, op, value, hidden]`), or undefined. */
function filterOf(raw: unknown, doctype: string): Filter | undefined {
  if (!Array.isArray(raw)) return undefined;
  const row = raw.length >= 4 && raw[0] === doctype ? raw.slice(1, 4) : raw.slice(0, 3);
  const [field, op, value] = row;
  return typeof field === 'string' && typeof op === 'string' ? [field, op, value] : undefined;
}

/** Puts stored settings back on the list, keeping only what still makes sense for the DocType's fields. */
export function applyListSettings(st: State, settings: ListUserSettings): void {
  const extra: Filter[] = [];
  for (const raw of Array.isArray(settings.filters) ? settings.filters : []) {
    const filter = filterOf(raw, st.doctype);
    if (!filter || !st.fieldOf(filter[0])) continue;
    const [field, op, value] = filter;
    const standard = st.standardFilters.some((f) => f.fieldname === field);
    if (standard && (op === '=' || op === 'like') && (typeof value === 'string' || typeof value === 'number'))
      st.standard[field] = op === 'like' ? String(value).replace(/^%|%$/g, '') : String(value);
    else extra.push(filter);
  }
  st.extra = extra;
  if (typeof settings.sort_by === 'string' && st.fieldOf(settings.sort_by)) st.sortField = settings.sort_by;
  const order = String(settings.sort_order ?? '').toLowerCase();
  if (order === 'asc' || order === 'desc') st.sortOrder = order;
  const length = Number(settings.page_length);
  if ((pageSizes as readonly number[]).includes(length)) st.pageLength = length;
  if (Array.isArray(settings.fields)) {
    const readable = new Set(st.fields.map((f) => f.fieldname));
    const chosen = settings.fields.filter((f): f is string => typeof f === 'string' && readable.has(f));
    st.chosen = chosen.length ? chosen : undefined;
  }
}
