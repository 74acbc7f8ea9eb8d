// The long-running services as real processes, on a Redis of the test's own that stops answering (frozen): each
// one stops on SIGTERM through its own close path, in a bounded time, instead of waiting for Redis.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.ts';
import { until } from '../support/until.ts';
import { exited } from './support/child.ts';
import { createJobBench, type JobBench } from './support/job-bench.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Correctness bound: well inside compose's 10 s stop timeout, far from the minutes a wait for Redis took. */
const boundMs = 8_000;

describe('services stopping while their Redis is frozen', () => {
  let redis: OwnRedis;
  let t: JobBench;
  let dir: string;
  before(async () => {
    redis = await startOwnRedis();
    t = await createJobBench('sqlite', 'table');
    t.bench.updateCommonConfig({
      redis_cache: redis.url,
      redis_queue: redis.url,
      redis_queue_prefix: 'cortado-test',
    });
    dir = mkdtempSync(join(tmpdir(), 'cortado-services-'));
  });
  after(async () => {
    redis.resume();
    await t.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const services: Array<{ name: string; args: string[]; ready: (output: () => string) => boolean }> = [
    {
      name: 'backend',
      args: ['backend', '--port', '0', '--host', '127.0.0.1'],
      ready: (output) => output().includes('backend listening'),
    },
    {
      name: 'websocket',
      args: ['websocket', '--port', '0', '--host', '127.0.0.1'],
      ready: (output) => output().includes('realtime service listening'),
    },
    {
      name: 'scheduler',
      args: ['scheduler'],
      // Logged right before its SIGTERM handler is installed, in the same turn.
      ready: (output) => output().includes('scheduler started'),
    },
  ];

  for (const service of services) {
    it(`${service.name} exits 0 on SIGTERM within the bound`, async (test) => {
      redis.resume();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', cli, '--sites-path', t.bench.sitesPath, ...service.args],
        {
          env: { ...process.env, LOG_LEVEL: 'info', CORTADO_HEALTH_DIR: dir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      const exit = exited(child);
      await until(() => service.ready(() => output), `${service.name} running`, { timeoutMs: 30_000 });
      redis.pause();
      const stopped = performance.now();
      child.kill('SIGTERM');
      const result = await exit;
      const ms = performance.now() - stopped;
      assert.equal(result.code, 0, `${result.signal ?? ''} ${result.output.slice(-2000)}`);
      assert.ok(ms < boundMs, `stopped only after ${Math.round(ms)} ms`);
      test.diagnostic(`stopped ${Math.round(ms)} ms after SIGTERM`);
    });
  }
});
