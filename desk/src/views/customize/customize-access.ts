// Who may customize which DocType, and where: the "Customize" entry of a list or form leads to Customize Form
// for System Managers, on the DocTypes Frappe lets Customize Form change.
import { boot } from '../../boot.ts';
import type { DocTypeMeta } from '../../model/types.ts';

/** The DocTypes Customize Form refuses, as the server lists them in the boot data; left out of the picker. */
export const coreDocTypes: ReadonlySet<string> = new Set(boot.core_doctypes_list ?? []);

/** Whether the current user gets a "Customize" entry for `meta` (the server decides in the end). */
export function canCustomize(meta: DocTypeMeta | undefined): boolean {
  if (!meta || meta.issingle || coreDocTypes.has(meta.name)) return false;
  return boot.user === 'Administrator' || boot.roles.includes('System Manager');
}

/** Customize Form for `doctype`, as Frappe's desk routes it. */
export function customizePath(doctype: string): string {
  return `/app/customize-form?doc_type=${encodeURIComponent(doctype)}`;
}
