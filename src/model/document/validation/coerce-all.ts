import { tableFieldtypes } from '../../../fieldtypes/index.ts';
import type { Meta } from '../../meta/meta.ts';
import { coerceValue } from '../coerce.ts';
import type { Doc } from '../doc.ts';

/** Coerces every field of a document and its rows to its type again (hooks may have set raw values). */
export function coerceAll(doc: Doc, meta: Meta, childMetas: ReadonlyMap<string, Meta>): void {
  coerceFields(doc, meta);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (child) for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) coerceFields(row, child);
  }
}

function coerceFields(doc: Doc, meta: Meta): void {
  for (const field of meta.columnFields) {
    if (tableFieldtypes.has(field.fieldtype)) continue;
    doc[field.fieldname] = coerceValue(field, doc[field.fieldname] ?? null, meta.label(field.fieldname));
  }
}
