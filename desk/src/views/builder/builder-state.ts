// The DocType builder's model: a DocType document edited as fields, permissions and a naming rule,
// checked in the browser, then saved through `/api/resource/DocType` like any other document.
import { layoutTypes } from '../../model/fieldtypes.ts';
import type { Doc } from '../../model/types.ts';

export interface BuilderField {
  fieldtype: string;
  label: string;
  fieldname: string;
  options: string;
  reqd: boolean;
  unique: boolean;
  in_list_view: boolean;
  in_standard_filter: boolean;
  hidden: boolean;
  permlevel: number;
  default: string;
  /** The fieldname follows the label until edited by hand. */
  autoName: boolean;
  /** The stored row, for properties the builder does not edit (kept on save). */
  original?: Doc;
  key: number;
}

/** The field properties shown as columns after the options, as the editing view chooses. */
export type OptionalColumn =
  | 'reqd'
  | 'unique'
  | 'in_list_view'
  | 'in_standard_filter'
  | 'hidden'
  | 'permlevel'
  | 'default';

/** What the options of a field of `fieldtype` hold. */
export function optionsHint(fieldtype: string): string {
  switch (fieldtype) {
    case 'Select':
      return 'One choice per line';
    case 'Link':
    case 'Table':
    case 'Table MultiSelect':
      return 'DocType';
    case 'Dynamic Link':
      return 'Field holding the DocType';
    case 'Data':
      return 'Email, Phone, URL…';
    default:
      return '';
  }
}

export const rights = ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'amend'] as const;
export type Right = (typeof rights)[number];

export interface BuilderPerm {
  role: string;
  rights: Record<Right, boolean>;
  original?: Doc;
  key: number;
}

export interface NamingRule {
  label: string;
  /** What the parameter input asks for, when the rule takes one. */
  param?: string;
  placeholder?: string;
}

/** Frappe's naming rules (the DocType `naming_rule` select) and how each becomes `autoname`. */
export const namingRules: readonly NamingRule[] = [
  { label: 'Random' },
  { label: 'Set by user' },
  { label: 'By fieldname', param: 'Field', placeholder: 'fieldname' },
  { label: 'Expression', param: 'Format', placeholder: 'TASK-{YYYY}-{####}' },
  { label: 'Expression (old style)', param: 'Series', placeholder: 'TASK-.#####' },
  { label: 'Autoincrement' },
  { label: 'By "Naming Series" field' },
];

export interface BuilderModel {
  name: string;
  module: string;
  istable: boolean;
  is_submittable: boolean;
  naming_rule: string;
  naming_param: string;
  title_field: string;
  fields: BuilderField[];
  permissions: BuilderPerm[];
  original?: Doc;
}

let keys = 1;
const nextKey = () => keys++;

/** `Customer Name` → `customer_name` (Frappe's scrub). */
export function scrub(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'f_$1')
    .slice(0, 140);
}

export function blankField(fieldtype = 'Data'): BuilderField {
  return {
    fieldtype,
    label: '',
    fieldname: '',
    options: '',
    reqd: false,
    unique: false,
    in_list_view: false,
    in_standard_filter: false,
    hidden: false,
    permlevel: 0,
    default: '',
    autoName: true,
    key: nextKey(),
  };
}

/** Rights only a submittable DocType has: ticked for one, never sent for another (the server refuses them). */
export const submitRights: ReadonlySet<Right> = new Set(['submit', 'cancel', 'amend']);

/** A permission rule; `all` ticks every right the DocType can have (submit/cancel/amend only when `submittable`). */
export function blankPerm(role = 'System Manager', all = true, submittable = false): BuilderPerm {
  const r = Object.fromEntries(
    rights.map((right) => [right, all && (submittable || !submitRights.has(right))]),
  ) as Record<Right, boolean>;
  return { role, rights: r, key: nextKey() };
}

export function newModel(): BuilderModel {
  return {
    name: '',
    module: 'Custom',
    istable: false,
    is_submittable: false,
    naming_rule: 'Random',
    naming_param: '',
    title_field: '',
    fields: [blankField()],
    permissions: [blankPerm()],
  };
}

