// Document operations with the REST API's semantics, shared by v1, v2 and frappe.client: what a route adds
// to the engine (partial updates, child rows reached by their own name).
import { tableName } from '../../db/meta.ts';
import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import type { Doc } from '../../model/document/doc.ts';
import { type InsertOptions, insertDoc } from '../../model/document/insert.ts';
import { loadDoc } from '../../model/document/load.ts';
import { mergePatch, saveDoc, updateDoc } from '../../model/document/save.ts';

/**
 * Inserts `data` as a new `doctype` document (Frappe's `frappe.new_doc(doctype, **data).insert()`); a
 * `doctype` key in the payload is ignored. A child row with `parent`/`parenttype`/`parentfield` is appended
 * to its parent instead, and the parent is returned (Frappe's `frappe.client.insert`). `nameSet` keeps a given
 * `name` whatever the naming rule (v2's insert).
 */
export async function createDocument(
  dctx: DocContext,
  doctype: string,
  data: Record<string, unknown>,
  options: InsertOptions = {},
): Promise<Doc> {
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (meta.isChild && typeof data.parent === 'string' && typeof data.parenttype === 'string') {
    const parentMeta = await dctx.metas.get(dctx.db, data.parenttype);
    const parent = await loadDoc(dctx, parentMeta, await childMetasOf(dctx, parentMeta), data.parent, {
      forUpdate: true,
    });
    if (!parent) throw new DoesNotExistError(`${data.parenttype} ${data.parent} not found`);
    const field = typeof data.parentfield === 'string' ? data.parentfield : '';
    const rows = parent[field];
    if (!Array.isArray(rows)) throw new ValidationError(`${data.parenttype} has no table ${field}`);
    const row: Record<string, unknown> = { ...data, doctype: meta.name };
    delete row.name;
    return saveDoc(dctx, { ...parent, [field]: [...rows, row] });
  }
  return insertDoc(dctx, { ...data, doctype: meta.name }, options);
}

/**
 * Applies `patch` to a stored document and saves it (Frappe's `doc.update(data); doc.save()`): fields not
 * in the patch keep their stored values; a table field in the patch replaces the rows. A `modified` in the
 * patch is checked against the stored one (TimestampMismatchError when stale). A child row is updated
 * through its parent document, and the row is returned.
 *
 * @example await updateDocument(dctx, 'ToDo', name, { status: 'Closed' });
 */
export async function updateDocument(
  dctx: DocContext,
  doctype: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<Doc> {
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (meta.isChild) {
    // Frappe saves the row through its parent and answers with the row itself.
    const parent = await updateChildRow(dctx, meta.name, name, patch);
    for (const table of Object.values(parent)) {
      const row = Array.isArray(table)
        ? (table as Doc[]).find((r) => r?.doctype === meta.name && r.name === name)
        : undefined;
      if (row) return row;
    }
    return parent;
  }
  return updateDoc(dctx, meta.name, name, patch);
}

/**
 * Changes one child row, found by its own name, and saves its parent (Frappe's `set_value` and `update_doc`
 * on a child DocType). Returns the parent document.
 */
export async function updateChildRow(
  dctx: DocContext,
  childDoctype: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<Doc> {
  const q = dctx.db.dialect.quote;
  const link = await dctx.db.one<{ parent: string; parenttype: string; parentfield: string }>(
    `SELECT ${q('parent')}, ${q('parenttype')}, ${q('parentfield')} FROM ${q(tableName(childDoctype))} WHERE ${q('name')} = ?`,
    [String(name)],
  );
  if (!link?.parent || !link.parenttype) throw new DoesNotExistError(`${childDoctype} ${name} not found`);
  const parentMeta = await dctx.metas.get(dctx.db, link.parenttype);
  const parent = await loadDoc(dctx, parentMeta, await childMetasOf(dctx, parentMeta), link.parent, {
    forUpdate: true,
  });
  const rows = parent?.[link.parentfield];
  if (!parent || !Array.isArray(rows)) throw new DoesNotExistError(`${childDoctype} ${name} not found`);
  const changed = rows.map((row: Doc) => (row.name === name ? mergePatch(row, patch) : row));
  return saveDoc(dctx, { ...parent, [link.parentfield]: changed });
}
