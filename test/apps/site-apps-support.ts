// A bench with a real site and an app built as the loader would build it (a LoadedApp made directly, its files
// written where the app layout puts them), for the suites of installing, migrating and removing apps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../src/apps/app-context.ts';
import type { AppDefinition } from '../../src/apps/define-app.ts';
import type { AppDocType, AppPatch, LoadedApp } from '../../src/apps/loaded-app.ts';
import { asAdministrator, type SiteAppsEnv } from '../../src/apps/site/site-apps-env.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { coreControllers } from '../../src/core/controllers/index.ts';
import type { DocTypeMeta } from '../../src/db/meta.ts';
import { schemaAdapter } from '../../src/db/schema/index.ts';
import type { DocContext } from '../../src/model/context.ts';
import { MetaCache } from '../../src/model/meta/meta-cache.ts';
import { scrub } from '../../src/model/meta/scrub.ts';
import type { TestBench } from '../backup/support.ts';

/** What a test app is made of. */
export interface TestAppSpec {
  name: string;
  version?: string;
  modules?: string[];
  doctypes?: Array<Omit<DocTypeMeta, 'module' | 'doctype'> & { module?: string }>;
  patches?: Array<{ path: string; section?: AppPatch['section']; execute(ctx: AppContext): unknown }>;
  fixtures?: Record<string, unknown[]>;
  functions?: Record<string, (...args: never[]) => unknown>;
  definition?: Partial<AppDefinition>;
}

/** Writes the app's folder under `<bench>/apps/<name>` and returns it as the loader would. */
export function testApp(root: string, spec: TestAppSpec): LoadedApp {
  const path = join(root, 'apps', spec.name);
  const packagePath = join(path, spec.name);
  const modules = spec.modules ?? ['Library'];
  mkdirSync(packagePath, { recursive: true });
  const doctypes: AppDocType[] = (spec.doctypes ?? []).map((d) => {
    const module = d.module ?? modules[0]!;
    const folder = join(packagePath, scrub(module), 'doctype', scrub(String(d.name)));
    mkdirSync(folder, { recursive: true });
    const meta = { doctype: 'DocType', ...d, module, custom: 0 } as unknown as DocTypeMeta;
    const jsonPath = join(folder, `${scrub(String(d.name))}.json`);
    writeFileSync(jsonPath, JSON.stringify(meta, null, 1));
    return { meta, jsonPath, controllerPath: undefined, controller: undefined };
  });
  const fixtures = Object.entries(spec.fixtures ?? {}).map(([doctype, records]) => {
    const folder = join(packagePath, 'fixtures');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${scrub(doctype)}.json`);
    writeFileSync(file, JSON.stringify(records, null, 1));
    return { doctype, path: file };
  });
  const functions = new Map(Object.entries(spec.functions ?? {}));
  return {
    name: spec.name,
    version: spec.version ?? '1.0.0',
    path,
    packagePath,
    definition: { name: spec.name, modules, ...spec.definition },
    modules: new Map(modules.map((m) => [m, scrub(m)])),
    doctypes,
    patches: (spec.patches ?? []).map((p) => ({ section: 'post_model_sync', ...p })),
    fixtures,
    functions,
    pathOf: (fn) => [...functions].find(([, f]) => f === fn)?.[0],
  };
}

/** The environment of the site's app commands, with its own meta cache. */
export function siteEnv(t: TestBench, site: string, apps: LoadedApp[]): SiteAppsEnv {
  return {
    bench: t.bench,
    site,
    db: t.db(site),
    metas: new MetaCache({ site, cache: new MemoryCache() }),
    controllers: coreControllers(),
    apps,
  };
}

/** Runs `fn` as Administrator on the site through the same engine and metas the commands use. */
export function asAdmin<T>(env: SiteAppsEnv, fn: (dctx: DocContext) => Promise<T>): Promise<T> {
  return asAdministrator(env, (_actx, dctx) => fn(dctx));
}

/** Row count of a table, or undefined when the table does not exist. */
export async function rowCount(env: SiteAppsEnv, table: string): Promise<number | undefined> {
  if (!(await schemaAdapter(env.db.dialect.type).describe(env.db, table))) return undefined;
  const q = env.db.dialect.quote;
  return Number((await env.db.one<{ n: unknown }>(`SELECT COUNT(*) AS ${q('n')} FROM ${q(table)}`))?.n);
}

/** The columns of a table. */
export async function columns(env: SiteAppsEnv, table: string): Promise<string[]> {
  const info = await schemaAdapter(env.db.dialect.type).describe(env.db, table);
  return [...(info?.columns.keys() ?? [])];
}
