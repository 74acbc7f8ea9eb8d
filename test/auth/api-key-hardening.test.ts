import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { ApiKeyCache, apiKeyCache, apiKeyCacheTtlMs } from '../../src/auth/api-key-cache.ts';
import { cachedApiKey, resolveApiKey } from '../../src/auth/api-keys.ts';
import { writeAuthHash } from '../../src/auth/auth-table.ts';
import { LoginRateLimiter } from '../../src/auth/login-rate-limit.ts';
import { signInWithToken } from '../../src/auth/token-sign-in.ts';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

const host = testSite;
const scrypt = /^scrypt\$/;

for (const kind of databases) {
  describe(`${kind}: API keys: throttled, salted, strong`, () => {
    let t: BackendSite;
    let admin: string;
    let n = 0;
    before(async () => {
      t = await createBackendSite(kind, { siteConfig: { rate_limit_login: 3 } });
      admin = await login(t.app);
    });
    after(() => t.close());

    const newBot = async () => {
      const user = `bot${++n}@example.com`;
      await createUser(t.db, { email: user, firstName: 'Bot', roles: ['System Manager'] });
      return { user, ...(await generateApiKeys(t.db, user)) };
    };
    const who = (authorization: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
      t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host, authorization, ...headers },
        remoteAddress,
      });
    const storedSecret = async (user: string) => {
      const q = t.db.dialect.quote;
      const row = await t.db.one<{ password: string }>(
        `select ${q('password')} from ${q('__Auth')} where doctype = 'User' and ${q('name')} = ? and fieldname = 'api_secret'`,
        [user],
      );
      return row?.password;
    };
    const forgetFailures = () => t.cache.delPrefix(`${host}|token-failures|`);

    it('throttles failed token requests per key, from any address, with Frappe’s 429 envelope', async () => {
      const bot = await newBot();
      try {
        for (let i = 0; i < 3; i++) {
          const wrong = await who(`token ${bot.apiKey}:${'f'.repeat(32)}`, {
            'x-forwarded-for': `198.51.100.${i}`,
          });
          assert.equal(wrong.statusCode, 401);
        }
        const limited = await who(`token ${bot.apiKey}:${bot.apiSecret}`, {
          'x-forwarded-for': '198.51.100.77',
        });
        assert.equal(
          limited.statusCode,
          429,
          'even the right secret, from a new address, once over the limit',
        );
        assert.equal(limited.json().exc_type, 'RateLimitExceededError');
        assert.match(limited.json().exception, /RateLimitExceededError/);
      } finally {
        await forgetFailures();
      }
      assert.equal((await who(`token ${bot.apiKey}:${bot.apiSecret}`)).statusCode, 200);
    });

    it('throttles failed tokens at the websocket handshake too (per key: its peer is the router)', async () => {
      const bot = await newBot();
      const resolve = (secret: string) =>
        t.app.backend.resolveCredentials(host, { token: `${bot.apiKey}:${secret}` });
      try {
        for (let i = 0; i < 10; i++) assert.equal(await resolve('f'.repeat(32)), undefined);
        assert.equal(
          await resolve(bot.apiSecret),
          undefined,
          'the right secret is refused once over the limit',
        );
      } finally {
        await forgetFailures();
      }
      assert.equal((await resolve(bot.apiSecret))?.user, bot.user);
    });

    it('throttles one address trying many keys (five times the per-key limit)', async () => {
      try {
        for (let i = 0; i < 15; i++)
          assert.equal((await who(`token nokey${i}:${'0'.repeat(32)}`, {}, '10.8.8.8')).statusCode, 401);
        assert.equal((await who(`token nokey-last:${'0'.repeat(32)}`, {}, '10.8.8.8')).statusCode, 429);
      } finally {
        await forgetFailures();
      }
    });

    it('stores generated secrets salted (scrypt), never the same hash twice', async () => {
      const [a, b] = [await newBot(), await newBot()];
      const [ha, hb] = [await storedSecret(a.user), await storedSecret(b.user)];
      assert.match(ha!, scrypt);
      assert.match(hb!, scrypt);
      assert.ok(!ha!.includes(a.apiSecret));
    });

    it('refuses a weak api_secret set through the User document, and keeps the old one working', async () => {
      const bot = await newBot();
      for (const weak of ['1234', 'a'.repeat(40), 'short-but-mixed-9Xz']) {
        const refused = await t.app.inject({
          method: 'PUT',
          url: `/api/resource/User/${bot.user}`,
          headers: { host, cookie: `sid=${admin}` },
          payload: { api_secret: weak },
        });
        assert.equal(refused.statusCode, 417, weak);
        assert.equal(refused.json().exc_type, 'ValidationError');
        assert.equal((await who(`token ${bot.apiKey}:${weak}`)).statusCode, 401);
      }
      await forgetFailures(); // three wrong secrets: the key's limit
      assert.equal((await who(`token ${bot.apiKey}:${bot.apiSecret}`)).statusCode, 200);
      const strong = 'Zq7-4vR9kLm2Xw8sTb5nHc3yPd6Gf1Je';
      const set = await t.app.inject({
        method: 'PUT',
        url: `/api/resource/User/${bot.user}`,
        headers: { host, cookie: `sid=${admin}` },
        payload: { api_secret: strong },
      });
      assert.equal(set.statusCode, 200, set.body);
      assert.match((await storedSecret(bot.user))!, scrypt);
      assert.equal((await who(`token ${bot.apiKey}:${strong}`)).statusCode, 200);
      assert.equal(
        (await who(`token ${bot.apiKey}:${bot.apiSecret}`)).statusCode,
        401,
        'the old secret stopped',
      );
      await forgetFailures();
    });

    it('keeps a secret stored unsalted (sha256) working and stores it as scrypt on first use', async () => {
      const bot = await newBot();
      const legacy = `sha256$${createHash('sha256').update(bot.apiSecret).digest('hex')}`;
      await t.db.transaction((tx) => writeAuthHash(tx, 'User', bot.user, 'api_secret', legacy));
      const pair = { key: bot.apiKey, secret: bot.apiSecret };
      assert.equal((await resolveApiKey(t.db, pair, new ApiKeyCache()))?.user, bot.user);
      const now = await storedSecret(bot.user);
      assert.match(now!, scrypt);
      assert.equal(
        (await resolveApiKey(t.db, pair, new ApiKeyCache()))?.user,
        bot.user,
        'still the same secret',
      );
      assert.equal(await resolveApiKey(t.db, { ...pair, secret: 'f'.repeat(32) }), undefined);
    });

    it('lets requests that miss the cache together share one check, counted once on the key', async () => {
      const bot = await newBot();
      const pair = { key: bot.apiKey, secret: bot.apiSecret };
      const throttle = { limiter: new LoginRateLimiter(t.cache), site: host, ip: '127.0.0.1', limit: 1 };
      const burst = await Promise.all(Array.from({ length: 8 }, () => signInWithToken(t.db, pair, throttle)));
      assert.deepEqual(
        burst.map((p) => p?.user),
        Array(8).fill(bot.user),
      );
    });

    // A burst of one valid token right after start (nothing cached), far more requests than the limit (3).
    const readOwnUser = (bot: { user: string; apiKey: string; apiSecret: string }) =>
      t.app.inject({
        url: `/api/resource/User/${encodeURIComponent(bot.user)}`,
        headers: { host, authorization: `token ${bot.apiKey}:${bot.apiSecret}` },
      });

    it('answers concurrent first uses of a valid token all 200, never 429', async () => {
      const bot = await newBot();
      const answers = await Promise.all(Array.from({ length: 32 }, () => readOwnUser(bot)));
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        Array(32).fill(200),
        answers.find((a) => a.statusCode !== 200)?.body,
      );
      assert.equal(answers[0]!.json().data.name, bot.user);
    });

    it('answers concurrent uses of a valid token all 200 when its cache entry has expired', async () => {
      const bot = await newBot();
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        assert.equal((await readOwnUser(bot)).statusCode, 200);
        mock.timers.tick(apiKeyCacheTtlMs + 1);
        const pair = { key: bot.apiKey, secret: bot.apiSecret };
        assert.equal(cachedApiKey(t.db, pair, apiKeyCache), undefined, 'the entry expired');
        const answers = await Promise.all(Array.from({ length: 32 }, () => readOwnUser(bot)));
        assert.deepEqual(
          answers.map((a) => a.statusCode),
          Array(32).fill(200),
          answers.find((a) => a.statusCode !== 200)?.body,
        );
      } finally {
        mock.timers.reset();
      }
    });

    it('still throttles many wrong secrets for one key sent at once, and then the right one', async () => {
      const bot = await newBot();
      try {
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            who(`token ${bot.apiKey}:${String(i).padStart(32, 'f')}`, {}, `10.9.9.${i}`),
          ),
        );
        const codes = answers.map((a) => a.statusCode);
        assert.equal(codes.filter((c) => c === 401).length, 3, `only the limit is checked: ${codes}`);
        assert.equal(codes.filter((c) => c === 429).length, 9);
        assert.equal((await readOwnUser(bot)).statusCode, 429, 'the key stays locked for its window');
      } finally {
        await forgetFailures();
      }
      assert.equal((await readOwnUser(bot)).statusCode, 200);
    });
  });
}
