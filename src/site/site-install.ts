import { writeAuthHash } from '../auth/auth-table.ts';
import { hashPassword } from '../auth/password.ts';
import { insertDocRow, quoter } from '../auth/sql.ts';
import { addRoles, createUser } from '../auth/users.ts';
import { installCoreSchema, type ProgressListener } from '../core/doctypes/index.ts';
import type { Database, Queryable } from '../db/database.ts';

/** The roles every site has (Frappe's standard roles), with whether they open the desk. */
export const standardRoles: ReadonlyArray<{ name: string; deskAccess: boolean }> = [
  { name: 'Administrator', deskAccess: true },
  { name: 'System Manager', deskAccess: true },
  { name: 'All', deskAccess: false },
  { name: 'Guest', deskAccess: false },
  { name: 'Desk User', deskAccess: true },
];

/**
 * Installs a site's database: the core schema, the standard roles, and the users Administrator (with
 * `adminPassword`) and Guest. Idempotent: running it again adds only what is missing and sets the
 * Administrator password to `adminPassword`.
 *
 * @example await installSite(db, { adminPassword: 'admin' }, (step, done, total) => bar.update(done, { step }));
 */
export async function installSite(
  db: Database,
  options: { adminPassword: string },
  onProgress?: ProgressListener,
): Promise<void> {
  const extraSteps = 2;
  let schemaTotal = 0;
  await installCoreSchema(db, (step, done, total) => {
    schemaTotal = total;
    onProgress?.(step, done, total + extraSteps);
  });
  const total = schemaTotal + extraSteps;
  // Hash before the transaction: scrypt is slow on purpose and SQLite's writer would wait for it.
  const adminHash = await hashPassword(options.adminPassword);
  await db.transaction(async (tx) => {
    for (const role of standardRoles) {
      if (await exists(tx, 'tabRole', role.name)) continue;
      await insertDocRow(tx, 'Role', {
        name: role.name,
        role_name: role.name,
        desk_access: role.deskAccess ? 1 : 0,
      });
    }
    onProgress?.('standard roles', schemaTotal + 1, total);
    if (await exists(tx, 'tabUser', 'Administrator')) {
      await addRoles(tx, 'Administrator', ['Administrator', 'System Manager', 'All']);
    } else {
      await createUser(tx, {
        name: 'Administrator',
        email: 'admin@example.com',
        firstName: 'Administrator',
        roles: ['Administrator', 'System Manager', 'All'],
        userType: 'System User',
      });
    }
    if (!(await exists(tx, 'tabUser', 'Guest'))) {
      await createUser(tx, {
        name: 'Guest',
        email: 'guest@example.com',
        firstName: 'Guest',
        roles: ['Guest'],
        userType: 'Website User',
      });
    }
    await writeAuthHash(tx, 'User', 'Administrator', 'password', adminHash);
    onProgress?.('standard users', total, total);
  });
}

async function exists(db: Queryable, table: string, name: string): Promise<boolean> {
  const q = quoter(db);
  return (await db.one(`select ${q('name')} from ${q(table)} where ${q('name')} = ?`, [name])) !== undefined;
}
