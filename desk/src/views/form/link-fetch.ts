// fetch_from on link selection, as Frappe's Link control does it: when a Link (or Dynamic Link) is picked or
// typed, the fields whose `fetch_from` is `<that link>.<field>` are filled from
// `frappe.client.validate_link`; a `fetch_if_empty` field only while it is empty. Clearing the link clears
// the fetched fields that are not `fetch_if_empty`. The server does the same on save; this shows it at once.
import { type InjectionKey, inject, provide } from 'vue';
import { call } from '../../api/client.ts';
import type { Doc, DocField, DocTypeMeta } from '../../model/types.ts';

/** A field filled from a link: `target` gets the linked document's `source`. */
export interface FetchTarget {
  target: DocField;
  source: string;
}

/** The fields of `meta` fetched through link field `link`. */
export function fetchTargets(meta: DocTypeMeta, link: string): FetchTarget[] {
  const prefix = `${link}.`;
  return meta.fields.flatMap((target) => {
    const from = typeof target.fetch_from === 'string' ? target.fetch_from.trim() : '';
    return from.startsWith(prefix) && from.length > prefix.length
      ? [{ target, source: from.slice(prefix.length) }]
      : [];
  });
}

const empty = (value: unknown) => value === undefined || value === null || value === '';

/** The DocType a Link or Dynamic Link field of `doc` points to. */
export function linkTargetOf(field: DocField, doc: Doc): string | undefined {
  if (field.fieldtype === 'Link') return field.options || undefined;
  const named = doc[field.options ?? ''];
  return typeof named === 'string' && named ? named : undefined;
}

// The last value fetched per document and link, so a pick followed by the input's change event asks once.
const fetched = new WeakMap<Doc, Map<string, string>>();

/**
 * Fills the fetched fields of `doc` (whose meta is `meta`) after its link `field` became `value`. Resolves
 * when done; a reply that comes after the link changed again is dropped.
 */
export async function fetchLinked(
  meta: DocTypeMeta,
  doc: Doc,
  field: DocField,
  value: unknown,
): Promise<void> {
  const targets = fetchTargets(meta, field.fieldname);
  if (!targets.length) return;
  const seen = fetched.get(doc) ?? new Map<string, string>();
  fetched.set(doc, seen);
  if (empty(value)) {
    seen.delete(field.fieldname);
    for (const { target } of targets) if (!target.fetch_if_empty) doc[target.fieldname] = null;
    return;
  }
  const name = String(value);
  const doctype = linkTargetOf(field, doc);
  if (!doctype || seen.get(field.fieldname) === name) return;
  const wanted = targets.filter(({ target }) => !target.fetch_if_empty || empty(doc[target.fieldname]));
  if (!wanted.length) return;
  seen.set(field.fieldname, name);
  let reply: Record<string, unknown> | undefined;
  try {
    reply = await call<Record<string, unknown>>('frappe.client.validate_link', {
      doctype,
      docname: name,
      fields: [...new Set(wanted.map((w) => w.source))],
    });
  } catch {
    seen.delete(field.fieldname);
    return; // the save will tell what is wrong with the link
  }
  if (doc[field.fieldname] !== value || !reply?.name) return;
  for (const { target, source } of wanted) doc[target.fieldname] = reply[source] ?? null;
}

/** What a form gives its Link controls: called with the (possibly child row) document and the link field. */
export type LinkChanged = (doc: Doc, field: DocField, value: unknown) => void;

const key: InjectionKey<LinkChanged> = Symbol('link changed');

/** Called by the form, with the metas of its DocType and child tables (by DocType name). */
export function provideLinkFetch(metaOf: (doctype: string) => DocTypeMeta | undefined): void {
  provide(key, (doc, field, value) => {
    const meta = metaOf(doc.doctype);
    if (meta) void fetchLinked(meta, doc, field, value);
  });
}

/** For a field control: nothing to do outside a form. */
export function useLinkChanged(): LinkChanged {
  return inject(key, () => undefined, false);
}
