// Frappe's field types, listed once: each with how its value is stored. Schema sync (db/schema/type-map.ts)
// turns a storage class into a column type per database; the document engine, the query engine's table info
// (model/query/table-info.ts) and the desk (desk/src/model/fieldtypes.ts, which imports this file) use the
// groups derived here. It imports nothing, so every layer may import it (docs/architecture.md, "Layers").

/**
 * How a field type's value is kept: `none` holds no value (layout), `table` holds child rows in their own table;
 * the others name one column shape, which schema sync maps to a column type per database.
 */
export type Storage =
  | 'none'
  | 'table'
  | 'varchar'
  | 'int'
  | 'bigint'
  | 'check'
  | 'decimal'
  | 'rating'
  | 'text'
  | 'longtext'
  | 'json'
  | 'date'
  | 'datetime'
  | 'time';

/** What is known of one field type. */
export interface FieldTypeSpec {
  storage: Storage;
  /** The column is NOT NULL with a numeric default (Frappe's `NOT_NULL_TYPES`). */
  notNull?: true;
  /** Structures the form (a section, column or tab starts here). */
  break?: true;
}

const none: FieldTypeSpec = { storage: 'none' };
const varchar: FieldTypeSpec = { storage: 'varchar' };
const text: FieldTypeSpec = { storage: 'text' };
const longtext: FieldTypeSpec = { storage: 'longtext' };
const decimal: FieldTypeSpec = { storage: 'decimal' };
const notNullDecimal: FieldTypeSpec = { storage: 'decimal', notNull: true };
const formBreak: FieldTypeSpec = { storage: 'none', break: true };

/** Every field type a DocField may have (the options of DocField.fieldtype, plus Long Int), in that order. */
export const fieldtypeSpecs: Readonly<Record<string, FieldTypeSpec>> = Object.freeze({
  Autocomplete: varchar,
  Attach: text,
  'Attach Image': text,
  Barcode: longtext,
  Button: none,
  Check: { storage: 'check', notNull: true },
  Code: longtext,
  Color: varchar,
  'Column Break': formBreak,
  Currency: notNullDecimal,
  Data: varchar,
  Date: { storage: 'date' },
  Datetime: { storage: 'datetime' },
  Duration: decimal,
  'Dynamic Link': varchar,
  Float: notNullDecimal,
  Fold: none,
  Geolocation: longtext,
  Heading: none,
  HTML: none,
  'HTML Editor': longtext,
  Icon: varchar,
  Image: none,
  Int: { storage: 'int', notNull: true },
  JSON: { storage: 'json' },
  Link: varchar,
  'Long Int': { storage: 'bigint' },
  'Long Text': longtext,
  'Markdown Editor': longtext,
  Password: text,
  Percent: notNullDecimal,
  Phone: varchar,
  'Read Only': varchar,
  Rating: { storage: 'rating' },
  'Section Break': formBreak,
  Select: varchar,
  Signature: longtext,
  'Small Text': text,
  'Tab Break': formBreak,
  Table: { storage: 'table' },
  'Table MultiSelect': { storage: 'table' },
  Text: text,
  'Text Editor': longtext,
  Time: { storage: 'time' },
});

/** The field types whose spec passes `test`. */
export function fieldtypesWhere(test: (spec: FieldTypeSpec) => boolean): ReadonlySet<string> {
  return new Set(Object.keys(fieldtypeSpecs).filter((fieldtype) => test(fieldtypeSpecs[fieldtype]!)));
}

const storedAs = (...kinds: Storage[]) => fieldtypesWhere((spec) => kinds.includes(spec.storage));

/** Every field type. */
export const fieldtypes: ReadonlySet<string> = new Set(Object.keys(fieldtypeSpecs));

/** Field types that hold child rows. */
export const tableFieldtypes = storedAs('table');

/** Layout-only field types: no value at all. */
export const layoutFieldtypes = storedAs('none');

/** Field types with no column in the DocType's table (layout, and child tables, which live in their own). */
export const noColumnFieldtypes = storedAs('none', 'table');

/** Section, column and tab breaks: where the form's structure changes. */
export const breakFieldtypes = fieldtypesWhere((spec) => spec.break === true);

/** Whole numbers. */
export const intFieldtypes = storedAs('int', 'bigint', 'check');

/** Decimal numbers. */
export const floatFieldtypes = storedAs('decimal', 'rating');

/** Dates and times (each compared as its own kind). */
export const dateFieldtypes = storedAs('date', 'datetime', 'time');

/** Field types stored as `varchar(length)`: their values are limited to the field's length (140 by default). */
export const varcharFieldtypes = storedAs('varchar');

/** Field types that may not be `unique` or indexed (no index can cover a text column). */
export const unindexableFieldtypes = storedAs('text', 'longtext', 'json');

/** Field types whose column is NOT NULL with a numeric default (Frappe's `NOT_NULL_TYPES`). */
export const notNullFieldtypes = fieldtypesWhere((spec) => spec.notNull === true);
