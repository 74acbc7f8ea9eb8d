import { layoutFieldtypes } from '../../fieldtypes/index.ts';
import { type DocContext, nowOf } from '../context.ts';
import { type Meta, permlevel } from '../meta/meta.ts';
import { canAccessLevel, permlevelAccess } from '../permissions/permlevels.ts';
import { defaultValue } from './defaults.ts';
import type { Doc } from './doc.ts';

/**
 * Undoes writes the user may not make (Frappe's `validate_higher_perm_levels`): every field above permlevel 0
 * at a level the user cannot write gets back its stored value (its default on a new document); on an
 * existing document, the same for the fields of child rows. Administrator writes everything.
 */
export async function resetUnwritable(
  ctx: DocContext,
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc | undefined,
): Promise<void> {
  if (ctx.user === 'Administrator') return;
  const childHigh = [...childMetas.values()].some((m) => m.hasHighPermlevels);
  if (!meta.hasHighPermlevels && !childHigh) return;
  const writable = await permlevelAccess(ctx, meta, 'write');
  const input = { user: ctx.user, now: nowOf(ctx) };
  for (const field of meta.fields) {
    const level = permlevel(field);
    if (level === 0 || canAccessLevel(writable, level) || layoutFieldtypes.has(field.fieldtype)) continue;
    doc[field.fieldname] = before ? structuredClone(before[field.fieldname]) : defaultValue(field, input);
  }
  if (!before) return;
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child?.hasHighPermlevels) continue;
    const stored = new Map(((before[table.fieldname] as Doc[] | undefined) ?? []).map((r) => [r.name, r]));
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) {
      const old = typeof row.name === 'string' ? stored.get(row.name) : undefined;
      for (const field of child.fields) {
        const level = permlevel(field);
        if (level === 0 || canAccessLevel(writable, level)) continue;
        row[field.fieldname] = old ? old[field.fieldname] : defaultValue(field, input);
      }
    }
  }
}
