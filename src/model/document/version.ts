import { layoutFieldtypes, tableFieldtypes } from '../../fieldtypes/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';
import { insertDoc } from './insert.ts';

/** What a Version record's `data` holds (Frappe's `get_diff`). */
export interface VersionData {
  /** `[fieldname, old, new]` for each changed field (and `docstatus`). */
  changed: Array<[string, unknown, unknown]>;
  /** `[table fieldname, row]` for each row added. */
  added: Array<[string, Doc]>;
  /** `[table fieldname, row]` for each row removed. */
  removed: Array<[string, Doc]>;
  /** `[table fieldname, index, row name, [[fieldname, old, new], ...]]` for each row changed. */
  row_changed: Array<[string, number, string, Array<[string, unknown, unknown]>]>;
}

const ignoredInRows = new Set(['modified', 'modified_by', 'creation', 'owner', 'idx', 'docstatus']);

/** The differences between two states of a document, or undefined when nothing a user sees changed. */
export function diffDocs(
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc,
  after: Doc,
): VersionData | undefined {
  const out: VersionData = { changed: [], added: [], removed: [], row_changed: [] };
  for (const field of meta.fields) {
    if (layoutFieldtypes.has(field.fieldtype)) continue;
    const name = field.fieldname;
    if (tableFieldtypes.has(field.fieldtype)) {
      const child = childMetas.get(field.options ?? '');
      const oldRows = (before[name] as Doc[] | undefined) ?? [];
      const newRows = (after[name] as Doc[] | undefined) ?? [];
      const oldByName = new Map(oldRows.map((r) => [r.name, r]));
      const newNames = new Set(newRows.map((r) => r.name));
      newRows.forEach((row, i) => {
        const old = oldByName.get(row.name);
        if (!old) out.added.push([name, row]);
        else if (child) {
          const changed = changedFields(child, old, row).filter(([f]) => !ignoredInRows.has(f));
          if (changed.length) out.row_changed.push([name, i, String(row.name), changed]);
        }
      });
      for (const row of oldRows) if (!newNames.has(row.name)) out.removed.push([name, row]);
    } else if (!same(before[name], after[name])) {
      out.changed.push([name, before[name] ?? null, after[name] ?? null]);
    }
  }
  if (Number(before.docstatus ?? 0) !== Number(after.docstatus ?? 0))
    out.changed.push(['docstatus', before.docstatus, after.docstatus]);
  const useful = out.changed.length || out.added.length || out.removed.length || out.row_changed.length;
  return useful ? out : undefined;
}

function changedFields(meta: Meta, before: Doc, after: Doc): Array<[string, unknown, unknown]> {
  return meta.columnFields
    .filter((f) => !same(before[f.fieldname], after[f.fieldname]))
    .map((f) => [f.fieldname, before[f.fieldname] ?? null, after[f.fieldname] ?? null]);
}

function same(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === '';
  if (empty(a) && empty(b)) return true;
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);
}

/**
 * Records a `Version` of a `track_changes` DocType's document when a save changed something (Frappe's
 * `save_version`): `data` is the JSON of {@link diffDocs}. Written without permission checks.
 */
export async function saveVersion(
  ctx: DocContext,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc | undefined,
  after: Doc,
): Promise<void> {
  if (!meta.trackChanges || meta.name === 'Version' || !before) return;
  const data = diffDocs(meta, childMetas, before, after);
  if (!data) return;
  if (!(await ctx.metas.find(ctx.db, 'Version'))) return;
  await insertDoc(
    ctx,
    { doctype: 'Version', ref_doctype: meta.name, docname: after.name, data: JSON.stringify(data, null, 1) },
    { ignorePermissions: true },
  );
}
