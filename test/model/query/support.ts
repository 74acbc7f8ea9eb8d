// Fixtures for the query engine suites: three DocTypes (an order with a child table and a Link to a
// customer), a handful of rows with NULLs, empty strings and dates around a fixed clock, and deps whose
// read scopes a test can change.
import type { Database, DocTypeMeta } from '../../../src/db/index.ts';
import { syncTable } from '../../../src/db/index.ts';
import {
  QueryCache,
  type QueryDeps,
  type ReadableLevels,
  type ReadScope,
} from '../../../src/model/query/index.ts';
import { createTestDatabase, type TestDatabase } from '../../db/support.ts';
import type { DbKind } from '../../support/services.ts';

export const customerMeta: DocTypeMeta = {
  name: 'QT Customer',
  module: 'Test',
  fields: [
    { fieldname: 'customer_name', fieldtype: 'Data' },
    { fieldname: 'city', fieldtype: 'Data' },
    { fieldname: 'vip', fieldtype: 'Check' },
  ],
  permissions: [],
};

export const itemMeta: DocTypeMeta = {
  name: 'QT Order Item',
  module: 'Test',
  istable: 1,
  fields: [
    { fieldname: 'item', fieldtype: 'Data' },
    { fieldname: 'qty', fieldtype: 'Int' },
    { fieldname: 'rate', fieldtype: 'Float' },
  ],
  permissions: [],
};

export const orderMeta: DocTypeMeta = {
  name: 'QT Order',
  module: 'Test',
  fields: [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed' },
    { fieldname: 'customer', fieldtype: 'Link', options: 'QT Customer' },
    { fieldname: 'section', fieldtype: 'Section Break' },
    { fieldname: 'qty', fieldtype: 'Int' },
    { fieldname: 'amount', fieldtype: 'Currency' },
    { fieldname: 'done', fieldtype: 'Check' },
    { fieldname: 'due', fieldtype: 'Date' },
    { fieldname: 'at', fieldtype: 'Datetime' },
    { fieldname: 'notes', fieldtype: 'Small Text' },
    { fieldname: 'items', fieldtype: 'Table', options: 'QT Order Item' },
  ],
  permissions: [],
};

/** A DocType with no table, for refusals. */
export const settingsMeta: DocTypeMeta = {
  name: 'QT Settings',
  module: 'Test',
  issingle: 1,
  fields: [{ fieldname: 'x', fieldtype: 'Data' }],
  permissions: [],
};

/** The fixed clock: Wednesday 15 May 2024, noon (local time, as stored datetimes are). */
export const fixedNow = new Date(2024, 4, 15, 12, 0, 0);

type Values = Record<string, string | number | null>;

const orders: Values[] = [
  {
    name: 'o1',
    title: 'Alpha',
    status: 'Open',
    customer: 'c1',
    qty: 5,
    amount: 10.5,
    done: 1,
    due: '2024-05-10',
    at: '2024-05-15 10:00:00.000000',
    owner: 'a@x',
    modified: '2024-05-01 00:00:05.000000',
  },
  {
    name: 'o2',
    title: 'beta',
    status: 'Closed',
    customer: 'c2',
    qty: 0,
    amount: 0,
    done: 0,
    due: '2024-05-15',
    at: '2024-05-15 23:30:00.000000',
    owner: 'b@x',
    modified: '2024-05-01 00:00:04.000000',
  },
  {
    name: 'o3',
    title: 'Gamma 100%',
    status: 'Open',
    customer: null,
    qty: 12,
    amount: 99.99,
    done: 0,
    due: null,
    at: null,
    owner: 'a@x',
    modified: '2024-05-01 00:00:03.000000',
  },
  {
    name: 'o4',
    title: null,
    status: '',
    customer: 'c1',
    qty: 3,
    amount: 1,
    done: 1,
    due: '2024-04-30',
    at: '2024-04-10 08:00:00.000000',
    owner: 'b@x',
    modified: '2024-05-01 00:00:02.000000',
  },
  {
    name: 'o5',
    title: 'ALPHA two',
    status: 'Open',
    customer: 'c9',
    qty: 7,
    amount: 2.25,
    done: 0,
    due: '2024-06-03',
    at: '2024-06-03 00:00:00.000000',
    owner: 'a@x',
    modified: '2024-05-01 00:00:01.000000',
  },
];

