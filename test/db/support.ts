// Throwaway databases for the db conformance suites: a temp SQLite file, or a `cortado_t_<random>` database
// with its own user on the test PostgreSQL/MariaDB server (created through provisioning, dropped after).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createServerDatabase,
  type Database,
  dropServerDatabase,
  type OpenOptions,
  openDatabase,
  type ServerAdmin,
} from '../../src/db/index.ts';
import { type DbKind, mariadbUrl, postgresUrl } from '../support/services.ts';

/** The test server's administrator, from TEST_POSTGRES_URL / TEST_MARIADB_URL. */
export function serverAdmin(kind: 'postgres' | 'mariadb'): ServerAdmin {
  const raw = kind === 'postgres' ? postgresUrl : mariadbUrl;
  if (!raw) throw new Error(`no test URL for ${kind}`);
  const url = new URL(raw);
  return {
    type: kind,
    host: url.hostname,
    port: Number(url.port) || (kind === 'postgres' ? 5432 : 3306),
    rootUser: decodeURIComponent(url.username) || (kind === 'postgres' ? 'postgres' : 'root'),
    rootPassword: decodeURIComponent(url.password) || undefined,
  };
}

/** A fresh, unique name for a throwaway database (also its user). */
export function throwawayName(): string {
  return `cortado_t_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  db: Database;
  options: OpenOptions;
  /** Opens another handle on the same database (another process, as far as the database can tell). */
  reopen(): Database;
  drop(): Promise<void>;
}

/** Creates a throwaway database of `kind`, connected as its own (non-root) user. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  let options: OpenOptions;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-db-'));
    options = { type: 'sqlite', file: join(dir, 'site.db') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = serverAdmin(kind);
    const name = throwawayName();
    const password = randomBytes(12).toString('hex');
    await createServerDatabase({ ...admin, dbName: name, dbUser: name, dbPassword: password });
    options = { type: kind, host: admin.host, port: admin.port, database: name, user: name, password };
    cleanup = () => dropServerDatabase({ ...admin, dbName: name, dbUser: name });
  }
  const handles: Database[] = [];
  const reopen = () => {
    const db = openDatabase(options);
    handles.push(db);
    return db;
  };
  const db = reopen();
  return {
    db,
    options,
    reopen,
    drop: async () => {
      for (const handle of handles) await handle.close();
      await cleanup();
    },
  };
}

/** Runs `fn` with a throwaway database, dropping it afterwards whatever happens. */
export async function withTestDatabase<T>(kind: DbKind, fn: (t: TestDatabase) => Promise<T>): Promise<T> {
  const t = await createTestDatabase(kind);
  try {
    return await fn(t);
  } finally {
    await t.drop();
  }
}
