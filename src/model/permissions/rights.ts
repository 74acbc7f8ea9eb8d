// The rights a DocPerm row grants (Frappe's `rights`).

/** Every right a DocPerm row can grant. `select` lets a user pick the document in a Link without reading it. */
export const rights = [
  'select',
  'read',
  'write',
  'create',
  'delete',
  'submit',
  'cancel',
  'amend',
  'report',
  'export',
  'import',
  'share',
  'print',
  'email',
] as const;

/** One right (Frappe's `ptype`). */
export type Right = (typeof rights)[number];

/** Whether `value` names a right. */
export function isRight(value: unknown): value is Right {
  return typeof value === 'string' && (rights as readonly string[]).includes(value);
}
