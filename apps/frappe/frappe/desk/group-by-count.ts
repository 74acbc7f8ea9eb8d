// Frappe's `get_group_by_count`: the list sidebar's "Assigned To", "Created By" and group-by counts, over the
// documents the user may read that match the list's filters.
import { type AppContext, ValidationError } from 'cortado';

type Row = Record<string, unknown>;
const limit = 50;
// Names per IN list when counting assignments of the matching documents.
const chunk = 500;

/** `[{name, count}]`, largest first, at most 50 (with `title` for Links whose DocType shows titles). */
export async function groupByCount(
  ctx: AppContext,
  doctype: string,
  filters: unknown,
  field: string,
): Promise<Row[]> {
  if (field === 'assigned_to') return assignedCounts(ctx, doctype, filters);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(field))
    throw new ValidationError(`Invalid field ${field.slice(0, 64)}`);
  const rows = await ctx.getList<Row>(doctype, {
    fields: ['count(*) as count', `${field} as name`],
    filters,
    group_by: field,
    order_by: 'count desc',
    limit,
  });
  const meta = await ctx.getMeta(doctype);
  const df = ((meta.fields as Row[] | undefined) ?? []).find((f) => f.fieldname === field);
  if (df?.fieldtype === 'Link' && typeof df.options === 'string') {
    const target = await ctx.getMeta(df.options);
    const titleField = typeof target.title_field === 'string' ? target.title_field : '';
    if (target.show_title_field_in_link && titleField)
      for (const row of rows)
        if (typeof row.name === 'string')
          row.title = (await ctx.getValue(df.options, row.name, titleField)) ?? null;
  }
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

// Open (not cancelled) ToDos of the matching documents, per assignee who is a System User.
async function assignedCounts(ctx: AppContext, doctype: string, filters: unknown): Promise<Row[]> {
  const names = (await ctx.getList<{ name: string }>(doctype, { fields: ['name'], filters })).map(
    (r) => r.name,
  );
  const counts = new Map<string, number>();
  for (let i = 0; i < names.length; i += chunk) {
    const rows = await ctx.getAll<{ allocated_to: string; count: number }>('ToDo', {
      fields: ['allocated_to', 'count(*) as count'],
      filters: [
        ['reference_type', '=', doctype],
        ['reference_name', 'in', names.slice(i, i + chunk)],
        ['status', '!=', 'Cancelled'],
        ['allocated_to', 'is', 'set'],
      ],
      group_by: 'allocated_to',
    });
    for (const r of rows) counts.set(r.allocated_to, (counts.get(r.allocated_to) ?? 0) + Number(r.count));
  }
  if (!counts.size) return [];
  const systemUsers = new Set(
    (
      await ctx.getAll<{ name: string }>('User', {
        fields: ['name'],
        filters: { name: ['in', [...counts.keys()]], user_type: 'System User' },
      })
    ).map((u) => u.name),
  );
  return [...counts]
    .filter(([user]) => systemUsers.has(user))
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
