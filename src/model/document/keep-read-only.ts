import { layoutFieldtypes, tableFieldtypes } from '../../fieldtypes/index.ts';
import { fieldState } from '../meta/depends-on.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';

/**
 * Undoes a user's changes to fields that `read_only_depends_on` makes read-only, judged on the stored
 * document (the form the user edited; for a stored child row, the row with the stored document as
 * `parent`): such a field keeps its stored value. Runs before the controllers' hooks, which may still set
 * it; new documents and new rows are not restricted.
 */
export function keepReadOnlyValues(
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc,
): void {
  keepIn(doc, before, meta, undefined);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child || !hasReadOnlyRule(child)) continue;
    const stored = new Map(((before[table.fieldname] as Doc[] | undefined) ?? []).map((r) => [r.name, r]));
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) {
      const old = typeof row.name === 'string' ? stored.get(row.name) : undefined;
      if (old) keepIn(row, old, child, before);
    }
  }
}

function keepIn(doc: Doc, stored: Doc, meta: Meta, parent: Doc | undefined): void {
  for (const field of meta.fields) {
    if (
      !field.read_only_depends_on ||
      layoutFieldtypes.has(field.fieldtype) ||
      tableFieldtypes.has(field.fieldtype)
    )
      continue;
    if (fieldState(field, stored, parent).readOnly)
      doc[field.fieldname] = structuredClone(stored[field.fieldname]);
  }
}

function hasReadOnlyRule(meta: Meta): boolean {
  return meta.fields.some((f) => Boolean(f.read_only_depends_on));
}
