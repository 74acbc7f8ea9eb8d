// The shape of DocType metadata (Frappe's JSON shape), as schema sync and the document engine read it.
// Core DocTypes ship as JSON files of this shape in src/core/doctypes/.

/** A field of a DocType (a DocField row). Flags are 0/1 as in Frappe's JSON. */
export interface DocFieldMeta {
  fieldname: string;
  fieldtype: string;
  label?: string;
  options?: string;
  reqd?: 0 | 1;
  unique?: 0 | 1;
  default?: string;
  read_only?: 0 | 1;
  hidden?: 0 | 1;
  in_list_view?: 0 | 1;
  in_standard_filter?: 0 | 1;
  search_index?: 0 | 1;
  length?: number;
  precision?: string;
  permlevel?: number;
  no_copy?: 0 | 1;
  description?: string;
  [key: string]: unknown;
}

/** A permission rule of a DocType (a DocPerm row). */
export interface DocPermMeta {
  role: string;
  permlevel?: number;
  if_owner?: 0 | 1;
  read?: 0 | 1;
  write?: 0 | 1;
  create?: 0 | 1;
  delete?: 0 | 1;
  submit?: 0 | 1;
  cancel?: 0 | 1;
  amend?: 0 | 1;
  report?: 0 | 1;
  export?: 0 | 1;
  import?: 0 | 1;
  share?: 0 | 1;
  print?: 0 | 1;
  email?: 0 | 1;
  [key: string]: unknown;
}

/** A DocType definition. */
export interface DocTypeMeta {
  name: string;
  module: string;
  autoname?: string;
  naming_rule?: string;
  istable?: 0 | 1;
  issingle?: 0 | 1;
  is_submittable?: 0 | 1;
  is_virtual?: 0 | 1;
  track_changes?: 0 | 1;
  title_field?: string;
  search_fields?: string;
  sort_field?: string;
  sort_order?: 'ASC' | 'DESC';
  custom?: 0 | 1;
  fields: DocFieldMeta[];
  permissions: DocPermMeta[];
  [key: string]: unknown;
}

/** The standard columns every (non-single) table has, in order. Child tables add parent/parentfield/parenttype. */
export const standardColumns = [
  'name',
  'creation',
  'modified',
  'modified_by',
  'owner',
  'docstatus',
  'idx',
] as const;
export const childColumns = ['parent', 'parentfield', 'parenttype'] as const;

/** `tab<DocType>`: Frappe's table name for a DocType. */
export function tableName(doctype: string): string {
  return `tab${doctype}`;
}
