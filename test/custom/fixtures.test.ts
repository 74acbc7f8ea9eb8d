// Customizations as an app's fixtures (Frappe's `fixtures: ['Custom Field', {doctype: 'Property Setter',
// filters}]`): export-fixtures writes them, migrate brings them back (column included) through the Custom Field
// and Property Setter controllers, as a bench's processes run them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinAppPath } from '../../src/apps/builtin-app.ts';
import { InstalledApps, readInstalledAppNames } from '../../src/apps/installed-apps.ts';
import type { LoadedApp } from '../../src/apps/loaded-app.ts';
import { exportFixtures, installApp, migrateApps } from '../../src/apps/site/index.ts';
import { installBuiltinApp } from '../../src/apps/site/install-app.ts';
import type { SiteAppsEnv } from '../../src/apps/site/site-apps-env.ts';
import { wireApps } from '../../src/apps/wire-apps.ts';
import { createModelServices } from '../../src/backend/api/model-services.ts';
import { MethodRegistry } from '../../src/backend/methods.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { createLogger } from '../../src/config/log.ts';
import { JobRegistry } from '../../src/jobs/registry.ts';
import { deleteDoc, insertDoc } from '../../src/model/document/index.ts';
import { asAdmin, columns, testApp } from '../apps/site-apps-support.ts';
import { type TestBench, testBench } from '../backup/support.ts';
import { builtinApp } from '../support/builtin-app.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: customizations as fixtures`, () => {
    let t: TestBench;
    let env: SiteAppsEnv;
    let shop: LoadedApp;
    let cache: MemoryCache;
    let bus: MemoryBus;

    before(async () => {
      t = testBench();
      const site = await t.newSite(kind);
      const builtin = await builtinApp();
      cache = new MemoryCache({ sweepIntervalMs: 0 });
      bus = new MemoryBus({ logger: createLogger('test-bus', 'silent') });
      const model = createModelServices({
        cache,
        bus,
        bench: t.bench,
        pathOf: (fn) => builtin.pathOf(fn),
      });
      const db = t.db(site);
      const metas = model.metas.forSite(site);
      await installBuiltinApp({
        bench: t.bench,
        site,
        db,
        metas,
        controllers: model.controllers,
        apps: [builtin],
        model,
      });
      wireApps(
        [builtin],
        {
          controllers: model.controllers,
          virtualDocTypes: model.virtualDocTypes,
          methods: new MethodRegistry(),
          jobs: new JobRegistry(),
          model: () => model,
          installed: new InstalledApps({ cache, read: () => readInstalledAppNames(db) }),
          bootHooks: [],
        },
        dirname(builtinAppPath),
      );
      shop = testApp(t.root, {
        name: 'shop',
        definition: {
          fixtures: ['Custom Field', { doctype: 'Property Setter', filters: [['doc_type', '=', 'ToDo']] }],
        },
      });
      env = {
        bench: t.bench,
        site,
        db,
        metas,
        controllers: model.controllers,
        apps: [builtin, shop],
      };
      await installApp(env, 'shop');
    });
    after(async () => {
      await cache.close();
      await bus.close();
      await t.close();
    });

    test('export-fixtures writes them and migrate brings them back', async () => {
      await asAdmin(env, async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'Custom Field',
          dt: 'ToDo',
          label: 'Aisle',
          fieldtype: 'Data',
          insert_after: 'status',
        } as never);
        await insertDoc(ctx, {
          doctype: 'Property Setter',
          doctype_or_field: 'DocField',
          doc_type: 'ToDo',
          field_name: 'sender',
          property: 'label',
          value: 'Cashier',
        } as never);
      });
      const files = await exportFixtures(env, shop);
      const [fields, setters] = files.map(
        (f) => JSON.parse(readFileSync(f, 'utf8')) as Array<Record<string, unknown>>,
      );
      assert.deepEqual(
        fields!.map((r) => [r.doctype, r.name, r.insert_after]),
        [['Custom Field', 'ToDo-custom_aisle', 'status']],
      );
      assert.deepEqual(
        setters!.map((r) => [r.name, r.value]),
        [['ToDo-sender-label', 'Cashier']],
      );

      await asAdmin(env, async (ctx) => {
        await deleteDoc(ctx, 'Property Setter', 'ToDo-sender-label');
        await deleteDoc(ctx, 'Custom Field', 'ToDo-custom_aisle');
      });
      shop = {
        ...shop,
        fixtures: [
          { doctype: 'Custom Field', path: files[0]! },
          { doctype: 'Property Setter', path: files[1]! },
        ],
      };
      env = { ...env, apps: [env.apps[0]!, shop] };
      await migrateApps(env);
      const meta = await env.metas.get(env.db, 'ToDo');
      assert.equal(meta.field('custom_aisle')?.is_custom_field, 1);
      assert.equal(meta.field('sender')?.label, 'Cashier');
      assert.ok((await columns(env, 'tabToDo')).includes('custom_aisle'));
    });
  });
}
