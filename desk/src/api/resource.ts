// Documents through the public REST API (docs/wire.md §2): `/api/resource/<DocType>` and the
// `frappe.client` methods, exactly as a third-party client would use them.
import type { Doc } from '../model/types.ts';
import { api, call } from './client.ts';

/** A filter row `[field, operator, value]` (Frappe's list form). */
export type Filter = [string, string, unknown];

export interface ListArgs {
  fields?: string[];
  filters?: Filter[];
  orderBy?: string;
  start?: number;
  pageLength?: number;
}

const resource = (doctype: string, name?: string) =>
  `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

/** `GET /api/resource/<dt>`: one page of rows. */
export async function getList<T = Record<string, unknown>>(
  doctype: string,
  args: ListArgs = {},
): Promise<T[]> {
  const reply = await api<{ data: T[] }>('GET', resource(doctype), {
    query: {
      fields: args.fields ?? ['name'],
      filters: args.filters?.length ? args.filters : undefined,
      order_by: args.orderBy,
      limit_start: args.start ?? 0,
      limit_page_length: args.pageLength ?? 20,
    },
  });
  return reply.data;
}

/** `frappe.client.get_count`: rows matching `filters`. */
export function getCount(doctype: string, filters: Filter[] = []): Promise<number> {
  return call<number>(
    'frappe.client.get_count',
    { doctype, filters: filters.length ? filters : undefined },
    'GET',
  );
}

/** `GET /api/resource/<dt>/<name>`. */
export async function getDoc(doctype: string, name: string): Promise<Doc> {
  return (await api<{ data: Doc }>('GET', resource(doctype, name))).data;
}

// The document goes wrapped as `{"data": doc}`: Frappe reads a top-level `data` argument as the document,
// so an unwrapped document with a field called `data` would be misread.

/** `POST /api/resource/<dt>`: inserts and returns the saved document. */
export async function insertDoc(doc: Doc): Promise<Doc> {
  return (await api<{ data: Doc }>('POST', resource(doc.doctype), { body: { data: doc } })).data;
}

/** `PUT /api/resource/<dt>/<name>`: saves (with `modified`, so a newer version on the server is a conflict). */
export async function saveDoc(doc: Doc): Promise<Doc> {
  return (await api<{ data: Doc }>('PUT', resource(doc.doctype, doc.name!), { body: { data: doc } })).data;
}

/** `DELETE /api/resource/<dt>/<name>`. */
export async function deleteDoc(doctype: string, name: string): Promise<void> {
  await api('DELETE', resource(doctype, name));
}

/** `frappe.client.submit`: docstatus 0 → 1. */
export function submitDoc(doc: Doc): Promise<Doc> {
  return call<Doc>('frappe.client.submit', { doc });
}

/** `frappe.client.cancel`: docstatus 1 → 2. */
export async function cancelDoc(doctype: string, name: string): Promise<void> {
  await call('frappe.client.cancel', { doctype, name });
}

/** One result of `frappe.desk.search.search_link`. */
export interface LinkResult {
  value: string;
  description?: string;
  label?: string;
}

/** `frappe.desk.search.search_link`: link values matching `txt` (v15 returns them in `message`, v14 in `results`). */
export async function searchLink(
  doctype: string,
  txt: string,
  options: { pageLength?: number; signal?: AbortSignal; filters?: unknown } = {},
): Promise<LinkResult[]> {
  const reply = await api<{ message?: unknown; results?: unknown }>(
    'GET',
    '/api/method/frappe.desk.search.search_link',
    {
      query: {
        doctype,
        txt,
        page_length: options.pageLength ?? 10,
        filters: options.filters === undefined ? undefined : (options.filters as object),
      },
      signal: options.signal,
    },
  );
  const rows = (
    Array.isArray(reply.message) ? reply.message : Array.isArray(reply.results) ? reply.results : []
  ) as unknown[];
  return rows.map((row) => {
    if (typeof row === 'string') return { value: row };
    if (Array.isArray(row))
      return { value: String(row[0]), description: row.slice(1).filter(Boolean).join(', ') };
    const r = row as Record<string, unknown>;
    return {
      value: String(r.value ?? r.name ?? ''),
      description: typeof r.description === 'string' ? r.description : undefined,
      label: typeof r.label === 'string' ? r.label : undefined,
    };
  });
}

/** What `upload_file` returns: the File document. */
export interface UploadedFile {
  name?: string;
  file_url: string;
  file_name?: string;
  is_private?: number;
}

/** `POST /api/method/upload_file` (multipart, as the desk and frappe-js-sdk send it). */
export async function uploadFile(
  file: File,
  target: { doctype?: string; docname?: string; fieldname?: string; isPrivate?: boolean },
): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('is_private', target.isPrivate ? '1' : '0');
  form.append('folder', 'Home');
  if (target.doctype) form.append('doctype', target.doctype);
  if (target.docname) form.append('docname', target.docname);
  if (target.fieldname) form.append('fieldname', target.fieldname);
  const reply = await api<{ message: UploadedFile }>('POST', '/api/method/upload_file', { body: form });
  return reply.message;
}
