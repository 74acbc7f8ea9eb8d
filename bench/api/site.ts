// The benchmark's site: a bench folder, one site on the chosen database, a `Bench Item` DocType and seed rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { Bench } from '../../src/config/bench.ts';
import { coreControllers } from '../../src/core/controllers/index.ts';
import type { Database } from '../../src/db/database.ts';
import { dropServerDatabase, openDatabase, siteOpenOptions } from '../../src/db/index.ts';
import { createDocContext } from '../../src/model/context.ts';
import { insertDoc } from '../../src/model/document/insert.ts';
import { MetaCache } from '../../src/model/meta/meta-cache.ts';
import { createSite } from '../../src/site/create-site.ts';

/** Rows the list and get scenarios read from. */
export const seedRows = 1000;
export const doctype = 'Bench Item';
export const table = 'tabBench Item';
/** The list-20 request every benchmark sends: four columns, one filter, the default sort. */
export const listQuery = new URLSearchParams({
  fields: JSON.stringify(['name', 'title', 'qty', 'status']),
  filters: JSON.stringify([['status', '=', 'Active']]),
  order_by: 'modified desc',
  limit_page_length: '20',
}).toString();

/** A created benchmark site. */
export interface BenchSite {
  kind: 'sqlite' | 'postgres';
  bench: Bench;
  site: string;
  /** `token <key>:<secret>` of a System Manager (not Administrator: role checks are part of the cost). */
  authorization: string;
  /** Site database connection options, for the raw baseline. */
  db: { file?: string; url?: string };
  close(): Promise<void>;
}

/** Creates the site with the DocType, `seedRows` items named `item-<n>` and a System Manager with API keys. */
export async function createBenchSite(kind: 'sqlite' | 'postgres', postgresUrl?: string): Promise<BenchSite> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-bench-api-'));
  const bench = new Bench(join(root, 'sites'));
  const site = `bench-${randomBytes(3).toString('hex')}.test`;
  const server = kind === 'postgres' ? new URL(postgresUrl!) : undefined;
  await createSite(bench, {
    name: site,
    dbType: kind,
    adminPassword: 'bench-admin',
    ...(server && {
      dbHost: server.hostname,
      dbPort: Number(server.port) || 5432,
      rootUser: decodeURIComponent(server.username) || 'postgres',
      rootPassword: decodeURIComponent(server.password),
    }),
  });
  // BENCH_SQLITE_SYNC=normal measures a SQLite site with `sqlite_synchronous: "normal"` (docs/deploy.md).
  if (kind === 'sqlite' && process.env.BENCH_SQLITE_SYNC === 'normal')
    bench.updateSiteConfig(site, { sqlite_synchronous: 'normal' });
  const config = bench.siteConfig(site);
  const database = openDatabase(siteOpenOptions(config, bench.sitePath(site)));
  try {
    await seed(database, site);
    await createUser(database, { email: 'bench@example.com', firstName: 'Bench', roles: ['System Manager'] });
    const keys = await generateApiKeys(database, 'bench@example.com');
    const url = server
      ? `postgres://${encodeURIComponent(config.db_name!)}:${encodeURIComponent(config.db_password!)}@${server.hostname}:${server.port || 5432}/${config.db_name}`
      : undefined;
    return {
      kind,
      bench,
      site,
      authorization: `token ${keys.apiKey}:${keys.apiSecret}`,
      db: url ? { url } : { file: join(bench.sitePath(site), config.db_file ?? 'site.db') },
      async close() {
        if (server) {
          await dropServerDatabase({
            type: 'postgres',
            host: server.hostname,
            port: Number(server.port) || 5432,
            rootUser: decodeURIComponent(server.username) || 'postgres',
            rootPassword: decodeURIComponent(server.password),
            dbName: config.db_name!,
            dbUser: config.db_name!,
          });
        }
        rmSync(root, { recursive: true, force: true });
      },
    };
  } finally {
    await database.close();
  }
}

async function seed(database: Database, site: string): Promise<void> {
  const metas = new MetaCache({ site });
  const controllers = coreControllers();
  const ctx = (db: Parameters<typeof createDocContext>[0]['db']) =>
    createDocContext({ site, db, user: 'Administrator', metas, controllers });
  await database.transaction((tx) =>
    insertDoc(ctx(tx), {
      doctype: 'DocType',
      name: doctype,
      module: 'Custom',
      autoname: 'field:title',
      fields: [
        { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
        { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
        { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Draft\nActive\nRetired' },
        { fieldname: 'notes', fieldtype: 'Small Text', label: 'Notes' },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    }),
  );
  await database.transaction(async (tx) => {
    for (let i = 1; i <= seedRows; i++) {
      const status = ['Draft', 'Active', 'Retired'][i % 3];
      await insertDoc(ctx(tx), { doctype, title: `item-${i}`, qty: i, status, notes: `seed row ${i}` });
    }
  });
}
