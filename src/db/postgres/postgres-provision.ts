import pg from 'pg';
import { DatabaseExistsError } from '../errors.ts';
import type { Provisioner, ServerAdmin } from '../provision.ts';
import { wrapPostgresError } from './postgres-errors.ts';

async function asAdmin<T>(admin: ServerAdmin, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: admin.host,
    port: admin.port,
    user: admin.rootUser,
    password: admin.rootPassword,
    database: 'postgres',
  });
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw wrapPostgresError(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function exists(client: pg.Client, dbName: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount !== 0;
}

// Other sessions on a database block renaming or dropping it.
async function disconnectAll(client: pg.Client, dbName: string): Promise<void> {
  await client.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [dbName],
  );
}

/** PostgreSQL: a LOGIN role per site owning the site's database. Names are validated by the caller. */
export const postgresProvisioner: Provisioner = {
  create: (o) =>
    asAdmin(o, async (client) => {
      if (await exists(client, o.dbName)) throw new DatabaseExistsError(o.dbName);
      const user = client.escapeIdentifier(o.dbUser);
      const password = client.escapeLiteral(o.dbPassword);
      const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [o.dbUser]);
      await client.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${user} LOGIN PASSWORD ${password}`);
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(o.dbName)} OWNER ${user} ENCODING 'UTF8'`,
      );
    }),

  drop: (admin, dbName, dbUser) =>
    asAdmin(admin, async (client) => {
      if (await exists(client, dbName)) {
        await disconnectAll(client, dbName);
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(dbName)}`);
      }
      if (dbUser) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(dbUser)}`);
    }),

  archive: (admin, dbName, stamp) =>
    asAdmin(admin, async (client) => {
      // Postgres names are at most 63 bytes: keep the stamp whole, shorten the original name if needed.
      const archived = `${dbName.slice(0, 63 - '_archived_'.length - stamp.length)}_archived_${stamp}`;
      await disconnectAll(client, dbName);
      await client.query(
        `ALTER DATABASE ${client.escapeIdentifier(dbName)} RENAME TO ${client.escapeIdentifier(archived)}`,
      );
      return {
        database: archived,
        description: `Database ${dbName} renamed to ${archived} on ${admin.host}`,
      };
    }),

  exists: (admin, dbName) => asAdmin(admin, (client) => exists(client, dbName)),
};
