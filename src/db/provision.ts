// Creating, archiving and dropping a site's database on a PostgreSQL or MariaDB server, as the server's
// administrator (new-site, drop-site). Identifiers cannot be bound, so they are validated before use.
import { DbError } from './errors.ts';
import { mariadbProvisioner } from './mariadb/mariadb-provision.ts';
import { postgresProvisioner } from './postgres/postgres-provision.ts';

/** How to reach a database server as its administrator. */
export interface ServerAdmin {
  type: 'postgres' | 'mariadb';
  host: string;
  port: number;
  rootUser: string;
  rootPassword?: string;
}

/** A site's database and the user that owns it. */
export interface ServerDatabaseOptions extends ServerAdmin {
  dbName: string;
  /** Defaults to `dbName` (as Frappe does). */
  dbUser?: string;
  dbPassword: string;
}

/** Where a dropped site's data went. */
export interface ArchiveResult {
  /** The database that now holds the data. */
  database: string;
  /** One line for the operator: where the data is and what to do with it. */
  description: string;
}

/** The server-side operations per database type. */
export interface Provisioner {
  create(options: Required<Omit<ServerDatabaseOptions, 'rootPassword'>> & ServerAdmin): Promise<void>;
  drop(admin: ServerAdmin, dbName: string, dbUser?: string): Promise<void>;
  archive(admin: ServerAdmin, dbName: string, stamp: string): Promise<ArchiveResult>;
  exists(admin: ServerAdmin, dbName: string): Promise<boolean>;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/i;

/** Throws unless `name` is safe to interpolate as a database or user name. */
export function assertServerIdentifier(name: string, what: string): void {
  if (!identifier.test(name)) throw new DbError(`Invalid ${what}: ${JSON.stringify(name)}`);
}

function provisioner(type: ServerAdmin['type']): Provisioner {
  return type === 'postgres' ? postgresProvisioner : mariadbProvisioner;
}

/**
 * Creates a site's database and its user (with the password), the user owning / having all privileges on it.
 * Postgres: a LOGIN role and a database owned by it. MariaDB: a utf8mb4 database, a user at '%' and at
 * 'localhost', granted everything on it. Throws `DatabaseExistsError` when the database exists.
 *
 * @example await createServerDatabase({ type: 'mariadb', host: 'db', port: 3306, rootUser: 'root',
 *   rootPassword: 'admin', dbName: '_a1b2', dbPassword: 'secret' });
 */
export async function createServerDatabase(options: ServerDatabaseOptions): Promise<void> {
  const dbUser = options.dbUser ?? options.dbName;
  assertServerIdentifier(options.dbName, 'database name');
  assertServerIdentifier(dbUser, 'database user');
  await provisioner(options.type).create({ ...options, dbUser });
}

/** Drops a site's database (and its user, when named), if they exist. For tests and cleanup. */
export async function dropServerDatabase(
  admin: ServerAdmin & { dbName: string; dbUser?: string },
): Promise<void> {
  assertServerIdentifier(admin.dbName, 'database name');
  if (admin.dbUser) assertServerIdentifier(admin.dbUser, 'database user');
  await provisioner(admin.type).drop(admin, admin.dbName, admin.dbUser);
}

/**
 * Keeps a dropped site's data (drop-site). Postgres renames the database to
 * `<name>_archived_<yyyymmddhhmmss>`; MariaDB cannot rename a database, so it stays where it is and the
 * description says so.
 */
export async function archiveServerDatabase(
  admin: ServerAdmin & { dbName: string },
  now: Date = new Date(),
): Promise<ArchiveResult> {
  assertServerIdentifier(admin.dbName, 'database name');
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return provisioner(admin.type).archive(admin, admin.dbName, stamp);
}

/** Whether the server has a database of that name. */
export async function databaseExists(admin: ServerAdmin & { dbName: string }): Promise<boolean> {
  assertServerIdentifier(admin.dbName, 'database name');
  return provisioner(admin.type).exists(admin, admin.dbName);
}
