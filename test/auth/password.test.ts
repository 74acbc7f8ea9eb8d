import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, isLegacyHash, verifyPassword } from '../../src/auth/password.ts';

describe('password hashing', () => {
  it('stores a salted, self-describing scrypt hash that verifies only the right password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    assert.match(first, /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(first, second, 'a random salt makes each hash unique');
    assert.ok(!first.includes('correct horse'));
    assert.equal(await verifyPassword('correct horse', first), true);
    assert.equal(await verifyPassword('correct horsE', first), false);
  });

  it('still verifies API secrets stored unsalted (sha256) before they were salted, and knows them for legacy', async () => {
    const stored = `sha256$${createHash('sha256').update('0123456789abcdef').digest('hex')}`;
    assert.equal(isLegacyHash(stored), true);
    assert.equal(isLegacyHash(await hashPassword('x')), false);
    assert.equal(await verifyPassword('0123456789abcdef', stored), true);
    assert.equal(await verifyPassword('0123456789abcdee', stored), false);
  });

  it('never matches a missing, unknown or malformed hash', async () => {
    assert.equal(await verifyPassword('x', undefined), false);
    assert.equal(await verifyPassword('x', 'x'), false);
    assert.equal(await verifyPassword('x', 'md5$abc'), false);
    assert.equal(await verifyPassword('x', 'scrypt$40$8$1$c2FsdA==$a2V5'), false);
  });
});
