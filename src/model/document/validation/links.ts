import type { DocFieldMeta } from '../../../db/meta.ts';
import { tableName } from '../../../db/meta.ts';
import { CancelledLinkError, LinkValidationError, ValidationError } from '../../../errors/index.ts';
import type { DocContext } from '../../context.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/**
 * Checks that every Link and Dynamic Link value names an existing document (Frappe's `_validate_links`),
 * on the document and its rows, and fixes each value to the stored name's exact spelling. Throws
 * LinkValidationError listing what was not found; CancelledLinkError when a submittable document links to a
 * cancelled one. A Link to a DocType that is not installed is not checked.
 */
export async function checkLinks(
  ctx: DocContext,
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
): Promise<void> {
  const invalid: string[] = [];
  const cancelled: string[] = [];
  const scan = async (target: Doc, targetMeta: Meta) => {
    const found = await invalidLinks(ctx, target, targetMeta, meta.isSubmittable);
    invalid.push(...found.invalid);
    cancelled.push(...found.cancelled);
  };
  await scan(doc, meta);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) await scan(row, child);
  }
  if (invalid.length) throw new LinkValidationError(`Could not find ${invalid.join(', ')}`);
  if (cancelled.length)
    throw new CancelledLinkError(`Cannot link cancelled document: ${cancelled.join(', ')}`);
}

async function invalidLinks(
  ctx: DocContext,
  doc: Doc,
  meta: Meta,
  parentSubmittable: boolean,
): Promise<{ invalid: string[]; cancelled: string[] }> {
  const invalid: string[] = [];
  const cancelled: string[] = [];
  const check = async (field: DocFieldMeta, target: string) => {
    const value = doc[field.fieldname];
    if (typeof value !== 'string' || value === '') return;
    const label = `${meta.label(field.fieldname)}: ${value}`;
    const targetMeta = await ctx.metas.find(ctx.db, target);
    if (!targetMeta) {
      // A Dynamic Link must name a real DocType; a Link to one not installed is left alone.
      if (field.fieldtype === 'Dynamic Link') invalid.push(`${meta.label(field.options!)}: ${target}`);
      return;
    }
    if (targetMeta.isSingle || targetMeta.isVirtual) return;
    if (targetMeta.name === meta.name && doc.name === value) return;
    const q = ctx.db.dialect.quote;
    const row = await ctx.db.one<{ name: string; docstatus: number }>(
      `SELECT ${q('name')}, ${q('docstatus')} FROM ${q(tableName(targetMeta.name))} WHERE ${q('name')} = ?`,
      [value],
    );
    if (!row) {
      invalid.push(label);
      return;
    }
    doc[field.fieldname] = String(row.name);
    if (
      field.fieldname !== 'amended_from' &&
      (parentSubmittable || meta.isSubmittable) &&
      targetMeta.isSubmittable &&
      Number(row.docstatus) === 2
    ) {
      cancelled.push(label);
    }
  };
  for (const field of meta.linkFields) await check(field, field.options!);
  for (const field of meta.dynamicLinkFields) {
    const value = doc[field.fieldname];
    if (typeof value !== 'string' || value === '') continue;
    const target = doc[field.options!];
    if (typeof target !== 'string' || target === '')
      throw new ValidationError(`${meta.label(field.options!)} must be set first`);
    await check(field, target);
  }
  return { invalid, cancelled };
}
