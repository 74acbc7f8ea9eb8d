// The columns every document has whatever its DocType (Frappe's `default_fields`, `child_table_fields`,
// `optional_fields`): a DocType's own fields may not take these names.

/** Standard fields of every document, in Frappe's order. */
export const standardFields = [
  'name',
  'owner',
  'creation',
  'modified',
  'modified_by',
  'docstatus',
  'idx',
] as const;

/** Extra standard fields of child rows. */
export const childFields = ['parent', 'parentfield', 'parenttype'] as const;

/** Optional bookkeeping fields of non-child documents (tags, comments, assignments, likes). */
export const optionalFields = ['_user_tags', '_comments', '_assign', '_liked_by', '_seen'] as const;

/**
 * Names no DocField may use: the standard fields, `doctype`, and the names Frappe restricts because they
 * would shadow document machinery.
 */
export const reservedFieldnames: ReadonlySet<string> = new Set<string>([
  ...standardFields,
  ...childFields,
  ...optionalFields,
  'doctype',
  'file_list',
  'flags',
  'meta',
]);
