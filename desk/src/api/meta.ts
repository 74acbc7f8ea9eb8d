// DocType meta, fetched once per page load through `/api/v2/doctype/<dt>/meta` (with the DocType
// document as a fallback for servers that only speak v1), and the DocType list the desk navigates by.
import { boot } from '../boot.ts';
import type { DocTypeMeta } from '../model/types.ts';
import { api } from './client.ts';
import { FrappeError } from './frappe-error.ts';
import { getDoc, getList } from './resource.ts';

const metas = new Map<string, Promise<DocTypeMeta>>();

async function fetchMeta(doctype: string): Promise<DocTypeMeta> {
  try {
    const reply = await api<{ data: DocTypeMeta }>(
      'GET',
      `/api/v2/doctype/${encodeURIComponent(doctype)}/meta`,
    );
    return normaliseMeta(reply.data);
  } catch (error) {
    // A server without v2 answers 404 for the route itself: try the DocType document (v1).
    if (!(error instanceof FrappeError) || error.status !== 404) throw error;
    try {
      return normaliseMeta((await getDoc('DocType', doctype)) as unknown as DocTypeMeta);
    } catch {
      throw error;
    }
  }
}

function normaliseMeta(meta: DocTypeMeta): DocTypeMeta {
  const fields = [...(meta.fields ?? [])].sort((a, b) => (a.idx ?? 0) - (b.idx ?? 0));
  return { ...meta, fields };
}

/** The meta of `doctype` (cached for the page's life; `forgetMeta` after editing a DocType). */
export function getMeta(doctype: string): Promise<DocTypeMeta> {
  let meta = metas.get(doctype);
  if (!meta) {
    meta = fetchMeta(doctype);
    metas.set(doctype, meta);
    meta.catch(() => metas.delete(doctype));
  }
  return meta;
}

/** Drops a cached meta (after the builder saved it). */
export function forgetMeta(doctype: string): void {
  metas.delete(doctype);
  doctypeList = undefined;
}

/** A DocType as the home page and awesome bar list it. */
export interface DocTypeEntry {
  name: string;
  module: string;
  istable: number;
  issingle: number;
  is_submittable: number;
}

let doctypeList: Promise<DocTypeEntry[]> | undefined;

/**
 * The DocTypes this user can see in the DocType list (the server filters by permission). Child tables
 * are included; callers hide them where they make no sense. A user who may not read DocTypes themselves
 * (no System Manager) gets the boot's `can_read` DocTypes instead.
 */
export function listDocTypes(): Promise<DocTypeEntry[]> {
  const fromBoot = () => boot.readable_doctypes.map((d) => ({ ...d, istable: 0 }));
  // Not asked at all when the boot already says the answer would be 403.
  if (boot.can_read.length && !boot.can_read.includes('DocType')) return Promise.resolve(fromBoot());
  if (!doctypeList) {
    doctypeList = getList<DocTypeEntry>('DocType', {
      fields: ['name', 'module', 'istable', 'issingle', 'is_submittable'],
      orderBy: 'name asc',
      pageLength: 0,
    }).catch((error: unknown) => {
      if (!(error instanceof FrappeError) || error.status !== 403) throw error;
      return fromBoot();
    });
    doctypeList.catch(() => {
      doctypeList = undefined;
    });
  }
  return doctypeList;
}
