// Encryption of Password fields at rest (Frappe's `encrypt`/`decrypt` in `frappe/utils/password.py`), with the
// site's `encryption_key`. Cortado writes its own self-describing format; it still reads Frappe's Fernet tokens,
// so secrets of a site migrated from Frappe keep working with the same key.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import type { Bench } from '../config/bench.ts';
import { ValidationError } from '../errors/index.ts';

/** The two operations a document context needs to keep Password fields encrypted. */
export interface FieldCipher {
  /** Plain text → what `__Auth` keeps (`encrypted = 1`). */
  encryptPassword(plain: string): string;
  /** What `__Auth` keeps → plain text; ValidationError when the key does not open it. */
  decryptPassword(stored: string): string;
}

/** 417: the stored secret was encrypted with another key (Frappe's "Encryption key is invalid"). */
export class EncryptionKeyError extends ValidationError {
  static override defaultMessage = 'Encryption key is invalid, please check site_config.json.';
}

// `cortado:v1:<iv>:<ciphertext><tag>`, base64url parts: AES-256-GCM, 96-bit IV, 128-bit tag.
const prefix = 'cortado:v1:';
const aesKeys = new Map<string, Buffer>();

// The AES key of a site key: HKDF-SHA256, so any key text (Cortado's, or a Fernet key from Frappe) is usable.
function aesKey(key: string): Buffer {
  let out = aesKeys.get(key);
  if (!out) {
    out = Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), '', 'cortado field encryption v1', 32));
    aesKeys.set(key, out);
  }
  return out;
}

/**
 * Encrypts `plain` with the site key `key` (AES-256-GCM, a fresh IV each time).
 *
 * @example encryptField(config.encryption_key, 'smtp secret') // 'cortado:v1:…'
 */
export function encryptField(key: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${prefix}${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/**
 * Decrypts what `encryptField` (or Frappe's Fernet `encrypt`) produced with `key`. Throws EncryptionKeyError
 * when the key does not open it, or the text is no encrypted value.
 */
export function decryptField(key: string, stored: string): string {
  if (stored.startsWith(prefix)) {
    const [iv, body] = stored.slice(prefix.length).split(':');
    const data = Buffer.from(body ?? '', 'base64url');
    if (!iv || data.length < 16) throw new EncryptionKeyError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', aesKey(key), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new EncryptionKeyError();
    }
  }
  return decryptFernet(key, stored);
}

// Frappe's format: version 0x80, 8-byte time, 16-byte IV, AES-128-CBC ciphertext, HMAC-SHA256 of all that.
function decryptFernet(key: string, token: string): string {
  const k = Buffer.from(key, 'base64url');
  const data = Buffer.from(token, 'base64url');
  if (k.length !== 32 || data.length < 57 || data[0] !== 0x80) throw new EncryptionKeyError();
  const signed = data.subarray(0, data.length - 32);
  const mac = createHmac('sha256', k.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(mac, data.subarray(data.length - 32))) throw new EncryptionKeyError();
  try {
    const decipher = createDecipheriv('aes-128-cbc', k.subarray(16), signed.subarray(9, 25));
    return Buffer.concat([decipher.update(signed.subarray(25)), decipher.final()]).toString('utf8');
  } catch {
    throw new EncryptionKeyError();
  }
}

/** A cipher over a fixed key. */
export function fieldCipher(key: string): FieldCipher {
  return {
    encryptPassword: (plain) => encryptField(key, plain),
    decryptPassword: (stored) => decryptField(key, stored),
  };
}

/**
 * The cipher of a site. The key comes from `key` (the caller's already-read config) or the site's config; a
 * site without one gets a key generated on first need and written to its `site_config.json` (Frappe's
 * `get_encryption_key`), under a lock file so two processes cannot each write a different key.
 *
 * @example createDocContext({ ..., ...siteFieldCipher(bench, site, config.encryption_key) })
 */
export function siteFieldCipher(bench: Bench, site: string, key?: string | undefined): FieldCipher {
  let resolved = key;
  const current = () => {
    resolved ??= ensureEncryptionKey(bench, site);
    return resolved;
  };
  return {
    encryptPassword: (plain) => encryptField(current(), plain),
    decryptPassword: (stored) => decryptField(current(), stored),
  };
}

/** The site's `encryption_key`, generated and saved first when it has none. */
export function ensureEncryptionKey(bench: Bench, site: string): string {
  const existing = bench.siteConfig(site).encryption_key;
  if (existing) return existing;
  const lock = `${bench.siteConfigPath(site)}.key-lock`;
  const deadline = Date.now() + 5000;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      fd = undefined;
    }
    if (fd !== undefined) {
      try {
        // Another process may have written a key between our read and the lock.
        const again = bench.siteConfig(site).encryption_key;
        if (again) return again;
        const fresh = randomBytes(32).toString('base64url');
        bench.updateSiteConfig(site, { encryption_key: fresh });
        return fresh;
      } finally {
        closeSync(fd);
        rmSync(lock, { force: true });
      }
    }
    const written = bench.siteConfig(site).encryption_key;
    if (written) return written;
    // A lock left by a crashed process is stale after a few seconds.
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 5000) rmSync(lock, { force: true });
    if (Date.now() > deadline) throw new Error(`could not create an encryption key for ${site}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}
