// `like` on SQLite: what the Unicode case-folding override (src/db/sqlite/sqlite-like.ts) costs a list
// query. The same compiled list/count SQL runs on one SQLite file through Cortado's connection (the
// override) and through a plain better-sqlite3 connection (SQLite's built-in, ASCII-only LIKE); the
// built-in is the baseline, so the ratio is the override's cost on this machine.
// Run: `npx tsx bench/query/like.ts`. Environment: BENCH_ROWS (default 5000), BENCH_ROUNDS (7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DocTypeMeta } from '../../src/db/meta.ts';
import { syncTable } from '../../src/db/schema/index.ts';
import { SqliteDatabase } from '../../src/db/sqlite/sqlite-database.ts';
import {
  compileCountQuery,
  compileListQuery,
  type ListQueryInput,
  type QueryDeps,
} from '../../src/model/query/index.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const meta: DocTypeMeta = {
  name: 'Bench Note',
  module: 'Bench',
  fields: [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'city', fieldtype: 'Data' },
    { fieldname: 'body', fieldtype: 'Small Text' },
  ],
  permissions: [],
};
const words = ['alpha', 'École', 'straße', 'Ωmega', 'Жук', 'delta', 'gamma', 'ÜBER', 'kilo', 'lima'];

const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-like-'));
const file = join(dir, 'site.db');
const db = new SqliteDatabase({ file });
await syncTable(db, meta);
await db.transaction(async (tx) => {
  for (let i = 0; i < ROWS; i++) {
    const title = `${words[i % 10]} ${words[(i * 7) % 10]} note ${i}`;
    await tx.run(
      'INSERT INTO "tabBench Note" (name, creation, modified, title, city, body) VALUES (?, ?, ?, ?, ?, ?)',
      [
        `n${i}`,
        '2024-01-01 00:00:00.000000',
        `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}.000000`,
        title,
        words[(i * 3) % 10],
        `${title} `.repeat(8),
      ],
    );
  }
});
const builtin = new BetterSqlite3(file, { readonly: true });

const deps: QueryDeps = {
  dialect: db.dialect,
  getMeta: async (doctype) => (doctype === meta.name ? meta : undefined),
  readScope: () => ({ kind: 'all' }),
  readableLevels: () => 'all',
};
const cases: Record<string, { input: ListQueryInput; count?: boolean }> = {
  'list, ASCII %x%': {
    input: {
      doctype: meta.name,
      fields: ['name', 'title'],
      limit_page_length: 0,
      filters: [['title', 'like', '%ALPHA%']],
    },
  },
  'list, Unicode %x%': {
    input: {
      doctype: meta.name,
      fields: ['name', 'title'],
      limit_page_length: 0,
      filters: [['title', 'like', '%école%']],
    },
  },
  'list, prefix x%': {
    input: {
      doctype: meta.name,
      fields: ['name', 'title'],
      limit_page_length: 0,
      filters: [['title', 'like', 'gamma%']],
    },
  },
  'list, not like': {
    input: {
      doctype: meta.name,
      fields: ['name'],
      limit_page_length: 0,
      filters: [['city', 'not like', '%a%']],
    },
  },
  'count, long text': {
    input: { doctype: meta.name, filters: [['body', 'like', '%note 4_9 %']] },
    count: true,
  },
};

// Fastest and median round in ms per query (the fastest is the least disturbed by a busy machine).
async function measure(run: () => Promise<unknown> | unknown): Promise<[number, number]> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return [times[0]!, times[times.length >> 1]!];
}

const ms = ([best, median]: [number, number]) => `${best.toFixed(2)} / ${median.toFixed(2)}`.padStart(15);
console.log(`like over ${ROWS} rows on SQLite, ${ROUNDS} rounds, Node ${process.version}`);
console.log('ms per query, fastest / median round; built-in LIKE is the baseline (ASCII folding only)');
console.log('case                   built-in      Unicode LIKE   ratio (fastest)');
for (const [name, { input, count }] of Object.entries(cases)) {
  const query = count ? await compileCountQuery(input, deps) : await compileListQuery(input, deps);
  const statement = builtin.prepare(query.sql);
  const base = await measure(() => statement.all(...query.params));
  const folded = await measure(() => db.all(query.sql, query.params));
  console.log(
    `${name.padEnd(20)} ${ms(base)} ${ms(folded)} ${(folded[0] / base[0]).toFixed(2).padStart(9)}x`,
  );
}
builtin.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
