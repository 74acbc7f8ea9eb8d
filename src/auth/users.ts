import { randomBytes } from 'node:crypto';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { UniqueViolation } from '../db/errors.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { DuplicateEntryError, LinkValidationError, ValidationError } from '../errors/index.ts';
import { apiKeyCache } from './api-key-cache.ts';
import { readAuthHash, writeAuthHash } from './auth-table.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { asUserType, fullNameOf, type Principal, type UserType } from './principal.ts';
import { insertDocRow, quoter, randomName } from './sql.ts';

/** What `createUser` needs. `name` defaults to the email (only Administrator and Guest differ). */
export interface CreateUserOptions {
  email: string;
  firstName: string;
  lastName?: string;
  password?: string;
  roles?: readonly string[];
  userType?: UserType;
  name?: string;
  enabled?: boolean;
}

/** A user as authentication sees it. */
export interface UserRecord extends Principal {
  enabled: boolean;
}

const emailPattern = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,75}$/;

/**
 * Creates a User with its roles (`Has Role` rows) and, when given, its password. Roles must exist.
 *
 * @example await createUser(db, { email: 'jane@example.com', firstName: 'Jane', password: 's3cret', roles: ['System Manager'] });
 */
export async function createUser(db: Database | Transaction, options: CreateUserOptions): Promise<string> {
  const email = options.email.trim().toLowerCase();
  if (!emailPattern.test(email)) throw new ValidationError(`${options.email} is not a valid email address`);
  const name = options.name ?? email;
  const roles = [...new Set(options.roles ?? [])];
  return withTransaction(db, async (tx) => {
    await assertRolesExist(tx, roles);
    try {
      await insertDocRow(tx, 'User', {
        name,
        email,
        first_name: options.firstName,
        last_name: options.lastName ?? null,
        full_name: fullNameOf(options.firstName, options.lastName) || name,
        enabled: options.enabled === false ? 0 : 1,
        user_type: options.userType ?? 'System User',
      });
    } catch (error) {
      if (error instanceof UniqueViolation)
        throw new DuplicateEntryError(`User ${name} already exists`, { cause: error });
      throw error;
    }
    await addRoles(tx, name, roles);
    if (options.password !== undefined)
      await writeAuthHash(tx, 'User', name, 'password', await hashPassword(options.password));
    return name;
  });
}

/** Adds `Has Role` rows for roles the user does not have yet. */
export async function addRoles(db: Queryable, user: string, roles: readonly string[]): Promise<void> {
  const q = quoter(db);
  const existing = await db.all<{ role: string; idx: number }>(
    `select role, idx from ${q('tabHas Role')} where parent = ? and parenttype = 'User' and parentfield = 'roles'`,
    [user],
  );
  const have = new Set(existing.map((r) => r.role));
  let idx = existing.reduce((max, r) => Math.max(max, Number(r.idx) || 0), 0);
  for (const role of roles) {
    if (have.has(role)) continue;
    idx += 1;
    await insertDocRow(db, 'Has Role', {
      name: randomName(),
      idx,
      parent: user,
      parentfield: 'roles',
      parenttype: 'User',
      role,
    });
  }
}

/** Sets (or replaces) a user's password. */
export async function setPassword(db: Database | Transaction, user: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await withTransaction(db, (tx) => writeAuthHash(tx, 'User', user, 'password', hash));
}

/** True when `password` is the user's password. Costs the same time when the user has none. */
export async function checkPassword(db: Queryable, user: string, password: string): Promise<boolean> {
  return verifyPassword(password, await readAuthHash(db, 'User', user, 'password'));
}

/**
 * Gives a user API credentials for `Authorization: token <apiKey>:<apiSecret>`. The key is kept when
 * the user already has one; the secret is new each time, stored only as a salted hash (scrypt), and returned once.
 */
export async function generateApiKeys(
  db: Database | Transaction,
  user: string,
): Promise<{ apiKey: string; apiSecret: string }> {
  const apiSecret = randomBytes(16).toString('hex');
  // Hash before the transaction: scrypt is slow on purpose and SQLite's writer would wait for it.
  const hash = await hashPassword(apiSecret);
  return withTransaction(db, async (tx) => {
    const q = quoter(tx);
    const row = await tx.one<{ api_key: unknown }>(
      `select api_key from ${q('tabUser')} where ${q('name')} = ?`,
      [user],
    );
    if (!row) throw new LinkValidationError(`Could not find User: ${user}`);
    const apiKey =
      typeof row.api_key === 'string' && row.api_key
        ? row.api_key
        : randomBytes(8).toString('hex').slice(0, 15);
    await tx.run(`update ${q('tabUser')} set api_key = ? where ${q('name')} = ?`, [apiKey, user]);
    await writeAuthHash(tx, 'User', user, 'api_secret', hash);
    // The old secret stops at once in this process (now, and again once committed, so a request racing the
    // commit cannot re-remember it); other processes drop it within the cache's TTL.
    apiKeyCache.clear();
    tx.afterCommit(() => apiKeyCache.clear());
    return { apiKey, apiSecret };
  });
}

/** A user by name, or by email (case-insensitive), as login accepts either. */
export async function findUser(db: Queryable, login: string): Promise<UserRecord | undefined> {
  const q = quoter(db);
  const key = login.trim().toLowerCase();
  const row = await db.one(
    `select ${q('name')}, enabled, user_type, first_name, last_name, user_image from ${q('tabUser')} where lower(${q('name')}) = ? or lower(email) = ?`,
    [key, key],
  );
  return row ? toUserRecord(row) : undefined;
}

/** A user by exact name. */
export async function getUser(db: Queryable, name: string): Promise<UserRecord | undefined> {
  const q = quoter(db);
  const row = await db.one(
    `select ${q('name')}, enabled, user_type, first_name, last_name, user_image from ${q('tabUser')} where ${q('name')} = ?`,
    [name],
  );
  return row ? toUserRecord(row) : undefined;
}

/** Builds a UserRecord from a `tabUser` row (name, enabled, user_type, first_name, last_name, user_image). */
export function toUserRecord(row: Record<string, unknown>): UserRecord {
  const user = String(row.name);
  return {
    user,
    enabled: Number(row.enabled) === 1,
    userType: asUserType(row.user_type),
    fullName: fullNameOf(row.first_name, row.last_name) || user,
    userImage: typeof row.user_image === 'string' ? row.user_image : '',
  };
}

async function assertRolesExist(db: Queryable, roles: readonly string[]): Promise<void> {
  const q = quoter(db);
  for (const role of roles) {
    const found = await db.one(`select ${q('name')} from ${q('tabRole')} where ${q('name')} = ?`, [role]);
    if (!found) throw new LinkValidationError(`Could not find Role: ${role}`);
  }
}
