// Frappe's `get_meta_bundle`: a DocType's meta followed by the metas of its child tables, each with the keys
// the desk's form reads beside the DocType itself (`frappe.desk.form.meta.FormMeta`).
import type { AppContext } from 'cortado';

type MetaJson = Readonly<Record<string, unknown>>;
const tableFieldtypes = new Set(['Table', 'Table MultiSelect']);

/** The desk's view of one meta: the DocType as the engine has it, plus FormMeta's always-present keys. */
async function formMeta(ctx: AppContext, doctype: string): Promise<MetaJson> {
  const meta = await ctx.getMeta(doctype);
  return {
    ...meta,
    doctype: 'DocType',
    __messages: {},
    __print_formats: [],
    __workflow_docs: [],
    __kanban_column_fields: [],
  };
}

/** `[meta of doctype, ...metas of its child tables]` (each child once). */
export async function getMetaBundle(ctx: AppContext, doctype: string): Promise<MetaJson[]> {
  const first = await formMeta(ctx, doctype);
  const bundle = [first];
  const seen = new Set<string>();
  for (const df of (first.fields as Array<Record<string, unknown>> | undefined) ?? []) {
    const options = typeof df.options === 'string' ? df.options : '';
    if (!tableFieldtypes.has(String(df.fieldtype)) || !options || seen.has(options)) continue;
    seen.add(options);
    bundle.push(await formMeta(ctx, options));
  }
  return bundle;
}

/** Frappe's `get_parent_dt`: a DocType holding `doctype` as a child table, '' when it is not a child. */
export async function parentDocType(ctx: AppContext, doctype: string): Promise<string> {
  const meta = await ctx.getMeta(doctype);
  if (!meta.istable) return '';
  // DocField is a child table: read its rows directly (a list query would ask for their parent DocType).
  const row = await ctx.qb
    .from('DocField')
    .select('parent')
    .where('fieldtype', 'in', [...tableFieldtypes])
    .where('options', meta.name)
    .first();
  return typeof row?.parent === 'string' ? row.parent : '';
}
