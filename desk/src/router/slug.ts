// DocType names in URLs, as Frappe's desk writes them: `Sales Invoice` → `sales-invoice`.
import { listDocTypes } from '../api/meta.ts';

/** The URL form of a DocType name. */
export function slug(doctype: string): string {
  return doctype.toLowerCase().replace(/ /g, '-');
}

/** The desk path of a DocType's list, a document, or a new document. */
export function listPath(doctype: string): string {
  return `/app/${slug(doctype)}`;
}
export function formPath(doctype: string, name: string): string {
  return `/app/${slug(doctype)}/${encodeURIComponent(name)}`;
}
export function newPath(doctype: string): string {
  return `/app/${slug(doctype)}/new`;
}

const known = new Map<string, string>();

/** Remembers a DocType name so its slug resolves without asking the server. */
export function rememberDocType(doctype: string): void {
  known.set(slug(doctype), doctype);
}

/**
 * The DocType a slug names: from the DocType list when this user may read it, else the slug's words
 * title-cased (`sales-invoice` → `Sales Invoice`), which is right for most names.
 */
export async function doctypeFromSlug(value: string): Promise<string> {
  const hit = known.get(value);
  if (hit) return hit;
  try {
    for (const entry of await listDocTypes()) rememberDocType(entry.name);
  } catch {
    // no access to the DocType list: fall back to the spelling rule below
  }
  return (
    known.get(value) ??
    value
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' ')
  );
}
