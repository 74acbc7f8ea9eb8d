import { formatDatetime } from '../../db/values.ts';
import type { Meta } from '../meta/meta.ts';
import { hashName } from '../naming/hash-name.ts';
import { applyDefaults } from './defaults.ts';
import type { Doc } from './doc.ts';

/** Who writes and when, for the standard fields of a write. */
export interface Stamp {
  user: string;
  now: Date;
}

/**
 * Sets the standard fields of a write (Frappe's `set_user_and_timestamp`): `modified`/`modified_by` now; an
 * existing document keeps its stored `owner`, `creation` and `idx`, a new one gets them now. `modified`
 * always moves forward (by a microsecond when the clock has not), so every save is told from the last.
 */
export function stampDoc(doc: Doc, stamp: Stamp, before: Doc | undefined): void {
  const now = laterThan(formatDatetime(stamp.now), before?.modified);
  doc.modified = now;
  doc.modified_by = stamp.user;
  doc.creation = before ? before.creation : now;
  doc.owner = before ? before.owner : stamp.user;
  doc.idx = before ? (before.idx ?? 0) : 0;
}

/**
 * Makes every child row ready to write: a row matching a stored row of this document (by name) keeps that
 * row's name, owner and creation; any other row is new, with a fresh name, defaults and the parent's owner;
 * all get parent, parenttype, parentfield, idx (position), docstatus and the parent's modified stamp.
 * Idempotent: `fresh` remembers the rows it named, so binding again (after hooks added rows) keeps them.
 */
export function bindChildren(
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc | undefined,
  stamp: Stamp,
  fresh: Set<string>,
): void {
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    const rows = Array.isArray(doc[table.fieldname]) ? (doc[table.fieldname] as Doc[]) : [];
    doc[table.fieldname] = rows;
    if (!child) continue;
    const stored = new Map(
      ((before?.[table.fieldname] as Doc[] | undefined) ?? []).map((r) => [r.name as string, r]),
    );
    rows.forEach((row, i) => {
      row.doctype = child.name;
      const old = typeof row.name === 'string' ? stored.get(row.name) : undefined;
      if (old) {
        row.owner = old.owner;
        row.creation = old.creation;
      } else if (!(typeof row.name === 'string' && fresh.has(row.name))) {
        row.name = hashName();
        fresh.add(row.name);
        row.owner = doc.owner;
        row.creation = doc.modified;
        applyDefaults(row, child, { user: stamp.user, now: stamp.now });
      }
      row.modified = doc.modified;
      row.modified_by = doc.modified_by;
      row.docstatus = doc.docstatus ?? 0;
      row.idx = i + 1;
      row.parent = doc.name;
      row.parenttype = meta.name;
      row.parentfield = table.fieldname;
    });
  }
}

// `YYYY-MM-DD HH:MM:SS.ffffff` strings order as their times do.
function laterThan(now: string, previous: unknown): string {
  if (typeof previous !== 'string' || now > previous) return now;
  const match = /^(.*\.)(\d{6})$/.exec(previous);
  if (!match || match[2] === '999999') return now;
  return `${match[1]}${String(Number(match[2]) + 1).padStart(6, '0')}`;
}

/** The names of a stored document's child rows (those an update may overwrite). */
export function storedChildNames(meta: Meta, before: Doc | undefined): Set<string> {
  const names = new Set<string>();
  if (!before) return names;
  for (const table of meta.tableFields) {
    for (const row of (before[table.fieldname] as Doc[] | undefined) ?? []) names.add(row.name as string);
  }
  return names;
}
