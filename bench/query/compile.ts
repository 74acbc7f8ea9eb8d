// List-query compile benchmark: the same request shapes compiled with the shape cache off (every call
// parses fields/sort terms and builds SQL) and on (hits only rebind values). No database is involved.
// Run: `npx tsx bench/query/compile.ts`. Environment: BENCH_ITERATIONS (default 20000), BENCH_ROUNDS (5).
import type { DocTypeMeta } from '../../src/db/meta.ts';
import { sqliteDialect } from '../../src/db/sqlite/sqlite-dialect.ts';
import {
  compileListQuery,
  type ListQueryInput,
  QueryCache,
  type QueryDeps,
} from '../../src/model/query/index.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const data = (fieldname: string, fieldtype = 'Data', options?: string) => ({ fieldname, fieldtype, options });
const metas: DocTypeMeta[] = [
  {
    name: 'Bench Order',
    module: 'Bench',
    fields: [
      data('title'),
      data('status', 'Select', 'Open\nClosed'),
      data('customer', 'Link', 'Bench Customer'),
      data('qty', 'Int'),
      data('done', 'Check'),
      data('due', 'Date'),
      data('items', 'Table', 'Bench Order Item'),
      ...Array.from({ length: 40 }, (_, i) => data(`extra_${i}`)),
    ],
    permissions: [],
  },
  {
    name: 'Bench Order Item',
    module: 'Bench',
    istable: 1,
    fields: [data('item'), data('qty', 'Int')],
    permissions: [],
  },
  { name: 'Bench Customer', module: 'Bench', fields: [data('customer_name')], permissions: [] },
];
const byName = new Map(metas.map((m) => [m.name, m]));

// Query-string style arguments (strings to parse), values varying per call.
const shapes: Record<string, (i: number) => ListQueryInput> = {
  simple: (i) => ({
    doctype: 'Bench Order',
    fields: '["name","title","status"]',
    filters: `{"status":"${i % 2 ? 'Open' : 'Closed'}"}`,
    limit_page_length: '20',
  }),
  complex: (i) => ({
    doctype: 'Bench Order',
    fields: ['name', 'title', 'customer.customer_name as customer_name', 'items.qty'],
    filters: [
      ['Bench Order', 'status', 'in', ['Open', i % 2 ? 'Closed' : 'Draft']],
      ['due', 'timespan', 'this month'],
      ['Bench Order Item', 'item', 'like', `%w${i % 10}%`],
    ],
    or_filters: { qty: ['>', i % 7], done: 1 },
    order_by: 'modified desc, name asc',
    limit_start: String(i % 100),
  }),
  grouped: (i) => ({
    doctype: 'Bench Order',
    fields: '["status","count(name) as n","sum(qty) as q"]',
    filters: [['qty', '>=', i % 5]],
    group_by: 'status',
    order_by: 'n desc',
  }),
};

function deps(cache: QueryCache | false): QueryDeps {
  return {
    dialect: sqliteDialect,
    getMeta: async (doctype) => byName.get(doctype),
    readScope: () => ({ kind: 'all' }),
    readableLevels: () => 'all',
    now: () => new Date(2024, 4, 15),
    cache,
  };
}

// Fastest and median round in µs per compile (the fastest is the least disturbed by a busy machine).
async function measure(
  shape: (i: number) => ListQueryInput,
  cache: QueryCache | false,
): Promise<[number, number]> {
  const d = deps(cache);
  for (let i = 0; i < 2000; i++) await compileListQuery(shape(i), d); // warm up (and fill the cache)
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) await compileListQuery(shape(i), d);
    times.push(Number(process.hrtime.bigint() - started) / 1000 / ITERATIONS);
  }
  times.sort((a, b) => a - b);
  return [times[0]!, times[times.length >> 1]!];
}

const us = ([best, median]: [number, number]) => `${best.toFixed(2)} / ${median.toFixed(2)}`.padStart(16);
console.log(`list-query compile, ${ITERATIONS} calls x ${ROUNDS} rounds, Node ${process.version}`);
console.log('µs per compile, fastest / median round');
console.log('shape              no cache           cached   speed-up (fastest)');
for (const [name, shape] of Object.entries(shapes)) {
  const cold = await measure(shape, false);
  const cache = new QueryCache(100);
  const warm = await measure(shape, cache);
  console.log(
    `${name.padEnd(10)} ${us(cold)} ${us(warm)} ${(cold[0] / warm[0]).toFixed(1).padStart(9)}x` +
      `   (${Math.round(1e6 / cold[0])} vs ${Math.round(1e6 / warm[0])} compiles/s; cache hits ${cache.hits}, misses ${cache.misses})`,
  );
}
