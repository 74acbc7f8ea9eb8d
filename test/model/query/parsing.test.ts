// Parsing list arguments without a database: filter forms, operators, column references, paging flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseColumnRef } from '../../../src/model/query/column-ref.ts';
import { DataError, parseFilters } from '../../../src/model/query/index.ts';
import { listArgs } from '../../../src/model/query/list-args.ts';

describe('list argument parsing', () => {
  it('normalises every filter form to [doctype?, field, operator, value]', () => {
    const one = [{ field: 'status', operator: '=', value: 'Open' }];
    assert.deepEqual(parseFilters([['status', '=', 'Open']], 'filters'), one);
    assert.deepEqual(parseFilters({ status: 'Open' }, 'filters'), one);
    assert.deepEqual(parseFilters({ status: ['=', 'Open'] }, 'filters'), one);
    assert.deepEqual(parseFilters('{"status":"Open"}', 'filters'), one);
    assert.deepEqual(parseFilters(['status', '=', 'Open'], 'filters'), one);
    assert.deepEqual(parseFilters([['ToDo', 'status', 'NOT  IN', ['a']]], 'filters'), [
      { doctype: 'ToDo', field: 'status', operator: 'not in', value: ['a'] },
    ]);
    assert.deepEqual(parseFilters([['ToDo', 'status', '=', 'x', 'extra']], 'filters'), [
      { doctype: 'ToDo', field: 'status', operator: '=', value: 'x' },
    ]);
    assert.deepEqual(parseFilters(undefined, 'filters'), []);
    assert.deepEqual(parseFilters('', 'filters'), []);
    assert.deepEqual(parseFilters([], 'filters'), []);
    assert.throws(() => parseFilters([['status', '=']], 'filters'), DataError);
    assert.throws(() => parseFilters('not json', 'filters'), DataError);
    assert.throws(() => parseFilters(42, 'filters'), DataError);
  });

  it('splits column references in every quoting style, and nothing else', () => {
    assert.deepEqual(parseColumnRef('name'), { quotedQualifier: false, field: 'name' });
    assert.deepEqual(parseColumnRef('`name`'), { quotedQualifier: false, field: 'name' });
    assert.deepEqual(parseColumnRef('`tabSales Order`.`qty`'), {
      qualifier: 'tabSales Order',
      quotedQualifier: true,
      field: 'qty',
    });
    assert.deepEqual(parseColumnRef('"tabToDo"."status"'), {
      qualifier: 'tabToDo',
      quotedQualifier: true,
      field: 'status',
    });
    assert.deepEqual(parseColumnRef('tabSales Order.qty'), {
      qualifier: 'tabSales Order',
      quotedQualifier: false,
      field: 'qty',
    });
    assert.deepEqual(parseColumnRef('customer.customer_name'), {
      qualifier: 'customer',
      quotedQualifier: false,
      field: 'customer_name',
    });
    for (const bad of [
      'a.b.c',
      'name;',
      '`na`me`',
      'name -- x',
      "na'me",
      'a.',
      '.a',
      '`a',
      'count(*)',
      'tab`x`.y',
      '',
    ])
      assert.equal(parseColumnRef(bad), undefined, bad);
  });

  it('reads fields, paging and flags as query strings and JSON bodies send them', () => {
    const args = listArgs({ doctype: 'ToDo' });
    assert.deepEqual(
      [args.fields, args.pageLength, args.start, args.asDict, args.distinct],
      [['name'], 20, 0, true, false],
    );
    assert.deepEqual(listArgs({ doctype: 'ToDo', fields: '*' }).fields, ['*']);
    assert.deepEqual(listArgs({ doctype: 'ToDo', fields: '["name", null, "", "title"]' }).fields, [
      'name',
      'title',
    ]);
    assert.deepEqual(listArgs({ doctype: 'ToDo', fields: 'name, title' }).fields, ['name', 'title']);
    assert.deepEqual(listArgs({ doctype: 'ToDo', fields: [] }).fields, ['name']);
    assert.equal(listArgs({ doctype: 'ToDo', limit: 5, limit_page_length: '7' }).pageLength, 7);
    assert.equal(listArgs({ doctype: 'ToDo', limit: '5' }).pageLength, 5);
    assert.equal(
      listArgs({ doctype: 'ToDo', limit_page_length: 'abc' }).pageLength,
      0,
      "Frappe's cint: no limit",
    );
    assert.equal(listArgs({ doctype: 'ToDo', start: '10' }).start, 10);
    assert.equal(listArgs({ doctype: 'ToDo', as_dict: 'False' }).asDict, false);
    assert.equal(listArgs({ doctype: 'ToDo', as_dict: '1' }).asDict, true);
    assert.throws(() => listArgs({ doctype: '' }), DataError);
    assert.throws(() => listArgs({ doctype: 'ToDo', order_by: ['name'] }), DataError);
  });
});
