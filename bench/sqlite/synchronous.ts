// What SQLite's `synchronous=FULL` (the default: every acknowledged commit is on disk) costs against `NORMAL`
// (the WAL is synced at checkpoints only) for the write a POST makes: one transaction inserting one row,
// committed before the next starts. The modes alternate per round on fresh files; the median round counts.
// Run: `npx tsx bench/sqlite/synchronous.ts`. Environment: BENCH_COMMITS (default 2000), BENCH_ROUNDS (5),
// BENCH_DIR (a folder on the disk the sites live on; default the OS temp folder; tmpfs would measure nothing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase, type SqliteSynchronous } from '../../src/db/sqlite/sqlite-database.ts';

const COMMITS = Number(process.env.BENCH_COMMITS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'cortado-bench-sync-'));

async function round(mode: SqliteSynchronous, n: number): Promise<number> {
  const db = new SqliteDatabase({ file: join(root, `${mode}-${n}.db`), synchronous: mode });
  await db.run(
    'CREATE TABLE "tabBench Note" (name TEXT PRIMARY KEY, title TEXT, body TEXT, modified TEXT, qty INTEGER)',
  );
  const body = 'x'.repeat(400);
  const start = process.hrtime.bigint();
  for (let i = 0; i < COMMITS; i++) {
    await db.transaction((tx) =>
      tx.run('INSERT INTO "tabBench Note" VALUES (?, ?, ?, ?, ?)', [
        `N-${i}`,
        `title ${i}`,
        body,
        new Date().toISOString(),
        i,
      ]),
    );
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await db.close();
  return COMMITS / seconds;
}

const results: Record<SqliteSynchronous, number[]> = { full: [], normal: [] };
try {
  for (let n = 0; n < ROUNDS; n++)
    for (const mode of n % 2 ? (['normal', 'full'] as const) : (['full', 'normal'] as const))
      results[mode].push(await round(mode, n));
} finally {
  rmSync(root, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const full = median(results.full);
const normal = median(results.normal);
console.log(`commits per round: ${COMMITS}, rounds: ${ROUNDS}`);
for (const [mode, rate] of [
  ['FULL', full],
  ['NORMAL', normal],
] as const)
  console.log(
    `${mode.padEnd(6)} ${rate.toFixed(0).padStart(7)} commits/s  ${(1e6 / rate).toFixed(0).padStart(6)} µs/commit`,
  );
console.log(`FULL costs ${((normal / full - 1) * 100).toFixed(0)} % more time per commit than NORMAL`);
