// A user's settings per DocType (Frappe's `frappe.model.user_settings`): what each view last showed —
// `{"List": {"filters": [[doctype, field, op, value]], "sort_by", "sort_order", "page_length", "fields"},
// "last_view": "List"}` — kept by the server per user through `frappe.model.utils.user_settings.get/save`.
import { call } from './client.ts';

export type UserSettings = Record<string, unknown>;

const cache = new Map<string, Promise<UserSettings>>();
// Saves of one DocType one after another, each merging into what the one before left.
const queues = new Map<string, Promise<unknown>>();

function parse(value: unknown): UserSettings {
  if (typeof value === 'string') {
    try {
      return parse(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as UserSettings) : {};
}

/** This user's settings for `doctype` (`{}` when none, or when the server keeps none). */
export function getUserSettings(doctype: string): Promise<UserSettings> {
  let settings = cache.get(doctype);
  if (!settings) {
    settings = call('frappe.model.utils.user_settings.get', { doctype }, 'GET').then(parse, () => ({}));
    cache.set(doctype, settings);
  }
  return settings;
}

/**
 * Merges `key: value` into the settings of `doctype` (an object value into the object already there, as
 * Frappe's client does) and sends them when something changed. Resolves with the settings the server kept.
 */
export function saveUserSettings(doctype: string, key: string, value: unknown): Promise<UserSettings> {
  const queued = (queues.get(doctype) ?? Promise.resolve()).then(() => save(doctype, key, value));
  queues.set(
    doctype,
    queued.catch(() => undefined),
  );
  return queued;
}

async function save(doctype: string, key: string, value: unknown): Promise<UserSettings> {
  const before = await getUserSettings(doctype);
  const next: UserSettings = { ...before };
  const old = before[key];
  next[key] =
    value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object'
      ? { ...(old as object), ...(value as object) }
      : value;
  if (JSON.stringify(next) === JSON.stringify(before)) return before;
  cache.set(doctype, Promise.resolve(next));
  try {
    const kept = parse(
      await call('frappe.model.utils.user_settings.save', { doctype, user_settings: JSON.stringify(next) }),
    );
    const settled = Object.keys(kept).length ? kept : next;
    cache.set(doctype, Promise.resolve(settled));
    return settled;
  } catch {
    return next; // kept for this page at least; the server may not keep user settings
  }
}
