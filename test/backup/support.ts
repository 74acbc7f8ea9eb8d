// A bench with real sites for the backup suites: sites on any database (created as `new-site` does), a
// populated site (a custom DocType with a child table, Password field, naming series, a single, a user and
// files) and a fingerprint of everything a backup must carry over.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteFieldCipher } from '../../src/auth/field-encryption.ts';
import { createUser, setPassword } from '../../src/auth/users.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { Bench } from '../../src/config/bench.ts';
import { coreControllers } from '../../src/core/controllers/index.ts';
import { type Database, dropServerDatabase, openDatabase, siteOpenOptions } from '../../src/db/index.ts';
import { getPassword } from '../../src/model/document/passwords.ts';
import {
  createDocContext,
  type DocContext,
  getDoc,
  getSingle,
  insertDoc,
  MetaCache,
} from '../../src/model/index.ts';
import { createSite } from '../../src/site/create-site.ts';
import { serverAdmin } from '../db/support.ts';
import type { DbKind } from '../support/services.ts';

/** A temporary bench; `close` drops the server databases its sites made and removes the folder. */
export interface TestBench {
  root: string;
  sitesPath: string;
  bench: Bench;
  newSite(kind: DbKind): Promise<string>;
  /** Runs `fn` as Administrator in one transaction on the site's database. */
  as<T>(site: string, fn: (ctx: DocContext) => Promise<T>): Promise<T>;
  db(site: string): Database;
  /** Closes the site's handle and meta cache (after a restore or move replaced what they point at). */
  forget(site: string): Promise<void>;
  close(): Promise<void>;
}

