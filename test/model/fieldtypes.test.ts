// Field types are listed once (src/fieldtypes/): schema sync, the query engine's table info and the desk all
// derive from that list, so a field type added there is a column on every database, compares as its kind,
// and is known to the desk, with nothing else to edit. These tests hold the derivations to that.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  builderFieldTypes,
  dateTypes,
  hasValue,
  knownTypes,
  numericTypes,
} from '../../desk/src/model/fieldtypes.ts';
import type { DbType } from '../../src/db/database.ts';
import { type DocTypeMeta, schemaAdapter, syncTable } from '../../src/db/index.ts';
import { columnType } from '../../src/db/schema/type-map.ts';
import { fieldtypes, noColumnFieldtypes, tableFieldtypes } from '../../src/fieldtypes/index.ts';
import { tableInfo } from '../../src/model/query/table-info.ts';
import { withTestDatabase } from '../db/support.ts';
import { databases } from '../support/services.ts';

const dialects: DbType[] = ['sqlite', 'postgres', 'mariadb'];
const fieldnameOf = (fieldtype: string) => `f_${fieldtype.toLowerCase().replace(/ /g, '_')}`;

/** A DocType with one field of every field type the model knows. */
const everyType: DocTypeMeta = {
  name: 'Every Type',
  module: 'Test',
  permissions: [],
  fields: [...fieldtypes].map((fieldtype) => ({
    fieldname: fieldnameOf(fieldtype),
    fieldtype,
    ...(tableFieldtypes.has(fieldtype) ? { options: 'Every Type Row' } : {}),
  })),
};

describe('field types, listed once', () => {
  it('every field type with a value has a column type on each database; layout and tables have none', () => {
    assert.ok(fieldtypes.size >= 40 && fieldtypes.has('Table MultiSelect'));
    for (const fieldtype of fieldtypes) {
      for (const dialect of dialects) {
        const type = columnType(dialect, { fieldtype });
        if (noColumnFieldtypes.has(fieldtype)) assert.equal(type, undefined, `${fieldtype} on ${dialect}`);
        else assert.match(type ?? '', /^[a-z]+(\(\d+(,\d+)?\))?$/, `${fieldtype} on ${dialect}`);
      }
    }
  });

  it('the query engine and the desk agree on which field types are numbers and dates', () => {
    const columns = tableInfo(everyType).columns;
    for (const fieldtype of fieldtypes) {
      const column = columns.get(fieldnameOf(fieldtype));
      assert.equal(column === undefined, noColumnFieldtypes.has(fieldtype), `${fieldtype} has a column`);
      if (!column) continue;
      assert.equal(numericTypes.has(fieldtype), column.kind === 'number', `${fieldtype} is a number`);
      assert.equal(
        dateTypes.has(fieldtype),
        ['date', 'datetime', 'time'].includes(column.kind),
        `${fieldtype} is a date`,
      );
    }
  });

  it('the desk knows every field type, and offers in its builder only known ones', () => {
    assert.deepEqual([...knownTypes].sort(), [...fieldtypes].sort());
    for (const fieldtype of fieldtypes) {
      const field = { fieldname: fieldnameOf(fieldtype), fieldtype };
      if (tableFieldtypes.has(fieldtype)) assert.equal(hasValue(field), false, fieldtype);
      if (!noColumnFieldtypes.has(fieldtype)) assert.equal(hasValue(field), true, fieldtype);
    }
    for (const fieldtype of builderFieldTypes) assert.ok(fieldtypes.has(fieldtype), fieldtype);
  });

  for (const kind of databases) {
    it(`${kind}: schema sync makes a column of every field type with a value, and a second sync changes nothing`, () =>
      withTestDatabase(kind, async ({ db }) => {
        await syncTable(db, everyType);
        const info = await schemaAdapter(db.dialect.type).describe(db, 'tabEvery Type');
        for (const fieldtype of fieldtypes) {
          assert.equal(
            info?.columns.has(fieldnameOf(fieldtype)),
            !noColumnFieldtypes.has(fieldtype),
            `${fieldtype} on ${kind}`,
          );
        }
        assert.deepEqual((await syncTable(db, everyType)).changes, []);
      }));
  }
});
