#!/usr/bin/env node
// `npm test`: every test file under test/, examples/ (the example apps' own tests) and apps/ (the built-in app's)
// through node's test runner with tsx.
// Suites that need Redis/PostgreSQL/MariaDB join in when TEST_REDIS_URL, TEST_POSTGRES_URL or
// TEST_MARIADB_URL is set (see test/support/services.ts); with CI=true a missing one fails them.
// Extra arguments narrow the run: `npm test -- test/frontend`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort())
      if (entry !== 'node_modules') collect(join(path, entry), out);
  } else if (path.endsWith('.test.ts')) out.push(path);
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test', 'examples', 'apps']).flatMap((root) => collect(root, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    // Safety nets, not substitutes for cleanup: a file whose tests are done exits even if a handle
    // lingers, and no single test can hold CI for more than ten minutes.
    '--test-force-exit',
    '--test-timeout=600000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