/** Creates a temporary bench (common config pointing at the test servers). */
export function testBench(): TestBench {
  const root = mkdtempSync(join(tmpdir(), 'cortado-backup-'));
  const sitesPath = join(root, 'sites');
  mkdirSync(sitesPath, { recursive: true });
  const bench = new Bench(sitesPath);
  const handles = new Map<string, Database>();
  const db = (site: string) => {
    let handle = handles.get(site);
    if (!handle) {
      handle = openDatabase(siteOpenOptions(bench.siteConfig(site), bench.sitePath(site)));
      handles.set(site, handle);
    }
    return handle;
  };
  const metas = new Map<string, MetaCache>();
  return {
    root,
    sitesPath,
    bench,
    db,
    async newSite(kind) {
      const name = `b${randomBytes(4).toString('hex')}.test`;
      const admin = kind === 'sqlite' ? undefined : serverAdmin(kind);
      await createSite(bench, {
        name,
        dbType: kind,
        adminPassword: 'admin-pw',
        dbHost: admin?.host,
        dbPort: admin?.port,
        rootUser: admin?.rootUser,
        rootPassword: admin?.rootPassword,
      });
      return name;
    },
    as(site, fn) {
      let cache = metas.get(site);
      if (!cache) {
        cache = new MetaCache({ site, cache: new MemoryCache() });
        metas.set(site, cache);
      }
      const m = cache;
      return db(site).transaction((tx) =>
        fn(
          createDocContext({
            site,
            db: tx,
            user: 'Administrator',
            metas: m,
            controllers: coreControllers(),
            ...siteFieldCipher(bench, site),
          }),
        ),
      );
    },
    async forget(site) {
      await handles.get(site)?.close();
      handles.delete(site);
      metas.delete(site);
    },
    async close() {
      for (const handle of handles.values()) await handle.close();
      // Every server database a site points at now (a moved site's too).
      for (const site of bench.listSites()) {
        const config = bench.siteConfig(site);
        if (!config.db_type || config.db_type === 'sqlite') continue;
        const admin = serverAdmin(config.db_type);
        await dropServerDatabase({ ...admin, dbName: config.db_name!, dbUser: config.db_name! });
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The DocTypes `populate` defines. */
export const doctypes = { order: 'Backup Order', line: 'Backup Line', settings: 'Backup Settings' };

/** Fills a site with what a backup must carry: custom DocTypes and documents, secrets, a single, series, files. */
export async function populate(t: TestBench, site: string): Promise<void> {
  await t.as(site, async (ctx) => {
    await insertDoc(ctx, {
      doctype: 'DocType',
      name: doctypes.line,
      module: 'Custom',
      istable: 1,
      fields: [
        { fieldname: 'item', fieldtype: 'Data', label: 'Item' },
        { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
        { fieldname: 'rate', fieldtype: 'Currency', label: 'Rate' },
      ],
    });
    await insertDoc(ctx, {
      doctype: 'DocType',
      name: doctypes.order,
      module: 'Custom',
      autoname: 'naming_series:',
      fields: [
        { fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options: 'ORD-.####' },
        { fieldname: 'customer', fieldtype: 'Data', label: 'Customer' },
        { fieldname: 'notes', fieldtype: 'Text', label: 'Notes' },
        { fieldname: 'api_secret', fieldtype: 'Password', label: 'Secret' },
        { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: doctypes.line },
      ],
    });
    await insertDoc(ctx, {
      doctype: 'DocType',
      name: doctypes.settings,
      module: 'Custom',
      issingle: 1,
      fields: [{ fieldname: 'greeting', fieldtype: 'Data', label: 'Greeting' }],
    });
  });
  await t.as(site, async (ctx) => {
    for (let i = 1; i <= 3; i++) {
      await insertDoc(ctx, {
        doctype: doctypes.order,
        customer: `Customer ${i} — ünïcødé 'quoted'`,
        notes: `line one\nline two \\ backslash ${i}`,
        api_secret: `secret-${i}`,
        lines: [
          { item: `A${i}`, qty: i, rate: 1.5 * i },
          { item: `B${i}`, qty: 10 + i, rate: 0.25 },
        ],
      });
    }
    await insertDoc(ctx, { doctype: 'ToDo', description: 'carry me over' });
    await insertDoc(ctx, { doctype: doctypes.settings, greeting: 'hello from the single' });
  });
  const user = await createUser(t.db(site), {
    email: 'pat@example.com',
    firstName: 'Pat',
    roles: ['System Manager'],
  });
  await setPassword(t.db(site), user, 'pat-pw-1');
  const dir = t.bench.sitePath(site);
  mkdirSync(join(dir, 'public', 'files', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'public', 'files', 'logo.txt'), 'public file\n');
  writeFileSync(
    join(dir, 'public', 'files', 'nested', `${'long-name-'.repeat(12)}.bin`),
    randomBytes(70_000),
  );
  writeFileSync(join(dir, 'private', 'files', 'contract.pdf'), randomBytes(1_234));
}

/** Row counts of every table a backup holds, documents read back through the engine, secrets and files. */
export async function fingerprint(t: TestBench, site: string): Promise<Record<string, unknown>> {
  const db = t.db(site);
  const q = db.dialect.quote;
  const tables = [
    '__Auth',
    'tabSingles',
    'tabSeries',
    'tabDocType',
    'tabDocField',
    'tabUser',
    'tabHas Role',
    'tabToDo',
    `tab${doctypes.order}`,
    `tab${doctypes.line}`,
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM ${q(table)}`);
    counts[table] = Number(row?.n);
  }
  const series = await db.all(
    `SELECT ${q('name')}, ${q('current')} FROM ${q('tabSeries')} ORDER BY ${q('name')}`,
  );
  const docs = await t.as(site, async (ctx) => {
    const names = ['ORD-0001', 'ORD-0002', 'ORD-0003'];
    return {
      orders: await Promise.all(names.map((n) => getDoc(ctx, doctypes.order, n))),
      secrets: await Promise.all(names.map((n) => getPassword(ctx, doctypes.order, n, 'api_secret'))),
      settings: await getSingle(ctx, doctypes.settings),
      user: await getDoc(ctx, 'User', 'pat@example.com'),
    };
  });
  return { counts, series: series.map((r) => [r.name, Number(r.current)]), docs, files: files(t, site) };
}

/** Every file under public/files and private/files with its SHA-1. */
export function files(t: TestBench, site: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const dir = join(t.bench.sitePath(site), rel);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else
        out[path] = createHash('sha1')
          .update(readFileSync(join(dir, entry.name)))
          .digest('hex');
    }
  };
  walk('public/files');
  walk('private/files');
  return out;
}
