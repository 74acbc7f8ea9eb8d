// Frappe's `_get_linked_doctypes`: which DocTypes can point at documents of a DocType, and how — directly by a
// Link (`fieldname`), through a child table's Link (`child_doctype` + `fieldname`), by a Dynamic Link
// (`doctype_fieldname`), or as the parent of a child DocType (`get_parent`). Read from the DocFields (and Custom
// Fields, where the site has them).
import type { AppContext } from 'cortado';

export interface LinkInfo {
  fieldname?: string[];
  child_doctype?: string;
  doctype_fieldname?: string;
  get_parent?: boolean;
}

type Field = { parent: string; fieldname: string; options: string };
const tableFieldtypes = ['Table', 'Table MultiSelect'];

// Records kept about other documents (their timeline, shares, attachments, ...): Frappe leaves them out of
// "linked with" (`exclude_from_linked_with`).
const excluded = new Set([
  'Comment',
  'Communication',
  'DocShare',
  'File',
  'ToDo',
  'Version',
  'View Log',
  'Tag Link',
  'Notification Log',
  'Energy Point Log',
  'Document Follow',
  'User Settings',
]);

async function fieldsWhere(ctx: AppContext, filters: Record<string, unknown>): Promise<Field[]> {
  // DocField is a child table: its rows are read directly (a list query would ask for their parent DocType).
  const query = ctx.qb.from('DocField').select('parent', 'fieldname', 'options');
  for (const [field, value] of Object.entries(filters))
    if (Array.isArray(value)) query.where(field, value[0], value[1]);
    else query.where(field, value);
  const own = (await query.run()) as unknown as Field[];
  if (!(await ctx.exists('DocType', 'Custom Field'))) return own;
  const custom = await ctx.getAll<{ dt: string; fieldname: string; options: string }>('Custom Field', {
    fields: ['dt', 'fieldname', 'options'],
    filters,
  });
  return [...own, ...custom.map((c) => ({ parent: c.dt, fieldname: c.fieldname, options: c.options }))];
}

async function docTypeFlags(ctx: AppContext, names: string[]) {
  if (!names.length) return new Map<string, Record<string, unknown>>();
  const rows = await ctx.getAll<Record<string, unknown>>('DocType', {
    fields: ['name', 'istable', 'issingle', 'is_virtual'],
    filters: { name: ['in', names] },
  });
  return new Map(rows.map((r) => [String(r.name), r]));
}

/** The DocTypes linking to `doctype`, keyed by DocType, as Frappe's `get_linked_doctypes` answers. */
export async function linkedDocTypes(ctx: AppContext, doctype: string): Promise<Record<string, LinkInfo>> {
  const ret: Record<string, LinkInfo> = {};
  // Direct Links.
  const links = await fieldsWhere(ctx, { fieldtype: 'Link', options: doctype });
  const byParent = new Map<string, string[]>();
  for (const l of links) byParent.set(l.parent, [...(byParent.get(l.parent) ?? []), l.fieldname]);
  for (const [parent, fieldname] of byParent) ret[parent] = { fieldname };
  const flags = await docTypeFlags(ctx, [...byParent.keys()]);
  // Links in child tables: the parent DocType is what links.
  const children = [...byParent.keys()].filter((dt) => flags.get(dt)?.istable);
  if (children.length) {
    const holders = await fieldsWhere(ctx, { fieldtype: ['in', tableFieldtypes], options: ['in', children] });
    for (const h of holders)
      ret[h.parent] = { child_doctype: h.options, fieldname: byParent.get(h.options) ?? [] };
    for (const child of children) delete ret[child];
  }
  for (const [dt, f] of flags) if (f.is_virtual) delete ret[dt];
  // Dynamic Links that point at this DocType somewhere.
  const dynamic = await fieldsWhere(ctx, { fieldtype: 'Dynamic Link' });
  const dynamicFlags = await docTypeFlags(ctx, [...new Set(dynamic.map((d) => d.parent))]);
  for (const d of dynamic) {
    const f = dynamicFlags.get(d.parent);
    if (!f || f.issingle || f.is_virtual || excluded.has(d.parent) || !d.options) continue;
    if (f.istable) {
      const rows = await ctx.getAll<{ parenttype: string }>(d.parent, {
        fields: ['parenttype'],
        filters: { [d.options]: doctype },
        group_by: 'parenttype',
      });
      for (const r of rows)
        if (r.parenttype)
          ret[r.parenttype] = {
            child_doctype: d.parent,
            fieldname: [d.fieldname],
            doctype_fieldname: d.options,
          };
    } else if (await ctx.exists(d.parent, { [d.options]: doctype })) {
      ret[d.parent] = { fieldname: [d.fieldname], doctype_fieldname: d.options };
    }
  }
  // Parents of this DocType when it is a child table.
  for (const t of await fieldsWhere(ctx, { fieldtype: ['in', tableFieldtypes], options: doctype }))
    ret[t.parent] ??= { get_parent: true };
  for (const dt of Object.keys(ret)) if (excluded.has(dt)) delete ret[dt];
  return ret;
}
