import type { Logger } from '../config/log.ts';
import type { Database } from './database.ts';
import { MariadbDatabase } from './mariadb/mariadb-database.ts';
import { PostgresDatabase } from './postgres/postgres-database.ts';
import { SqliteDatabase } from './sqlite/sqlite-database.ts';
import type { DbTimeouts } from './timeouts.ts';

/** Where a database lives: a SQLite file, or a database on a PostgreSQL/MariaDB server. */
export type OpenOptions =
  | { type: 'sqlite'; file: string; logger?: Logger }
  | {
      type: 'postgres' | 'mariadb';
      host: string;
      port: number;
      database: string;
      user: string;
      password?: string;
      /** Connections in the pool (default 10). */
      poolSize?: number;
      /** Connect, statement and lock timeouts (default: none). */
      timeouts?: DbTimeouts;
      logger?: Logger;
    };

/**
 * Opens a `Database` of the given type. Server pools connect lazily, on the first query.
 *
 * @example const db = openDatabase({ type: 'sqlite', file: '/tmp/site.db' });
 */
export function openDatabase(options: OpenOptions): Database {
  switch (options.type) {
    case 'sqlite':
      return new SqliteDatabase({ file: options.file, logger: options.logger });
    case 'postgres':
      return new PostgresDatabase({ ...options, max: options.poolSize });
    case 'mariadb':
      return new MariadbDatabase({ ...options, connectionLimit: options.poolSize });
  }
}
