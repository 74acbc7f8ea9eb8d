// Property-based fuzzing of every data route (fast-check) on the permission matrix's site, on every database.
// Each case is one hostile request from one principal; the properties:
//   - robustness: no 5xx, an answer within 5 s, no stack trace and no SQL in the body, whoever asks;
//   - no rights widened: no row, permlevel-1 column, Comment, private file or session id beyond the
//     principal's rights (the matrix's rules: test/permissions/fixture.ts);
//   - refused writes change nothing: after a write from a principal without write rights (refused, or a no-op
//     such as an empty insert_many), every table it could touch is byte-for-byte as before.
// CI (CI=true) runs a fixed seed; locally each run draws a new one. A failure prints the seed and path to
// replay: `FUZZ_SEED=<seed> FUZZ_PROPERTY=<name> FUZZ_PATH=<path> npm test -- test/fuzz` (the path applies to
// the named property only). FUZZ_SCALE multiplies the runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createMatrixSite,
  type MatrixSite,
  type Principal,
  people,
  principals,
} from '../permissions/fixture.ts';
import { databases } from '../support/services.ts';
import { bounded, robustnessProblems, snapshot, wideningProblems } from './checks.ts';
import { plausibleReadRoutes, readRoutes, writeRoutes } from './routes.ts';

const ciSeed = 20261207;
const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.CI === 'true'
    ? ciSeed
    : Math.floor(Math.random() * 2 ** 31);
const replay = { property: process.env.FUZZ_PROPERTY, path: process.env.FUZZ_PATH };
const scale = Number(process.env.FUZZ_SCALE ?? 1);

// Cases per property and database: thousands in all, within about two minutes for the three databases on
// two cores (the servers' round trips cost more than SQLite's, so they get fewer).
const runs = {
  sqlite: { reads: 2000, widening: 1500, writes: 400 },
  postgres: { reads: 1000, widening: 800, writes: 200 },
  mariadb: { reads: 1000, widening: 800, writes: 200 },
};

/** Principals that may write nothing to the DocTypes the write fuzzer aims at. */
const nonWriters = principals.filter((p) =>
  ['Guest', people.nobody, people.reader, people.shared, people.restricted].includes(p.user),
);
/** Principals with something they may not see. */
const limited = principals.filter((p) => p.user !== 'Administrator' && p.user !== people.manager);

type PropertyName = keyof (typeof runs)['sqlite'];

/** Runs property `name` with the run's seed; a failure names the seed and path that replay it. */
async function check<Ts extends [unknown, ...unknown[]]>(
  name: PropertyName,
  numRuns: number,
  property: fc.IAsyncPropertyWithHooks<Ts>,
): Promise<void> {
  const result = await fc.check(property, {
    seed,
    numRuns: Math.max(1, Math.round(numRuns * scale)),
    ...(replay.path && replay.property === name ? { path: replay.path } : {}),
    // A safety net for shrinking a failure, never reached by a passing run.
    interruptAfterTimeLimit: 120_000,
  });
  if (!result.failed) return;
  const error = result.errorInstance as Error | undefined;
  assert.fail(
    `${fc.defaultReportMessage(result)}\n${error?.message ?? String(error)}\n` +
      `replay: FUZZ_SEED=${seed} FUZZ_PROPERTY=${name} FUZZ_PATH=${result.counterexamplePath} npm test -- test/fuzz`,
  );
}

const principal = (from: Principal[]) => fc.constantFrom(...from);

for (const kind of databases) {
  describe(`${kind}: fuzzing every data route (seed ${seed})`, () => {
    let t: MatrixSite;
    before(async () => {
      t = await createMatrixSite(kind);
    });
    after(() => t?.close());

    const says = (p: Principal, reply: { status: number; body: string }) =>
      `${p.label}: ${reply.status} ${reply.body.slice(0, 400)}`;

    it('answers every hostile read without a 5xx, a hang, a stack trace or SQL', () =>
      check(
        'reads',
        runs[kind].reads,
        fc.asyncProperty(principal(principals), readRoutes, async (p, req) => {
          const reply = await bounded(t, p.user, req);
          assert.deepEqual(robustnessProblems(reply), [], says(p, reply));
        }),
      ));

    it('never widens a principal’s rights: no row, column, comment, file or session id beyond them', () =>
      check(
        'widening',
        runs[kind].widening,
        fc.asyncProperty(
          principal(limited),
          fc.oneof({ weight: 3, arbitrary: plausibleReadRoutes }, { weight: 1, arbitrary: readRoutes }),
          async (p, req) => {
            const reply = await bounded(t, p.user, req);
            assert.deepEqual(wideningProblems(p, req, reply, t.sids()), [], says(p, reply));
          },
        ),
      ));

    it('lets no write from a principal without write rights change any data', async () => {
      const baseline = await snapshot(t.db);
      await check(
        'writes',
        runs[kind].writes,
        fc.asyncProperty(principal(nonWriters), writeRoutes, async (p, req) => {
          const reply = await bounded(t, p.user, req);
          assert.deepEqual(robustnessProblems(reply), [], says(p, reply));
          assert.equal(await snapshot(t.db), baseline, `${says(p, reply)}: the data changed`);
        }),
      );
    });
  });
}