const items: Values[] = [
  {
    name: 'i1',
    parent: 'o1',
    parenttype: 'QT Order',
    parentfield: 'items',
    idx: 1,
    item: 'Widget',
    qty: 2,
    rate: 1.5,
  },
  {
    name: 'i2',
    parent: 'o1',
    parenttype: 'QT Order',
    parentfield: 'items',
    idx: 2,
    item: 'Gadget',
    qty: 3,
    rate: 4,
  },
  {
    name: 'i3',
    parent: 'o2',
    parenttype: 'QT Order',
    parentfield: 'items',
    idx: 1,
    item: 'Widget',
    qty: 1,
    rate: 1.5,
  },
  {
    name: 'i4',
    parent: 'o4',
    parenttype: 'QT Order',
    parentfield: 'items',
    idx: 1,
    item: 'Bolt',
    qty: 10,
    rate: 0.1,
  },
  // A row of the same child DocType under another parent DocType: never listed through QT Order.
  {
    name: 'i5',
    parent: 'x1',
    parenttype: 'Other',
    parentfield: 'items',
    idx: 1,
    item: 'Stray',
    qty: 99,
    rate: 0,
  },
];

const customers: Values[] = [
  { name: 'c1', customer_name: 'Acme', city: 'Berlin', vip: 1, owner: 'a@x' },
  { name: 'c2', customer_name: 'Globex', city: 'Paris', vip: 0, owner: 'b@x' },
  { name: 'c3', customer_name: 'Ölwerk Straße', city: 'Zürich', vip: 0, owner: 'b@x' },
];

/** Inserts one row with explicit columns (values bound). */
export async function insert(db: Database, doctype: string, values: Values): Promise<void> {
  const q = db.dialect.quote;
  const row: Values = {
    creation: '2024-01-01 00:00:00.000000',
    modified: '2024-01-01 00:00:00.000000',
    ...values,
  };
  const columns = Object.keys(row);
  await db.run(
    `INSERT INTO ${q(`tab${doctype}`)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    Object.values(row),
  );
}

/** A throwaway database with the three tables and their rows. */
export async function createFixture(kind: DbKind): Promise<TestDatabase> {
  const t = await createTestDatabase(kind);
  for (const meta of [customerMeta, itemMeta, orderMeta]) await syncTable(t.db, meta);
  for (const row of orders) await insert(t.db, 'QT Order', row);
  for (const row of items) await insert(t.db, 'QT Order Item', row);
  for (const row of customers) await insert(t.db, 'QT Customer', row);
  return t;
}

/** Deps over the fixture metas, a fixed clock, a private cache, and read scopes a test may override. */
export function fixtureDeps(
  db: Database,
  scopes: Record<string, ReadScope> = {},
  overrides: DocTypeMeta[] = [],
  levels: Record<string, ReadableLevels> = {},
): QueryDeps {
  const metas = new Map(
    [customerMeta, itemMeta, orderMeta, settingsMeta, ...overrides].map((m) => [m.name, m]),
  );
  return {
    dialect: db.dialect,
    getMeta: async (doctype) => metas.get(doctype),
    readScope: (doctype) => scopes[doctype] ?? { kind: 'all' },
    readableLevels: (doctype) => levels[doctype] ?? 'all',
    now: () => fixedNow,
    cache: new QueryCache(100),
  };
}

/** The names of rows, sorted, for order-independent assertions. */
export function names(rows: unknown[]): string[] {
  return (rows as Array<{ name: string }>).map((r) => r.name).sort();
}
