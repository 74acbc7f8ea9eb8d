// API-key authentication cost: a cache hit (the hot path); an expired entry looked up again (indexed query, the
// stored hash unchanged, so no scrypt); a first sight of a pair (query + scrypt check); and a burst of concurrent
// first sights of one key through the throttled sign-in (sharing one check, counted once). SQLite in a temp folder.
// Run: `npx tsx bench/auth/api-key.ts`. Environment: BENCH_HITS (default 200000), BENCH_MISSES (20).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyCache, apiKeyCache } from '../../src/auth/api-key-cache.ts';
import { cachedApiKey, resolveApiKey } from '../../src/auth/api-keys.ts';
import { LoginRateLimiter } from '../../src/auth/login-rate-limit.ts';
import { signInWithToken } from '../../src/auth/token-sign-in.ts';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { openDatabase } from '../../src/db/index.ts';
import { installSite } from '../../src/site/site-install.ts';

const HITS = Number(process.env.BENCH_HITS ?? 200_000);
const MISSES = Number(process.env.BENCH_MISSES ?? 20);

const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-auth-'));
const limits = new MemoryCache({ sweepIntervalMs: 0 });
const db = openDatabase({ type: 'sqlite', file: join(dir, 'site.db') });
try {
  await installSite(db, { adminPassword: 'bench-Pa55' });
  await createUser(db, { email: 'bot@example.com', firstName: 'Bot', roles: ['System Manager'] });
  const keys = await generateApiKeys(db, 'bot@example.com');
  const pair = { key: keys.apiKey, secret: keys.apiSecret };

  const cache = new ApiKeyCache({ ttlMs: 3_600_000 });
  await resolveApiKey(db, pair, cache);
  let start = process.hrtime.bigint();
  for (let i = 0; i < HITS; i++) if (!cachedApiKey(db, pair, cache)) throw new Error('miss');
  const hitNs = Number(process.hrtime.bigint() - start) / HITS;

  const expiring = new ApiKeyCache({ ttlMs: 0 });
  await resolveApiKey(db, pair, expiring);
  start = process.hrtime.bigint();
  for (let i = 0; i < MISSES * 50; i++) if (!(await resolveApiKey(db, pair, expiring))) throw new Error('no');
  const revalidateMs = Number(process.hrtime.bigint() - start) / (MISSES * 50) / 1e6;

  start = process.hrtime.bigint();
  for (let i = 0; i < MISSES; i++)
    if (!(await resolveApiKey(db, pair, new ApiKeyCache()))) throw new Error('no');
  const missMs = Number(process.hrtime.bigint() - start) / MISSES / 1e6;

  start = process.hrtime.bigint();
  apiKeyCache.clear();
  const throttle = { limiter: new LoginRateLimiter(limits), site: 'bench', ip: '127.0.0.1', limit: 10 };
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      if (!(await signInWithToken(db, pair, throttle))) throw new Error('no');
    }),
  );
  const burstMs = Number(process.hrtime.bigint() - start) / 1e6;

  console.log(`cache hit:                      ${hitNs.toFixed(0)} ns`);
  console.log(`expired, same stored hash:      ${revalidateMs.toFixed(2)} ms`);
  console.log(`first sight (query + scrypt):   ${missMs.toFixed(1)} ms`);
  console.log(`100 concurrent misses, one key: ${burstMs.toFixed(1)} ms in all`);
} finally {
  await db.close();
  await limits.close();
  rmSync(dir, { recursive: true, force: true });
}
