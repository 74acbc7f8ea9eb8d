import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// Stored formats are self-describing, so parameters can change without breaking old hashes:
//   scrypt$<logN>$<r>$<p>$<salt base64>$<key base64>   passwords and API secrets (salted, slow on purpose)
//   sha256$<hex>                                        API secrets stored before they were salted: still
//                                                       verified, and rewritten as scrypt when next used

const passwordCost = { logN: 15, r: 8, p: 1 };
const keyLength = 32;
// Verifying against this when a user does not exist keeps the timing of "no such user" and
// "wrong password" alike.
let dummyHash: Promise<string> | undefined;

/** Hashes a password with scrypt and a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const { logN, r, p } = passwordCost;
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r });
  return `scrypt$${logN}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True for a stored hash in the unsalted legacy format (an API secret waiting to be re-hashed). */
export function isLegacyHash(stored: string): boolean {
  return stored.startsWith('sha256$');
}

/**
 * Checks `password` against a stored hash in constant time. Unknown formats and malformed hashes
 * never match. Pass `undefined` as `stored` to spend the same time as a real check and get false.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (stored === undefined) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await dummyHash);
    return false;
  }
  const parts = stored.split('$');
  if (parts[0] === 'sha256' && parts.length === 2) {
    return equal(createHash('sha256').update(password, 'utf8').digest(), Buffer.from(parts[1]!, 'hex'));
  }
  if (parts[0] !== 'scrypt' || parts.length !== 6) return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (
    ![logN, r, p].every(Number.isSafeInteger) ||
    logN < 10 ||
    logN > 20 ||
    r < 1 ||
    r > 32 ||
    p < 1 ||
    p > 16
  ) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const key = await scryptAsync(
    password,
    salt,
    { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r },
    expected.length,
  );
  return equal(key, expected);
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function scryptAsync(
  password: string,
  salt: Buffer,
  options: ScryptOptions,
  length = keyLength,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}
