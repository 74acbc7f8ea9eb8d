// Frappe's `get_stats`: the list sidebar's counts — per value of each asked column (`_user_tags` split into
// single tags, plus "No Tags"), over the documents the user may read that match the list's filters.
import { type AppContext, ValidationError } from 'cortado';

type Count = [unknown, number];

/** `{column: [[value, count], ...]}` for each column of `doctype` that exists; other columns are skipped. */
export async function sidebarStats(
  ctx: AppContext,
  doctype: string,
  columns: readonly unknown[],
  filters: unknown[],
): Promise<Record<string, Count[]>> {
  const results: Record<string, Count[]> = {};
  for (const column of columns) {
    if (typeof column !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(column)) continue;
    try {
      const counts = await countBy(ctx, doctype, column, [...filters, [column, '!=', '']]);
      if (column !== '_user_tags') {
        results[column] = counts;
        continue;
      }
      const untagged = await countBy(ctx, doctype, column, [...filters, [column, 'in', ['', ',']]]);
      results[column] = [...splitTags(counts), ['No Tags', untagged.reduce((sum, [, n]) => sum + n, 0)]];
    } catch (error) {
      // A column this DocType does not have is left out, as Frappe leaves out what is not in the table.
      if (error instanceof ValidationError) continue;
      throw error;
    }
  }
  return results;
}

async function countBy(
  ctx: AppContext,
  doctype: string,
  column: string,
  filters: unknown[],
): Promise<Count[]> {
  const rows = await ctx.getList<Record<string, unknown>>(doctype, {
    fields: [column, 'count(*) as count'],
    filters,
    group_by: column,
    order_by: 'count desc',
  });
  return rows.map((r) => [r[column] ?? null, Number(r.count)]);
}

// Frappe's `scrub_user_tags`: ",a,b" values counted per single tag.
function splitTags(counts: Count[]): Count[] {
  const byTag = new Map<string, number>();
  for (const [value, n] of counts)
    for (const tag of String(value ?? '').split(',')) if (tag) byTag.set(tag, (byTag.get(tag) ?? 0) + n);
  return [...byTag];
}
