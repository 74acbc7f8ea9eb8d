import { CannotChangeConstantError, UpdateAfterSubmitError } from '../../../errors/index.ts';
import { layoutFieldtypes, tableFieldtypes } from '../../../fieldtypes/index.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/**
 * Refuses changes to a submitted document except in `allow_on_submit` fields (Frappe's
 * `validate_update_after_submit`), on the document and its rows; a row added to an `allow_on_submit` table
 * is allowed. Throws UpdateAfterSubmitError.
 */
export function checkUpdateAfterSubmit(
  doc: Doc,
  before: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
): void {
  changedFields(doc, before, meta, (field) => {
    throw new UpdateAfterSubmitError(`Not allowed to change ${meta.label(field)} after submission`);
  });
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    const stored = new Map(((before[table.fieldname] as Doc[] | undefined) ?? []).map((r) => [r.name, r]));
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) {
      const old = stored.get(row.name);
      if (!old) continue;
      changedFields(row, old, child, (field) => {
        throw new UpdateAfterSubmitError(
          `Not allowed to change ${child.label(field)} in ${meta.label(table.fieldname)} row ${row.idx} after submission`,
        );
      });
    }
  }
}

/** Refuses changes to `set_only_once` fields of a stored document (CannotChangeConstantError). */
export function checkSetOnlyOnce(doc: Doc, before: Doc, meta: Meta): void {
  for (const field of meta.columnFields) {
    if (field.set_only_once && !same(doc[field.fieldname], before[field.fieldname])) {
      throw new CannotChangeConstantError(`Value cannot be changed for ${meta.label(field.fieldname)}`);
    }
  }
}

function changedFields(doc: Doc, before: Doc, meta: Meta, onChange: (fieldname: string) => void): void {
  for (const field of meta.fields) {
    if (field.allow_on_submit || layoutFieldtypes.has(field.fieldtype)) continue;
    const now = doc[field.fieldname];
    const then = before[field.fieldname];
    if (tableFieldtypes.has(field.fieldtype)) {
      if (((now as unknown[]) ?? []).length !== ((then as unknown[]) ?? []).length) onChange(field.fieldname);
    } else if (meta.isValidField(field.fieldname) && !same(now, then)) onChange(field.fieldname);
  }
}

function same(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === '';
  if (empty(a) && empty(b)) return true;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}