/** The naming rule and its parameter, read back from `autoname` (and `naming_rule` when present). */
export function namingOf(doc: Doc): { rule: string; param: string } {
  const autoname = String(doc.autoname ?? '').trim();
  const lower = autoname.toLowerCase();
  if (lower.startsWith('field:')) return { rule: 'By fieldname', param: autoname.slice(6) };
  if (lower.startsWith('format:')) return { rule: 'Expression', param: autoname.slice(7) };
  if (lower === 'prompt') return { rule: 'Set by user', param: '' };
  if (lower === 'autoincrement') return { rule: 'Autoincrement', param: '' };
  if (lower.startsWith('naming_series:')) return { rule: 'By "Naming Series" field', param: '' };
  if (lower === '' || lower === 'hash') return { rule: 'Random', param: '' };
  if (autoname.includes('.#')) return { rule: 'Expression (old style)', param: autoname };
  return {
    rule: typeof doc.naming_rule === 'string' && doc.naming_rule ? doc.naming_rule : 'Random',
    param: '',
  };
}

/** `autoname` for a rule and its parameter. */
export function autonameOf(rule: string, param: string): string {
  switch (rule) {
    case 'By fieldname':
      return `field:${param.trim()}`;
    case 'Expression':
      return `format:${param.trim()}`;
    case 'Expression (old style)':
      return param.trim();
    case 'Set by user':
      return 'Prompt';
    case 'Autoincrement':
      return 'autoincrement';
    case 'By "Naming Series" field':
      return 'naming_series:';
    default:
      return 'hash';
  }
}

const flag = (value: unknown) => Boolean(Number(value ?? 0));

/** The rows of a stored DocType's (or Customize Form's) `fields`, in their order. */
export function fieldsOf(rows: Doc[] | undefined): BuilderField[] {
  return (rows ?? [])
    .slice()
    .sort((a, b) => Number(a.idx ?? 0) - Number(b.idx ?? 0))
    .map((f) => ({
      fieldtype: String(f.fieldtype ?? 'Data'),
      label: String(f.label ?? ''),
      fieldname: String(f.fieldname ?? ''),
      options: String(f.options ?? ''),
      reqd: flag(f.reqd),
      unique: flag(f.unique),
      in_list_view: flag(f.in_list_view),
      in_standard_filter: flag(f.in_standard_filter),
      hidden: flag(f.hidden),
      permlevel: Number(f.permlevel ?? 0) || 0,
      default: f.default === undefined || f.default === null ? '' : String(f.default),
      autoName: false,
      original: f,
      key: nextKey(),
    }));
}

/** A field row to save: the stored row's other properties kept, the edited ones set, `idx` from its place. */
export function fieldRowOf(f: BuilderField, index: number, doctype: string): Doc {
  return {
    ...(f.original ?? {}),
    doctype,
    fieldtype: f.fieldtype,
    label: f.label.trim() || undefined,
    fieldname: f.fieldname || undefined,
    options: f.options.trim() || undefined,
    reqd: f.reqd ? 1 : 0,
    unique: f.unique ? 1 : 0,
    in_list_view: f.in_list_view ? 1 : 0,
    in_standard_filter: f.in_standard_filter ? 1 : 0,
    hidden: f.hidden ? 1 : 0,
    permlevel: f.permlevel || 0,
    default: f.default.trim() || undefined,
    idx: index + 1,
  };
}

/** The builder's model of a stored DocType document. */
export function modelOf(doc: Doc): BuilderModel {
  const naming = namingOf(doc);
  const fields = fieldsOf(doc.fields as Doc[] | undefined);
  const permissions = ((doc.permissions as Doc[] | undefined) ?? []).map((p) => ({
    role: String(p.role ?? ''),
    rights: Object.fromEntries(rights.map((right) => [right, flag(p[right])])) as Record<Right, boolean>,
    original: p,
    key: nextKey(),
  }));
  return {
    name: String(doc.name ?? ''),
    module: String(doc.module ?? 'Custom'),
    istable: flag(doc.istable),
    is_submittable: flag(doc.is_submittable),
    naming_rule: naming.rule,
    naming_param: naming.param,
    title_field: String(doc.title_field ?? ''),
    fields,
    permissions,
    original: doc,
  };
}

