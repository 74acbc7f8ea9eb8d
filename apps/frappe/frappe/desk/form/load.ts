// `frappe.desk.form.load` (Frappe v15): what the desk's form loads — a document with its docinfo, a DocType
// with its child tables' metas and the user's settings, and the docinfo alone.
import { DoesNotExistError, PermissionError, whitelist } from 'cortado';
import { getUserSettings } from '../../model/utils/user-settings-store.ts';
import { buildDocinfo } from './docinfo.ts';
import { linkTitles } from './link-titles.ts';
import { getMetaBundle, parentDocType } from './meta-bundle.ts';

const required = { type: 'string', required: true } as const;
const nameParam = { type: ['string', 'float'], required: true } as const;

/**
 * The document in `docs` (with `__onload` and `__link_titles`) and its `docinfo`; `[]` when it does not exist,
 * 403 when the user may not read it.
 */
export const getdoc = whitelist(
  { params: { doctype: required, name: nameParam, user: { type: 'string' } } },
  async (ctx, { doctype, name }) => {
    let doc: Awaited<ReturnType<typeof ctx.readDoc>>;
    try {
      doc = await ctx.readDoc(doctype, String(name));
    } catch (error) {
      if (error instanceof DoesNotExistError) return [];
      if (error instanceof PermissionError)
        throw new PermissionError(`Insufficient Permission for ${doctype} ${String(name)}`);
      throw error;
    }
    doc.__onload = {};
    const titles = await linkTitles(ctx, doc);
    if (Object.keys(titles).length) doc.__link_titles = titles;
    ctx.response.docinfo = await buildDocinfo(ctx, doc);
    ctx.response.docs = [doc];
    return undefined;
  },
);

/**
 * The DocType's meta and its child tables' in `docs`, the user's settings for it in `user_settings` (a JSON
 * text); `"use_cache"` when `cached_timestamp` is the meta's `modified`. `with_parent` on a child DocType loads
 * its parent's bundle instead (`parent_dt` says which).
 */
export const getdoctype = whitelist(
  { params: { doctype: required, with_parent: { type: 'any' }, cached_timestamp: { type: 'string' } } },
  async (ctx, { doctype, with_parent, cached_timestamp }) => {
    let docs: Awaited<ReturnType<typeof getMetaBundle>> = [];
    let parent = '';
    if (with_parent && with_parent !== '0' && with_parent !== 'false') {
      parent = await parentDocType(ctx, doctype);
      if (parent) {
        docs = await getMetaBundle(ctx, parent);
        ctx.response.parent_dt = parent;
      }
    }
    if (!docs.length) docs = await getMetaBundle(ctx, doctype);
    ctx.response.user_settings = await getUserSettings(ctx, parent || String(docs[0]!.name));
    if (cached_timestamp && docs[0]!.modified === cached_timestamp) return 'use_cache';
    ctx.response.docs = docs;
    return undefined;
  },
);

/** The document's docinfo under `docinfo` (403 unless the user may read the document). */
export const get_docinfo = whitelist(
  { params: { doctype: required, name: nameParam } },
  async (ctx, { doctype, name }) => {
    const doc = await ctx.readDoc(doctype, String(name));
    ctx.response.docinfo = await buildDocinfo(ctx, doc);
    return undefined;
  },
);
