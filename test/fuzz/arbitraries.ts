// Hostile argument values for the fuzzer: every form a field list, filter, sort, grouping, limit, name or
// DocType may take on the wire (JSON strings, arrays, dicts, nested lists, unknown operators, SQL-ish text,
// unicode, huge numbers, `__proto__`, very long strings, wrong types).
import fc from 'fast-check';
import { operators } from '../../src/model/query/index.ts';
import { docs, salaries } from '../permissions/fixture.ts';

/** SQL-shaped text: what an attacker tries in any string slot. */
const sqlish = fc.constantFrom(
  "' or 1=1 --",
  '"; drop table x; --',
  '1) union select 1,2,3 --',
  '(select 1)',
  'name; delete',
  '`name`',
  '"name"',
  'name/**/asc',
  'sleep(10)',
  'pg_sleep(10)',
  'randomblob(1000000000)',
  'benchmark(10000000,md5(1))',
  '1e309',
  '%',
  '_',
  '\\',
  "''",
  '0x41',
);

/** Very long strings, and text from the edges of unicode. */
const oddText = fc.oneof(
  fc.constantFrom(
    'x'.repeat(70_000),
    '\u0000',
    '\uFEFF',
    '\uD800',
    '💥'.repeat(300),
    'e\u0301',
    '‮rtl',
    '\r\n\t',
    '../../etc/passwd',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');

/** A field name or select item, valid or not. */
export const fieldName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('name', 'title', 'region', 'notes', 'owner', 'modified', 'idx'),
  },
  { weight: 2, arbitrary: fc.constantFrom('salary', 'badge') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '*',
      '`tabLedger`.`salary`',
      'tabLedger.salary',
      '`tabLedger`.*',
      'count(name)',
      'count(*) as n',
      'max(salary)',
      'sum(salary) as s',
      'avg(`salary`)',
      'salary as name',
      'name as salary',
      'sid',
      'sessiondata',
      'password',
      'parent_ledger',
      'lft',
      '`tabSessions`.`sid`',
      'distinct name',
      'if(1,salary,0)',
      'coalesce(salary, 0)',
      '_comments',
      'name.salary',
    ),
  },
  { weight: 1, arbitrary: sqlish },
  { weight: 1, arbitrary: protoKey },
  { weight: 1, arbitrary: oddText },
);

/** Filter operators: Frappe's, their spellings, and unknown ones. */
export const operator = fc.oneof(
  fc.constantFrom(...operators),
  fc.constantFrom('LIKE', ' = ', '==', '<>', 'regexp', '~', 'ilike', 'exists', '', 'select', 'is not'),
  fc.string({ maxLength: 8 }),
  sqlish,
);

/** A scalar value anywhere a value goes. */
export const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e308,
    -0,
    '9'.repeat(400),
    '1e999',
    'NaN',
    'Infinity',
    'set',
    'not set',
    'Today',
    'last week',
    '2026-13-45',
    'North',
    docs.alpha,
    docs.charlie,
  ),
  fc.boolean(),
  fc.constant(null),
  sqlish,
  oddText,
);

/** Any JSON value, nested a little (wrong types for every slot). */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fieldName, protoKey), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** One filter condition, in every form Frappe accepts (and some it should refuse). */
const condition = fc.oneof(
  fc.tuple(fieldName, operator, scalar),
  fc.tuple(fc.constantFrom('Ledger', 'Sessions', 'Comment', 'Nope'), fieldName, operator, scalar),
  fc.tuple(fieldName, operator, fc.array(scalar, { maxLength: 4 })),
  fc.tuple(fieldName, scalar),
  fc.array(anyJson, { maxLength: 5 }),
);

/** A `filters` / `or_filters` argument: dict, list of lists, a name, a JSON string of either, or junk. */
export const filters: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fieldName, fc.oneof(scalar, fc.tuple(operator, scalar)), { maxKeys: 3 }),
  fc.array(condition, { maxLength: 3 }),
  condition,
  scalar,
  anyJson,
);

