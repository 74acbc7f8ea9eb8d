// What Customize Form (and a Custom Field's own save) allows, as Frappe v15 lists it in customize_form.py: the
// DocType and field properties it writes as Property Setters (with their property types), the field type
// changes a column survives, and the DocTypes that cannot be customized.

/** DocType properties Customize Form keeps as Property Setters, with the type each is cast by. */
export const doctypeProperties: Readonly<Record<string, string>> = {
  search_fields: 'Data',
  title_field: 'Data',
  image_field: 'Data',
  sort_field: 'Data',
  sort_order: 'Data',
  default_print_format: 'Data',
  allow_copy: 'Check',
  istable: 'Check',
  quick_entry: 'Check',
  editable_grid: 'Check',
  max_attachments: 'Int',
  make_attachments_public: 'Check',
  track_changes: 'Check',
  track_views: 'Check',
  allow_auto_repeat: 'Check',
  allow_import: 'Check',
  show_preview_popup: 'Check',
  default_email_template: 'Data',
  email_append_to: 'Check',
  subject_field: 'Data',
  sender_field: 'Data',
  sender_name_field: 'Data',
  naming_rule: 'Data',
  autoname: 'Data',
  show_title_field_in_link: 'Check',
  translated_doctype: 'Check',
  default_view: 'Select',
  force_re_route_to_default_view: 'Check',
  queue_in_background: 'Check',
};

/** Field properties Customize Form keeps (as Property Setters on standard fields, on the Custom Field otherwise). */
export const docfieldProperties: Readonly<Record<string, string>> = {
  idx: 'Int',
  label: 'Data',
  fieldtype: 'Select',
  options: 'Text',
  sort_options: 'Check',
  fetch_from: 'Small Text',
  fetch_if_empty: 'Check',
  show_dashboard: 'Check',
  permlevel: 'Int',
  width: 'Data',
  print_width: 'Data',
  non_negative: 'Check',
  reqd: 'Check',
  unique: 'Check',
  ignore_user_permissions: 'Check',
  in_list_view: 'Check',
  in_standard_filter: 'Check',
  in_global_search: 'Check',
  in_preview: 'Check',
  bold: 'Check',
  no_copy: 'Check',
  ignore_xss_filter: 'Check',
  hidden: 'Check',
  collapsible: 'Check',
  collapsible_depends_on: 'Data',
  print_hide: 'Check',
  print_hide_if_no_value: 'Check',
  report_hide: 'Check',
  allow_on_submit: 'Check',
  translatable: 'Check',
  mandatory_depends_on: 'Data',
  read_only_depends_on: 'Data',
  depends_on: 'Data',
  description: 'Text',
  default: 'Text',
  precision: 'Select',
  read_only: 'Check',
  length: 'Int',
  columns: 'Int',
  remember_last_selected_value: 'Check',
  allow_bulk_edit: 'Check',
  auto_repeat: 'Link',
  allow_in_quick_entry: 'Check',
  hide_border: 'Check',
  hide_days: 'Check',
  hide_seconds: 'Check',
  is_virtual: 'Check',
  link_filters: 'JSON',
  placeholder: 'Data',
};

/** Groups of field types a field may move between (its column's data survives the change). */
const fieldtypeGroups: readonly (readonly string[])[] = [
  ['Currency', 'Float', 'Percent'],
  ['Small Text', 'Data'],
  ['Text', 'Data'],
  ['Text', 'Text Editor', 'Code', 'Signature', 'HTML Editor'],
  ['Data', 'Select'],
  ['Text', 'Small Text'],
  ['Text', 'Data', 'Barcode'],
  ['Code', 'Geolocation'],
  ['Table', 'Table MultiSelect'],
];

/** Field types whose options a standard field may have changed (Select is not one: code reads its values). */
export const optionsChangeable: ReadonlySet<string> = new Set(['Read Only', 'HTML', 'Data']);

/** Field types without a value (layout), except that Attach Image may still show in the list. */
export const noValueFieldtypes: ReadonlySet<string> = new Set([
  'Section Break',
  'Column Break',
  'Tab Break',
  'HTML',
  'Table',
  'Table MultiSelect',
  'Button',
  'Image',
  'Fold',
  'Heading',
]);

/** Field types that can be translated. */
export const translatableFieldtypes: ReadonlySet<string> = new Set([
  'Data',
  'Select',
  'Text',
  'Small Text',
  'Text Editor',
]);

/** DocTypes Customize Form refuses (Frappe's `core_doctypes_list`), and Custom Fields and Property Setters too. */
export const coreDocTypes: ReadonlySet<string> = new Set([
  'DocType',
  'DocField',
  'DocPerm',
  'Role',
  'Has Role',
  'Page',
  'Module Def',
  'Print Format',
  'Report',
  'Customize Form',
  'Customize Form Field',
  'Property Setter',
  'Custom Field',
  'Client Script',
]);

/** Whether a field may change from `from` to `to` (both in one of Frappe's groups). */
export function allowFieldtypeChange(from: string, to: string): boolean {
  return fieldtypeGroups.some((group) => group.includes(from) && group.includes(to));
}
