// `cortado start` and `cortado scheduler` on a bench with a broken app: one line naming app and file, exit 1,
// and nothing made (no first site).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exited } from '../jobs/support/child.ts';
import { appFiles, createTempBench, type TempBench } from './support/temp-bench.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

describe('the CLI on a broken app', () => {
  let t: TempBench;
  before(() => {
    t = createTempBench();
    t.writeApp('shelf', {
      ...appFiles('shelf'),
      'shelf/things/api.ts': "throw new Error('missing setting');\n",
    });
  });
  after(() => t.close());

  for (const args of [
    ['start', '--port', '0', '--backend-port', '0', '--socketio-port', '0'],
    ['scheduler'],
  ]) {
    it(`stops ${args[0]} with one line naming the app and the file`, async () => {
      const before = readdirSync(t.bench.sitesPath);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', main, '--sites-path', t.bench.sitesPath, ...args],
        {
          env: { ...process.env, LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const { code, output } = await exited(child);
      assert.equal(code, 1);
      assert.equal(output.trim(), 'cortado: app shelf: shelf/shelf/things/api.ts: Error: missing setting');
      assert.deepEqual(readdirSync(t.bench.sitesPath), before);
    });
  }
});
