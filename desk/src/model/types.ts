// The shapes the desk reads from the API: DocType meta (`/api/v2/doctype/<dt>/meta`) and documents
// (`/api/resource/<dt>/<name>`), as Frappe serialises them.

/** One DocField row of a DocType's meta. Flags are 0/1 as Frappe sends them. */
export interface DocField {
  fieldname: string;
  fieldtype: string;
  label?: string;
  options?: string;
  reqd?: number;
  unique?: number;
  default?: string;
  read_only?: number;
  hidden?: number;
  in_list_view?: number;
  in_standard_filter?: number;
  bold?: number;
  collapsible?: number;
  description?: string;
  depends_on?: string;
  allow_on_submit?: number;
  /** Field-level permission group: DocPerm rows of the same `permlevel` grant read/write on it. */
  permlevel?: number;
  precision?: string | number;
  length?: number;
  idx?: number;
  columns?: number;
  [key: string]: unknown;
}

/** One DocPerm row. */
export interface DocPerm {
  role: string;
  permlevel?: number;
  read?: number;
  write?: number;
  create?: number;
  delete?: number;
  submit?: number;
  cancel?: number;
  amend?: number;
  if_owner?: number;
  [key: string]: unknown;
}

/** A DocType's meta. */
export interface DocTypeMeta {
  name: string;
  module?: string;
  fields: DocField[];
  permissions?: DocPerm[];
  istable?: number;
  issingle?: number;
  is_submittable?: number;
  autoname?: string;
  naming_rule?: string;
  title_field?: string;
  image_field?: string;
  sort_field?: string;
  sort_order?: string;
  search_fields?: string;
  custom?: number;
  [key: string]: unknown;
}

/** A document as the API returns it (nulls omitted, child tables as arrays of rows). */
export interface Doc {
  doctype: string;
  name?: string;
  docstatus?: number;
  modified?: string;
  modified_by?: string;
  owner?: string;
  creation?: string;
  idx?: number;
  [key: string]: unknown;
}

/** A child row: a document that also names its parent. */
export interface ChildRow extends Doc {
  parent?: string;
  parentfield?: string;
  parenttype?: string;
}

/** The boot data the `/app` shell page embeds. */
export interface Boot {
  user: string;
  full_name: string;
  site: string;
  csrf_token: string;
  user_type: string;
  /** The user's roles (Frappe's `frappe.boot.user.roles`). */
  roles: string[];
  /** The DocTypes the user may read (Frappe's `can_read`). */
  can_read: string[];
  /** The same, with module and kind, for the home page when the DocType list itself is not readable. */
  readable_doctypes: Array<{ name: string; module: string; issingle: number; is_submittable: number }>;
  /** The site's developer mode (Frappe's `frappe.boot.developer_mode`): standard DocTypes are editable. */
  developer_mode?: 0 | 1;
  /** DocTypes Customize Form refuses (Frappe's `core_doctypes_list`, from the built-in app). */
  core_doctypes_list?: string[];
  /** URLs of the desk scripts of the apps installed on this site, by Frappe's hook names. */
  desk_scripts?: {
    app_include_js: string[];
    doctype_js: Record<string, string[]>;
    doctype_list_js: Record<string, string[]>;
  };
}