/** A `fields` argument: list, JSON text, a bare string, or wrong types. */
export const fields: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fieldName, { maxLength: 5 }),
  fieldName,
  fc.array(fc.array(fieldName, { maxLength: 2 }), { maxLength: 2 }),
  anyJson,
);

/** An `order_by` argument. */
export const orderBy: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(fieldName, fc.constantFrom('asc', 'desc', 'ASC', '', 'sideways', 'desc nulls first', ', salary'))
    .map(([f, d]) => `${f} ${d}`),
  fc.array(fieldName, { maxLength: 3 }).map((list) => list.join(', ')),
  fieldName,
  anyJson,
);

/** A limit or offset. */
export const limit: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom(0, 1e9, -1e9, 2 ** 53, 1.5, '10', '10 union', '', 'abc', '9'.repeat(30)),
  anyJson,
);

/** A DocType name: the fixture's, others, and junk. */
export const doctype = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Ledger', 'Ledger', 'Ledger', 'Sessions', 'Comment', 'Region') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'User',
      'DocType',
      'File',
      'Has Role',
      'DocShare',
      'User Permission',
      'No Such',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('tabLedger', "Ledger'--", 'ledger', 'Ledger ', '') },
  { weight: 1, arbitrary: protoKey },
  { weight: 1, arbitrary: oddText },
);

/** A document name. */
export const docName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...Object.values(docs)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('North', 'South', 'Administrator', '..', '%', '*', 'new-ledger-1'),
  },
  { weight: 1, arbitrary: protoKey },
  { weight: 1, arbitrary: sqlish },
  { weight: 1, arbitrary: oddText },
);

/** A document body for a write: Ledger-ish keys with hostile values. */
export const docBody: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'title',
      'salary',
      'region',
      'notes',
      'name',
      'owner',
      'doctype',
      'docstatus',
      'modified',
    ),
    fc.constantFrom('parent_ledger', 'lft', 'rgt', 'is_group', 'sid', 'user', 'allow', 'for_value', 'roles'),
    protoKey,
    fieldName,
  ),
  anyJson,
  { maxKeys: 5 },
);

// Well-formed arguments over the fixture's DocTypes: what the permission checks must hold against.
const knownField = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'name',
      'title',
      'region',
      'salary',
      'salary',
      'badge',
      '`tabLedger`.`salary`',
      '*',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('max(salary) as m', 'sum(salary) as s', 'count(name) as n') },
  { weight: 1, arbitrary: fc.constantFrom('sid', 'sessiondata', 'content') },
);
const knownValue = fc.oneof(
  fc.constantFrom(
    ...Object.values(salaries),
    ...Object.values(docs),
    'North',
    'South',
    '%',
    '%Ledger%',
    'set',
    'not set',
  ),
  fc.integer({ min: 0, max: 1_000_000 }),
);
const knownCondition = fc.tuple(
  knownField,
  fc.constantFrom('=', '!=', '>', '<', '>=', 'like', 'is', 'in'),
  knownValue,
);

/** The kit of well-formed arguments (see routes.ts `ArgKit`). */
export const plausible = {
  doctype: fc.oneof(
    { weight: 8, arbitrary: fc.constant('Ledger') },
    { weight: 1, arbitrary: fc.constantFrom('Comment', 'Sessions') },
  ),
  docName: fc.constantFrom(...Object.values(docs)),
  fields: fc.oneof(fc.array(knownField, { minLength: 1, maxLength: 4 }), knownField),
  filters: fc.oneof(
    fc.dictionary(knownField, knownValue, { maxKeys: 2 }),
    fc.array(knownCondition, { maxLength: 2 }),
  ),
  orderBy: fc.tuple(knownField, fc.constantFrom('asc', 'desc')).map(([f, d]) => `${f} ${d}`),
  limit: fc.integer({ min: 0, max: 50 }),
  groupBy: fc.constantFrom('name', 'salary', 'region', '`tabLedger`.`salary`'),
  other: fc.oneof(fc.constantFrom(0, 1, 'Ledger', ''), knownValue),
  allArgs: false,
  required: ['doctype', 'docname', 'name', 'fields', 'fieldname'],
};
