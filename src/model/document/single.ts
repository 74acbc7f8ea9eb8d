import { formatDatetime, normalizeTemporal } from '../../db/values.ts';
import { TimestampMismatchError } from '../../errors/index.ts';
import { floatFieldtypes, intFieldtypes } from '../../fieldtypes/index.ts';
import { type DocContext, nowOf } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { bindChildren, stampDoc, storedChildNames } from './bind.ts';
import { childMetasOf } from './child-metas.ts';
import { applyDefaults } from './defaults.ts';
import type { Doc, DocInput } from './doc.ts';
import { loadChildRows } from './load.ts';
import { normalizeDoc } from './normalize.ts';
import {
  beforeEvents,
  finish,
  operation,
  output,
  runEvents,
  validate,
  type WriteOptions,
} from './operation.ts';
import { savePasswords } from './passwords.ts';
import { resetUnwritable } from './restrict-writes.ts';
import { writeChildren } from './write.ts';

// Standard fields a single keeps in tabSingles next to its own fields.
const singleStandard = ['creation', 'modified', 'modified_by', 'owner'] as const;

/**
 * A single DocType's document as stored in `tabSingles` (one row per field, values as text, read back with
 * their field types) with its child rows; a single never saved has its defaults.
 */
export async function loadSingle(
  ctx: DocContext,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
): Promise<Doc> {
  const q = ctx.db.dialect.quote;
  const rows = await ctx.db.all<{ field: string; value: unknown }>(
    `SELECT ${q('field')}, ${q('value')} FROM ${q('tabSingles')} WHERE ${q('doctype')} = ?`,
    [meta.name],
  );
  const doc: Doc = { doctype: meta.name, name: meta.name, docstatus: 0, idx: 0 };
  const values = new Map(rows.map((r) => [r.field, r.value]));
  for (const key of singleStandard) if (values.has(key)) doc[key] = values.get(key);
  if (typeof doc.modified === 'string') doc.modified = normalizeTemporal(doc.modified);
  if (typeof doc.creation === 'string') doc.creation = normalizeTemporal(doc.creation);
  for (const field of meta.columnFields) {
    const raw = values.get(field.fieldname);
    if (raw === undefined || raw === null) continue;
    if (intFieldtypes.has(field.fieldtype)) doc[field.fieldname] = Math.trunc(Number(raw)) || 0;
    else if (floatFieldtypes.has(field.fieldtype)) doc[field.fieldname] = Number(raw) || 0;
    else doc[field.fieldname] = String(raw);
  }
  if (rows.length === 0) applyDefaults(doc, meta, { user: ctx.user, now: nowOf(ctx) });
  for (const field of meta.columnFields) {
    if (
      (intFieldtypes.has(field.fieldtype) || field.fieldtype === 'Check') &&
      doc[field.fieldname] === undefined
    )
      doc[field.fieldname] = 0;
  }
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    doc[table.fieldname] = child
      ? await loadChildRows(ctx, child, meta.name, meta.name, table.fieldname)
      : [];
  }
  return doc;
}

/**
 * Reads a single DocType's document (read permission), serialised without the fields the user may not read.
 *
 * @example const settings = await getSingle(ctx, 'System Settings');
 */
export async function getSingle(ctx: DocContext, doctype: string): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  const childMetas = await childMetasOf(ctx, meta);
  const doc = await loadSingle(ctx, meta, childMetas);
  await checkPermission(ctx, meta, 'read', doc);
  return output(ctx, meta, childMetas, doc);
}

/**
 * Saves a single DocType's document from its full intended state (write permission; Frappe's
 * `update_single`): hooks and validation as any save, every value rewritten in `tabSingles`, child rows
 * synced, `doc_update` queued for commit. A stale `modified` throws TimestampMismatchError.
 *
 * @example await setSingle(ctx, { doctype: 'System Settings', time_zone: 'Europe/Paris' });
 */
export async function setSingle(ctx: DocContext, input: DocInput, options: WriteOptions = {}): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, String(input?.doctype));
  const childMetas = await childMetasOf(ctx, meta);
  const before = await loadSingle(ctx, meta, childMetas);
  const stored = before.modified === undefined ? undefined : before;
  if (!options.ignorePermissions) await checkPermission(ctx, meta, 'write', before);
  const sent = input.modified;
  if (stored && sent !== undefined && sent !== null && sent !== '') {
    if (normalizeTemporal(String(sent)) !== before.modified) throw new TimestampMismatchError();
  }
  const doc = normalizeDoc(meta, childMetas, input);
  doc.name = meta.name;
  doc.docstatus = 0;
  const op = operation({ ctx, meta, childMetas, doc, before: stored, action: 'save', options });
  if (!stored) applyDefaults(doc, meta, op.stamp);
  stampDoc(doc, op.stamp, stored);
  if (!stored) doc.creation = formatDatetime(op.stamp.now);
  bindChildren(doc, meta, childMetas, stored, op.stamp, op.fresh);
  if (!options.ignorePermissions) await resetUnwritable(ctx, doc, meta, childMetas, stored);
  await runEvents(op, beforeEvents('save'));
  await validate(op);
  await savePasswords(ctx, doc, meta);
  await writeSingle(ctx, meta, doc);
  await writeChildren(ctx.db, meta, childMetas, doc, storedChildNames(meta, stored));
  return finish(op);
}

async function writeSingle(ctx: DocContext, meta: Meta, doc: Doc): Promise<void> {
  const q = ctx.db.dialect.quote;
  await ctx.db.run(`DELETE FROM ${q('tabSingles')} WHERE ${q('doctype')} = ?`, [meta.name]);
  const fields = [...singleStandard, ...meta.columnFields.map((f) => f.fieldname)];
  for (const field of fields) {
    const value = doc[field];
    if (value === undefined || value === null) continue;
    await ctx.db.run(
      `INSERT INTO ${q('tabSingles')} (${q('doctype')}, ${q('field')}, ${q('value')}) VALUES (?, ?, ?)`,
      [meta.name, field, String(value)],
    );
  }
}
