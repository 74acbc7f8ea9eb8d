import { randomUUID } from 'node:crypto';
import { createCache } from '../../src/cache/index.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { redisUrl } from '../support/services.ts';
import { runCacheConformance } from './cache-conformance.ts';

let now = 1_700_000_000_000;
runCacheConformance('memory', {
  newCache: () => new MemoryCache({ now: () => now, sweepIntervalMs: 0 }),
  advanceClock: (ms) => {
    now += ms;
  },
});

if (redisUrl) {
  const url = redisUrl;
  // A key space per run and per cache: concurrent runs on the same Redis never see each other's keys.
  const run = `cortado-test|cache|${randomUUID()}|`;
  let n = 0;
  runCacheConformance('redis', {
    newCache: () => createCache({ redisUrl: url, keyPrefix: `${run}${n++}|` }),
  });
}
