// Frappe's `get_next`: the form's previous/next buttons — the neighbour of a document in the list's order,
// among the documents the user may read that match the list's filters.
import { type AppContext, ValidationError } from 'cortado';

const fieldname = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface NextArgs {
  doctype: string;
  value: string;
  prev: boolean;
  filters?: unknown;
  sort_order?: string;
  sort_field?: string;
}

/** The name of the next (or, with `prev`, previous) document, or undefined with Frappe's "No further records". */
export async function nextDocName(ctx: AppContext, args: NextArgs): Promise<string | undefined> {
  const sortField = args.sort_field || 'modified';
  if (!fieldname.test(sortField)) throw new ValidationError(`Invalid sort field ${sortField.slice(0, 64)}`);
  let ascending = (args.sort_order || 'desc').toLowerCase() === 'asc';
  if (!['asc', 'desc'].includes((args.sort_order || 'desc').toLowerCase()))
    throw new ValidationError('sort_order must be asc or desc');
  if (args.prev) ascending = !ascending;
  const filters = args.filters === '' || args.filters == null ? [] : args.filters;
  if (!Array.isArray(filters) && (typeof filters !== 'object' || filters === null))
    throw new ValidationError('filters must be a list or an object');
  // The current document's sort value, read as the user may read it.
  const [current] = await ctx.getList<Record<string, unknown>>(args.doctype, {
    fields: [sortField],
    filters: { name: args.value },
    limit: 1,
  });
  if (!current) {
    ctx.msgprint('No further records');
    return undefined;
  }
  const bound = [args.doctype, sortField, ascending ? '>' : '<', current[sortField]];
  const all = Array.isArray(filters)
    ? [...filters, bound]
    : [
        ...Object.entries(filters).map(([k, v]) =>
          Array.isArray(v) ? [args.doctype, k, ...v] : [args.doctype, k, '=', v],
        ),
        bound,
      ];
  const [row] = await ctx.getList<{ name: string }>(args.doctype, {
    fields: ['name'],
    filters: all,
    order_by: `${sortField} ${ascending ? 'asc' : 'desc'}`,
    limit: 1,
  });
  if (!row) {
    ctx.msgprint('No further records');
    return undefined;
  }
  return row.name;
}
