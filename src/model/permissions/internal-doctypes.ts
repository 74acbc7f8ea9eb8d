import type { Meta } from '../meta/meta.ts';

/**
 * DocTypes internal to the framework: their rows are kept by the framework's own code (the session store writes
 * `tabSessions` directly) and no principal, Administrator included, reaches them through any data API. Frappe has
 * no such flag (see docs/compat.md): its Administrator can list Sessions.
 */
const internalDocTypes: ReadonlySet<string> = new Set(['Sessions']);

/** Whether `doctype` is internal to the framework: every permission check on it is refused. */
export function isInternalDocType(doctype: string | Meta): boolean {
  return internalDocTypes.has(typeof doctype === 'string' ? doctype : doctype.name);
}