/**
 * Adds the problems of `fields` to `errors` (`fields.<i>.<prop>`); returns the field names and their rows.
 * `unnamed`: new rows may come without a field name (Customize Form: the server names custom fields), and
 * the stored ones are the server's to judge.
 */
export function validateFields(
  fields: readonly BuilderField[],
  errors: Record<string, string>,
  unnamed = false,
): Map<string, number> {
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    const layout = layoutTypes.has(field.fieldtype);
    if (!layout && !field.label.trim()) errors[`fields.${i}.label`] = 'Enter a label';
    if (!field.fieldname) {
      if (!unnamed || field.original) errors[`fields.${i}.fieldname`] = 'Enter a field name';
    } else if (!(unnamed && field.original) && !/^[a-z][a-z0-9_]*$/.test(field.fieldname))
      errors[`fields.${i}.fieldname`] = 'Lowercase letters, digits and _ only, starting with a letter';
    else if (seen.has(field.fieldname))
      errors[`fields.${i}.fieldname`] = `Used by field ${seen.get(field.fieldname)! + 1} too`;
    if (field.fieldname) seen.set(field.fieldname, i);
    const needsOptions = ['Link', 'Table', 'Table MultiSelect', 'Dynamic Link', 'Select'].includes(
      field.fieldtype,
    );
    if (needsOptions && !field.options.trim())
      errors[`fields.${i}.options`] =
        field.fieldtype === 'Select'
          ? 'Enter the choices, one per line'
          : field.fieldtype === 'Dynamic Link'
            ? 'Enter the field that names the DocType'
            : 'Enter the DocType it points to';
  });
  return seen;
}

/** Adds a problem with the naming rule's parameter to `errors` (`naming`); `fields` as validateFields returns. */
export function validateNaming(
  ruleLabel: string,
  param: string,
  fields: ReadonlyMap<string, number>,
  errors: Record<string, string>,
): void {
  const rule = namingRules.find((r) => r.label === ruleLabel);
  if (rule?.param && !param.trim()) errors.naming = `Enter the ${rule.param.toLowerCase()}`;
  else if (ruleLabel === 'By fieldname' && param && !fields.has(param.trim()))
    errors.naming = `There is no field ${param}`;
}

/** Problems by key (`name`, `naming`, `fields.<i>.<prop>`, `permissions.<i>.role`). */
export function validateModel(model: BuilderModel, isNew: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (isNew) {
    if (!model.name.trim()) errors.name = 'Enter a name for the DocType';
    else if (!/^[A-Za-z][A-Za-z0-9 _-]*$/.test(model.name.trim()))
      errors.name = 'Use letters, digits, spaces, dashes and underscores, starting with a letter';
  }
  if (!model.module.trim()) errors.module = 'Enter a module';
  const seen = validateFields(model.fields, errors);
  validateNaming(model.naming_rule, model.naming_param, seen, errors);
  if (!model.istable)
    model.permissions.forEach((perm, i) => {
      if (!perm.role.trim()) errors[`permissions.${i}.role`] = 'Choose a role';
    });
  return errors;
}

/** The DocType document to save. */
export function docOf(model: BuilderModel): Doc {
  const base: Doc = { ...(model.original ?? {}), doctype: 'DocType' };
  const doc: Doc = {
    ...base,
    name: model.name.trim(),
    module: model.module.trim(),
    custom: base.custom ?? 1,
    istable: model.istable ? 1 : 0,
    is_submittable: model.is_submittable && !model.istable ? 1 : 0,
    naming_rule: model.naming_rule,
    autoname: autonameOf(model.naming_rule, model.naming_param),
    title_field: model.title_field || undefined,
    fields: model.fields.map((f, i) => fieldRowOf(f, i, 'DocField')),
    permissions: model.istable
      ? []
      : model.permissions.map((p, i) => ({
          ...(p.original ?? {}),
          doctype: 'DocPerm',
          role: p.role.trim(),
          permlevel: p.original?.permlevel ?? 0,
          ...Object.fromEntries(
            rights.map((right) => [
              right,
              p.rights[right] && (model.is_submittable || !submitRights.has(right)) ? 1 : 0,
            ]),
          ),
          idx: i + 1,
        })),
  };
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
}
