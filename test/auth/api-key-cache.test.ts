import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeyCache, apiKeyCacheTtlMs } from '../../src/auth/api-key-cache.ts';
import { resolveApiKey } from '../../src/auth/api-keys.ts';
import { writeAuthHash } from '../../src/auth/auth-table.ts';
import { hashPassword } from '../../src/auth/password.ts';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: the API key cache`, () => {
    let t: BackendSite;
    before(async () => {
      t = await createBackendSite(kind, { methods: testMethods() });
      await createUser(t.db, { email: 'cached@example.com', firstName: 'Cached', roles: ['System Manager'] });
    });
    after(() => t.close());

    const who = (authorization: string) =>
      t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { host: testSite, authorization },
      });

    it('stops a regenerated secret at once in the process that regenerated it', async () => {
      const first = await generateApiKeys(t.db, 'cached@example.com');
      const old = `token ${first.apiKey}:${first.apiSecret}`;
      assert.equal((await who(old)).statusCode, 200);
      assert.equal((await who(old)).statusCode, 200, 'answered from the cache');
      const second = await generateApiKeys(t.db, 'cached@example.com');
      assert.equal(second.apiKey, first.apiKey);
      assert.equal((await who(old)).statusCode, 401);
      assert.equal((await who(`token ${second.apiKey}:${second.apiSecret}`)).statusCode, 200);
    });

    it('never answers a wrong secret from the cache', async () => {
      const keys = await generateApiKeys(t.db, 'cached@example.com');
      assert.equal((await who(`token ${keys.apiKey}:${keys.apiSecret}`)).statusCode, 200);
      assert.equal((await who(`token ${keys.apiKey}:${keys.apiSecret}x`)).statusCode, 401);
      // Same length, one character off (first, last), and a prefix of it.
      const s = keys.apiSecret;
      const flip = (c: string) => (c === 'a' ? 'b' : 'a');
      for (const wrong of [
        `${flip(s[0]!)}${s.slice(1)}`,
        `${s.slice(0, -1)}${flip(s.at(-1)!)}`,
        s.slice(0, -1),
      ])
        assert.equal((await who(`token ${keys.apiKey}:${wrong}`)).statusCode, 401, wrong);
      assert.equal((await who(`token ${keys.apiKey}:${s}`)).statusCode, 200);
    });

    it('stops a secret changed elsewhere (another process) once the TTL has passed', async () => {
      let now = 1_000_000;
      const cache = new ApiKeyCache({ now: () => now });
      const keys = await generateApiKeys(t.db, 'cached@example.com');
      const pair = { key: keys.apiKey, secret: keys.apiSecret };
      assert.equal((await resolveApiKey(t.db, pair, cache))?.user, 'cached@example.com');
      // Another process writes a new secret straight to the database: this cache does not hear of it.
      await writeAuthHash(t.db, 'User', 'cached@example.com', 'api_secret', await hashPassword('replaced'));
      now += apiKeyCacheTtlMs - 1;
      assert.equal((await resolveApiKey(t.db, pair, cache))?.user, 'cached@example.com', 'within the TTL');
      now += 1;
      assert.equal(await resolveApiKey(t.db, pair, cache), undefined, 'after the TTL');
      assert.equal(
        (await resolveApiKey(t.db, { key: keys.apiKey, secret: 'replaced' }, cache))?.user,
        'cached@example.com',
      );
    });
  });
}

describe('ApiKeyCache', () => {
  const principal = { user: 'a@example.com', userType: 'System User' as const, fullName: 'A', userImage: '' };

  it('keeps entries per site handle and evicts the least recently used', () => {
    const cache = new ApiKeyCache({ max: 2 });
    const [siteA, siteB] = [{}, {}];
    cache.set(siteA, 'k1', 's1', 'h1', principal);
    cache.set(siteA, 'k2', 's2', 'h2', principal);
    assert.equal(cache.get(siteB, 'k1', 's1'), undefined, 'another site');
    assert.equal(cache.get(siteA, 'k1', 's1'), principal); // k1 is now the most recent
    cache.set(siteA, 'k3', 's3', 'h3', principal);
    assert.equal(cache.get(siteA, 'k2', 's2'), undefined, 'evicted');
    assert.equal(cache.get(siteA, 'k1', 's1'), principal);
    cache.clear();
    assert.equal(cache.get(siteA, 'k1', 's1'), undefined, 'cleared');
  });

  it('remembers past the TTL which stored hash a secret matched, for that secret only, until cleared', () => {
    let now = 0;
    const cache = new ApiKeyCache({ ttlMs: 10, now: () => now });
    const site = {};
    cache.set(site, 'k', 'secret', 'scrypt$hash', principal);
    now = 11;
    assert.equal(cache.get(site, 'k', 'secret'), undefined, 'expired: the database is asked');
    assert.equal(cache.verifiedHash(site, 'k', 'secret'), 'scrypt$hash');
    assert.equal(cache.verifiedHash(site, 'k', 'secreT'), undefined, 'another secret was never verified');
    cache.clear();
    assert.equal(cache.verifiedHash(site, 'k', 'secret'), undefined, 'cleared');
  });
});
