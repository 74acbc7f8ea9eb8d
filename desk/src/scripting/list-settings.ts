// What the list view takes from an app's `frappe.listview_settings[doctype]`: extra fields, the filters it
// opens with, and a status pill per row from `get_indicator`. Anything malformed is left out.
import type { ListSettings } from './types.ts';

const fieldnamePattern = /^\w+$/;

/** A list filter `[fieldname, operator, value]` (the API's `Filter`; spelled out so this module needs no DOM). */
type Filter = [string, string, unknown];

/** `add_fields` that look like field names. */
export function listFields(settings: ListSettings | undefined): string[] {
  const fields = Array.isArray(settings?.add_fields) ? settings.add_fields : [];
  return fields.filter((f): f is string => typeof f === 'string' && fieldnamePattern.test(f));
}

/** `filters` as the list's own `[fieldname, operator, value]` (a leading DocType is dropped). */
export function initialFilters(settings: ListSettings | undefined): Filter[] {
  const out: Filter[] = [];
  for (const raw of Array.isArray(settings?.filters) ? settings.filters : []) {
    if (!Array.isArray(raw)) continue;
    const filter = raw.length === 4 ? raw.slice(1) : raw;
    const [field, op, value] = filter;
    if (filter.length === 3 && typeof field === 'string' && typeof op === 'string')
      out.push([field, op, value] as Filter);
  }
  return out;
}

/** The row's indicator, or undefined (a throwing `get_indicator` shows none). */
export function indicatorOf(
  settings: ListSettings | undefined,
  row: Record<string, unknown>,
): { label: string; color: string } | undefined {
  if (typeof settings?.get_indicator !== 'function') return undefined;
  try {
    const found = settings.get_indicator(row);
    if (!Array.isArray(found) || !found[0]) return undefined;
    return {
      label: String(found[0]),
      color: /^[a-z-]+$/.test(found[1] ?? '') ? String(found[1]) : 'neutral',
    };
  } catch {
    return undefined;
  }
}
