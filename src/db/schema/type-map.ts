import type { DbType } from '../database.ts';
import type { DocFieldMeta } from '../meta.ts';

type TypeMap = Record<string, string>;

/** Frappe's field types that hold text (`varchar(length)`, 140 unless the field sets `length`). */
const varcharTypes = [
  'Data',
  'Link',
  'Dynamic Link',
  'Select',
  'Read Only',
  'Color',
  'Icon',
  'Phone',
  'Autocomplete',
];

function withVarchars(map: TypeMap): TypeMap {
  for (const fieldtype of varcharTypes) map[fieldtype] = 'varchar';
  return map;
}

// Frappe's `type_map` per database (frappe/database/<db>/database.py); SQLite keeps MariaDB's names where
// they give the right affinity (int -> INTEGER, varchar/text -> TEXT, decimal/date/datetime -> NUMERIC,
// which leaves date strings as text) and stores JSON as text so a JSON "123" stays a string.
const typeMaps: Record<DbType, TypeMap> = {
  mariadb: withVarchars({
    Currency: 'decimal(21,9)',
    Int: 'int(11)',
    'Long Int': 'bigint(20)',
    Float: 'decimal(21,9)',
    Percent: 'decimal(21,9)',
    Check: 'int(1)',
    'Small Text': 'text',
    'Long Text': 'longtext',
    Code: 'longtext',
    'Text Editor': 'longtext',
    'Markdown Editor': 'longtext',
    'HTML Editor': 'longtext',
    Date: 'date',
    Datetime: 'datetime(6)',
    Time: 'time(6)',
    Text: 'text',
    Password: 'text',
    Rating: 'decimal(3,2)',
    Attach: 'text',
    'Attach Image': 'text',
    Signature: 'longtext',
    Barcode: 'longtext',
    Geolocation: 'longtext',
    Duration: 'decimal(21,9)',
    JSON: 'json',
  }),
  postgres: withVarchars({
    Currency: 'decimal(21,9)',
    Int: 'bigint',
    'Long Int': 'bigint',
    Float: 'decimal(21,9)',
    Percent: 'decimal(21,9)',
    Check: 'smallint',
    'Small Text': 'text',
    'Long Text': 'text',
    Code: 'text',
    'Text Editor': 'text',
    'Markdown Editor': 'text',
    'HTML Editor': 'text',
    Date: 'date',
    Datetime: 'timestamp(6)',
    Time: 'time(6)',
    Text: 'text',
    Password: 'text',
    Rating: 'decimal(3,2)',
    Attach: 'text',
    'Attach Image': 'text',
    Signature: 'text',
    Barcode: 'text',
    Geolocation: 'text',
    Duration: 'decimal(21,9)',
    JSON: 'json',
  }),
  sqlite: withVarchars({
    Currency: 'decimal(21,9)',
    Int: 'int',
    'Long Int': 'bigint',
    Float: 'decimal(21,9)',
    Percent: 'decimal(21,9)',
    Check: 'int',
    'Small Text': 'text',
    'Long Text': 'longtext',
    Code: 'longtext',
    'Text Editor': 'longtext',
    'Markdown Editor': 'longtext',
    'HTML Editor': 'longtext',
    Date: 'date',
    Datetime: 'datetime(6)',
    Time: 'time(6)',
    Text: 'text',
    Password: 'text',
    Rating: 'decimal(3,2)',
    Attach: 'text',
    'Attach Image': 'text',
    Signature: 'longtext',
    Barcode: 'longtext',
    Geolocation: 'longtext',
    Duration: 'decimal(21,9)',
    JSON: 'text',
  }),
};

/** Field types whose column is NOT NULL with a numeric default (Frappe's `NOT_NULL_TYPES`). */
export const notNullFieldtypes: ReadonlySet<string> = new Set([
  'Check',
  'Int',
  'Currency',
  'Float',
  'Percent',
]);

/** The column type of a field on a database, or undefined when the field type holds no column. */
export function columnType(
  dialect: DbType,
  field: Pick<DocFieldMeta, 'fieldtype' | 'length'>,
): string | undefined {
  const map = typeMaps[dialect];
  let type = map[field.fieldtype];
  if (!type) return undefined;
  const length = Number(field.length) || 0;
  if (type === 'varchar') return `varchar(${length > 0 ? Math.min(length, 1000) : 140})`;
  // Frappe widens Int to Long Int when the field asks for more than 11 digits.
  if (field.fieldtype === 'Int' && length > 11) type = map['Long Int']!;
  return type;
}

/** Types that cannot carry a unique or search index (Frappe skips them too). */
export function isTextType(type: string): boolean {
  return /^(text|longtext|json)$/.test(type);
}

/** The standard columns' types per database. */
export function standardTypes(dialect: DbType): {
  datetime: string;
  varchar: string;
  flag: string;
  int: string;
} {
  switch (dialect) {
    case 'mariadb':
      return { datetime: 'datetime(6)', varchar: 'varchar(140)', flag: 'int(1)', int: 'int(8)' };
    case 'postgres':
      return { datetime: 'timestamp(6)', varchar: 'varchar(140)', flag: 'smallint', int: 'bigint' };
    case 'sqlite':
      return { datetime: 'datetime(6)', varchar: 'varchar(140)', flag: 'int', int: 'int' };
  }
}
