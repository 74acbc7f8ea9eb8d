// Frappe's field types, grouped by how the document engine treats them (frappe/model/__init__.py).

/** Every field type a DocField may have (the options of DocField.fieldtype, plus Long Int). */
export const fieldtypes: ReadonlySet<string> = new Set([
  'Autocomplete',
  'Attach',
  'Attach Image',
  'Barcode',
  'Button',
  'Check',
  'Code',
  'Color',
  'Column Break',
  'Currency',
  'Data',
  'Date',
  'Datetime',
  'Duration',
  'Dynamic Link',
  'Float',
  'Fold',
  'Geolocation',
  'Heading',
  'HTML',
  'HTML Editor',
  'Icon',
  'Image',
  'Int',
  'JSON',
  'Link',
  'Long Int',
  'Long Text',
  'Markdown Editor',
  'Password',
  'Percent',
  'Phone',
  'Read Only',
  'Rating',
  'Section Break',
  'Select',
  'Signature',
  'Small Text',
  'Tab Break',
  'Table',
  'Table MultiSelect',
  'Text',
  'Text Editor',
  'Time',
]);

/** Field types that hold child rows. */
export const tableFieldtypes: ReadonlySet<string> = new Set(['Table', 'Table MultiSelect']);

/** Layout-only field types: no value at all. */
export const layoutFieldtypes: ReadonlySet<string> = new Set([
  'Section Break',
  'Column Break',
  'Tab Break',
  'HTML',
  'Button',
  'Image',
  'Fold',
  'Heading',
]);

/** Whole numbers (stored NOT NULL, default 0). */
export const intFieldtypes: ReadonlySet<string> = new Set(['Int', 'Long Int', 'Check']);

/** Decimal numbers (stored NOT NULL, default 0, except Duration and Rating, which may be NULL). */
export const floatFieldtypes: ReadonlySet<string> = new Set([
  'Float',
  'Currency',
  'Percent',
  'Duration',
  'Rating',
]);

/** Field types stored as `varchar(length)`: their values are limited to the field's length (140 by default). */
export const varcharFieldtypes: ReadonlySet<string> = new Set([
  'Data',
  'Link',
  'Dynamic Link',
  'Select',
  'Read Only',
  'Color',
  'Icon',
  'Phone',
  'Autocomplete',
]);

/** Field types that may not be `unique` (no index can cover a text column). */
export const unindexableFieldtypes: ReadonlySet<string> = new Set([
  'Text',
  'Small Text',
  'Long Text',
  'Text Editor',
  'Markdown Editor',
  'HTML Editor',
  'Code',
  'JSON',
  'Password',
  'Attach',
  'Attach Image',
  'Signature',
  'Barcode',
  'Geolocation',
]);
