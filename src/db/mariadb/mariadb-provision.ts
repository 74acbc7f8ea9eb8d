import mysql from 'mysql2/promise';
import { DatabaseExistsError } from '../errors.ts';
import type { Provisioner, ServerAdmin } from '../provision.ts';
import { wrapMariadbError } from './mariadb-errors.ts';

async function asAdmin<T>(admin: ServerAdmin, fn: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection({
      host: admin.host,
      port: admin.port,
      user: admin.rootUser,
      password: admin.rootPassword,
      charset: 'UTF8MB4_UNICODE_CI',
    });
    return await fn(connection);
  } catch (error) {
    throw wrapMariadbError(error);
  } finally {
    await connection?.end().catch(() => {});
  }
}

async function exists(connection: mysql.Connection, dbName: string): Promise<boolean> {
  const [rows] = await connection.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
    dbName,
  ]);
  return (rows as unknown[]).length > 0;
}

// A site's user connects from other containers ('%') and, on a single host, over the socket ('localhost').
const hosts = ['%', 'localhost'];

/** MariaDB: a utf8mb4 database and a user granted everything on it. Names are validated by the caller. */
export const mariadbProvisioner: Provisioner = {
  create: (o) =>
    asAdmin(o, async (c) => {
      if (await exists(c, o.dbName)) throw new DatabaseExistsError(o.dbName);
      await c.query(`CREATE DATABASE \`${o.dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      for (const host of hosts) {
        // User, host and password are bound (escaped as string literals by the driver).
        await c.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [o.dbUser, host, o.dbPassword]);
        await c.query('ALTER USER ?@? IDENTIFIED BY ?', [o.dbUser, host, o.dbPassword]);
        await c.query(`GRANT ALL PRIVILEGES ON \`${o.dbName}\`.* TO ?@?`, [o.dbUser, host]);
      }
      await c.query('FLUSH PRIVILEGES');
    }),

  drop: (admin, dbName, dbUser) =>
    asAdmin(admin, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      if (dbUser) for (const host of hosts) await c.query('DROP USER IF EXISTS ?@?', [dbUser, host]);
    }),

  // MariaDB has no RENAME DATABASE: the data stays in place, and the operator is told where.
  archive: async (admin, dbName) => ({
    database: dbName,
    description: `Database ${dbName} left in place on ${admin.host}:${admin.port} (MariaDB cannot rename databases); drop it when no longer needed`,
  }),

  exists: (admin, dbName) => asAdmin(admin, (c) => exists(c, dbName)),
};
