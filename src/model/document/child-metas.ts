import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';

/** The metas of a DocType's child tables, by child DocType name (tables naming no DocType are skipped). */
export function childMetasOf(ctx: DocContext, meta: Meta): Promise<Map<string, Meta>> {
  // Most DocTypes have no child table: no loop, no await.
  return meta.tableFields.length ? loadChildMetas(ctx, meta) : Promise.resolve(new Map());
}

async function loadChildMetas(ctx: DocContext, meta: Meta): Promise<Map<string, Meta>> {
  const out = new Map<string, Meta>();
  for (const table of meta.tableFields) {
    const name = table.options!;
    if (out.has(name)) continue;
    const child = await ctx.metas.find(ctx.db, name);
    if (child) out.set(name, child);
  }
  return out;
}
