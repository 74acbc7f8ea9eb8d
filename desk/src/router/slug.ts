// DocType names in URLs, as Frappe's desk writes them: `Sales Invoice` → `sales-invoice`.
import { getMeta, listDocTypes } from '../api/meta.ts';

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

// Frappe DocTypes the desk links to whose names are not their slug title-cased.
const known = new Map<string, string>([['rq-job', 'RQ Job']]);

/** Remembers a DocType name so its slug resolves without asking the server. */
export function rememberDocType(doctype: string): void {
  known.set(slug(doctype), doctype);
}

/**
 * The DocType a slug names: from the DocType list when this user may read it; otherwise the spellings
 * a slug can come from (`sales-invoice` → `Sales Invoice`, `rq-job` → `RQ Job`), the first whose meta
 * the server has.
 */
export async function doctypeFromSlug(value: string): Promise<string> {
  const hit = known.get(value);
  if (hit) return hit;
  try {
    for (const entry of await listDocTypes()) rememberDocType(entry.name);
  } catch {
    // no access to the DocType list: try spellings below
  }
  const listed = known.get(value);
  if (listed) return listed;
  const words = value.split('-');
  const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const candidates = [
    ...new Set([
      words.map(title).join(' '),
      words.map((w) => (w.length <= 2 ? w.toUpperCase() : title(w))).join(' '),
      words.map((w) => w.toUpperCase()).join(' '),
      words.join(' '),
    ]),
  ];
  for (const candidate of candidates) {
    try {
      await getMeta(candidate);
      rememberDocType(candidate);
      return candidate;
    } catch {
      // not this spelling
    }
  }
  return candidates[0]!;
}
