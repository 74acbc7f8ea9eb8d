// Frappe's `get_linked_docs`: for each DocType in `linkinfo` (as `get_linked_doctypes` described it), the
// documents of it that point at one document — only those the user may read, with their list-view fields.
import { type AppContext, DoesNotExistError, PermissionError, ValidationError } from 'cortado';
import type { LinkInfo } from './linked-doctypes.ts';

type Row = Record<string, unknown>;
const fieldname = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const notListed = new Set(['Image', 'HTML', 'Button', 'Table', 'Table MultiSelect']);

interface LinkSpec extends LinkInfo {
  add_fields?: unknown;
  filters?: unknown;
}

function names(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((v): v is string => typeof v === 'string' && fieldname.test(v));
}

/** `{ DocType: [rows] }` of the documents linking to `doctype` `name`, by `linkinfo`. */
export async function linkedDocs(
  ctx: AppContext,
  doctype: string,
  name: string,
  linkinfo: Record<string, unknown>,
): Promise<Record<string, Row[]>> {
  await ctx.readDoc(doctype, name); // the user must be able to read the document itself
  const results: Record<string, Row[]> = {};
  for (const [dt, raw] of Object.entries(linkinfo)) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const link = raw as LinkSpec;
    try {
      const meta = await ctx.getMeta(dt);
      if (meta.issingle) continue;
      const listed = ((meta.fields as Row[] | undefined) ?? [])
        .filter((f) => f.in_list_view && !notListed.has(String(f.fieldtype)))
        .map((f) => String(f.fieldname));
      const fields = [...new Set([...listed, 'name', 'modified', 'docstatus', ...names(link.add_fields)])];
      const rows = await rowsFor(ctx, dt, doctype, name, link, fields);
      if (rows?.length) results[dt] = rows;
    } catch (error) {
      // A DocType the user cannot read, or one that is gone, is left out as Frappe does.
      if (error instanceof PermissionError || error instanceof DoesNotExistError) continue;
      throw error;
    }
  }
  return results;
}

async function rowsFor(
  ctx: AppContext,
  dt: string,
  doctype: string,
  name: string,
  link: LinkSpec,
  fields: string[],
): Promise<Row[] | undefined> {
  if (link.filters) return ctx.getList<Row>(dt, { fields, filters: link.filters });
  if (link.get_parent) {
    const me = await ctx.getMeta(doctype);
    if (!me.istable) return undefined;
    const parent = await ctx.getAll<Row>(doctype, {
      fields: ['parenttype', 'parent'],
      filters: { name },
      limit: 1,
    });
    const row = parent[0];
    if (!row || row.parenttype !== dt) return undefined;
    return ctx.getList<Row>(dt, { fields, filters: [[dt, 'name', '=', row.parent]] });
  }
  const linkFields = names(link.fieldname);
  if (!linkFields.length) return undefined;
  const on = typeof link.child_doctype === 'string' && link.child_doctype ? link.child_doctype : dt;
  const filters: unknown[][] = [];
  if (link.doctype_fieldname !== undefined) {
    const [typeField] = names(link.doctype_fieldname);
    if (!typeField) throw new ValidationError('Invalid doctype_fieldname');
    filters.push([on, typeField, '=', doctype]);
  }
  const or_filters = linkFields.map((f) => [on, f, '=', name]);
  const rows = await ctx.getList<Row>(dt, { fields, filters, or_filters });
  // A document linking through several rows is listed once.
  const seen = new Set<unknown>();
  return rows.filter((r) => !seen.has(r.name) && seen.add(r.name));
}
