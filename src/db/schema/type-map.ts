import { fieldtypeSpecs, type Storage } from '../../fieldtypes/index.ts';
import type { DbType } from '../database.ts';
import type { DocFieldMeta } from '../meta.ts';

/** The storage classes that make a column. */
type ColumnStorage = Exclude<Storage, 'none' | 'table'>;

// Frappe's `type_map` per database (frappe/database/<db>/database.py), by storage class (src/fieldtypes/ says
// which field types have which); SQLite keeps MariaDB's names where they give the right affinity (int ->
// INTEGER, varchar/text -> TEXT, decimal/date/datetime -> NUMERIC, which leaves date strings as text) and
// stores JSON as text so a JSON "123" stays a string.
const columnTypes: Record<DbType, Record<ColumnStorage, string>> = {
  mariadb: {
    varchar: 'varchar',
    int: 'int(11)',
    bigint: 'bigint(20)',
    check: 'int(1)',
    decimal: 'decimal(21,9)',
    rating: 'decimal(3,2)',
    text: 'text',
    longtext: 'longtext',
    json: 'json',
    date: 'date',
    datetime: 'datetime(6)',
    time: 'time(6)',
  },
  postgres: {
    varchar: 'varchar',
    int: 'bigint',
    bigint: 'bigint',
    check: 'smallint',
    decimal: 'decimal(21,9)',
    rating: 'decimal(3,2)',
    text: 'text',
    longtext: 'text',
    json: 'json',
    date: 'date',
    datetime: 'timestamp(6)',
    time: 'time(6)',
  },
  sqlite: {
    varchar: 'varchar',
    int: 'int',
    bigint: 'bigint',
    check: 'int',
    decimal: 'decimal(21,9)',
    rating: 'decimal(3,2)',
    text: 'text',
    longtext: 'longtext',
    json: 'text',
    date: 'date',
    datetime: 'datetime(6)',
    time: 'time(6)',
  },
};

/** The column type of a field on a database, or undefined when the field type holds no column. */
export function columnType(
  dialect: DbType,
  field: Pick<DocFieldMeta, 'fieldtype' | 'length'>,
): string | undefined {
  const storage = fieldtypeSpecs[field.fieldtype]?.storage;
  if (!storage || storage === 'none' || storage === 'table') return undefined;
  const types = columnTypes[dialect];
  const length = Number(field.length) || 0;
  if (storage === 'varchar') return `varchar(${length > 0 ? Math.min(length, 1000) : 140})`;
  // Frappe widens Int to Long Int when the field asks for more than 11 digits.
  if (storage === 'int' && length > 11) return types.bigint;
  return types[storage];
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
