// Field types by what the desk does with them, derived from the one list the server uses (src/fieldtypes/).
import {
  breakFieldtypes,
  dateFieldtypes,
  fieldtypes,
  floatFieldtypes,
  intFieldtypes,
  layoutFieldtypes,
  tableFieldtypes,
} from '../../../src/fieldtypes/index.ts';
import type { DocField } from './types.ts';

/** Every field type the server knows. */
export const knownTypes: ReadonlySet<string> = fieldtypes;

/** Section, column and tab breaks: they lay the form out and hold no value. */
export const layoutTypes: ReadonlySet<string> = breakFieldtypes;

/** Holding child rows. */
export const tableTypes: ReadonlySet<string> = tableFieldtypes;

/** Displayed but never edited (no value of their own, or computed). */
export const displayOnlyTypes: ReadonlySet<string> = new Set([
  'Read Only',
  ...[...layoutFieldtypes].filter((type) => !breakFieldtypes.has(type)),
]);

export const intTypes: ReadonlySet<string> = intFieldtypes;
export const floatTypes: ReadonlySet<string> = floatFieldtypes;
export const numericTypes: ReadonlySet<string> = new Set([...intTypes, ...floatTypes]);
export const dateTypes: ReadonlySet<string> = dateFieldtypes;

/** The field types the builder offers, in the order of Frappe's DocField select. */
export const builderFieldTypes: readonly string[] = [
  'Data',
  'Small Text',
  'Text',
  'Long Text',
  'Text Editor',
  'Code',
  'JSON',
  'Int',
  'Float',
  'Currency',
  'Percent',
  'Check',
  'Select',
  'Link',
  'Dynamic Link',
  'Date',
  'Datetime',
  'Time',
  'Password',
  'Attach',
  'Attach Image',
  'Table',
  'Table MultiSelect',
  'Read Only',
  'Section Break',
  'Column Break',
  'Tab Break',
];

/** Whether a field holds a value (not layout, not a table). */
export function hasValue(field: DocField): boolean {
  return !layoutTypes.has(field.fieldtype) && !tableTypes.has(field.fieldtype);
}

/** The options of a Select field, as Frappe splits them (one per line). */
export function selectOptions(field: DocField): string[] {
  return (field.options ?? '').split('\n');
}

/** The field a document's title comes from: `title_field`, else a field called `title` (as Frappe's `get_title_field`). */
export function titleFieldOf(
  meta: { title_field?: string; fields: DocField[] } | undefined,
): string | undefined {
  if (!meta) return undefined;
  if (meta.title_field) return meta.title_field;
  return meta.fields.some((f) => f.fieldname === 'title') ? 'title' : undefined;
}

/** A field's label, or its fieldname made readable. */
export function labelOf(field: DocField): string {
  if (field.label) return field.label;
  return field.fieldname.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
