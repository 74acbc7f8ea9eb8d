// What a developer-mode reload swaps: everything one generation of the apps registered (controllers, doc
// events, permission hooks, methods and overrides, jobs and scheduled events, boot hooks) leaves the process's
// registries with it, core registrations stay, and a generation that cannot be wired leaves the old one serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InstalledApps } from '../../src/apps/installed-apps.ts';
import { loadApps } from '../../src/apps/load-apps.ts';
import {
  type GenerationTargets,
  swapGeneration,
  wireGeneration,
} from '../../src/apps/reload/app-generation.ts';
import type { ModelServices } from '../../src/backend/api/model-services.ts';
import { MethodRegistry } from '../../src/backend/methods.ts';
import type { BootHook } from '../../src/backend/pages/boot-hooks.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { JobRegistry } from '../../src/jobs/registry.ts';
import { ControllerRegistry } from '../../src/model/controllers/registry.ts';
import { VirtualDocTypes } from '../../src/model/virtual/virtual-doctypes.ts';
import { appFiles, createTempBench, type TempBench } from './support/temp-bench.ts';

const hooks = (extra: string) =>
  `modules: ['Things'],
   // Role: a DocType the built-in app hooks nothing on, so the counts below are core's and shelf's.
  doc_events: { Role: { validate: 'shelf.things.events.tag' } },
   permission_query_conditions: { Role: 'shelf.things.events.condition' },
   override_whitelisted_methods: { 'frappe.ping': 'shelf.things.api.ping' },
   scheduler_events: { daily: ['shelf.things.events.sweep'] },
   boot_session: 'shelf.things.events.boot',${extra}`;

const files = (method: string) => ({
  ...appFiles('shelf', hooks('')),
  'shelf/things/events.ts': `export function tag() {}
export function condition() { return '1=1'; }
export function sweep() {}
export function boot() {}\n`,
  'shelf/things/api.ts': `import { whitelist } from 'cortado';
export const ping = whitelist({}, () => 'pong');
export const ${method} = whitelist({}, () => '${method}');\n`,
});

describe('swapping a generation of apps', () => {
  let t: TempBench;
  let generation = 0;
  const load = () => loadApps(t.bench, { generation: 100_000 + ++generation });

  before(() => {
    t = createTempBench();
  });
  after(() => t.close());

  const targets = (): GenerationTargets & { bootHooks: BootHook[] } => {
    const cache = new MemoryCache();
    const bus = new MemoryBus();
    return {
      controllers: new ControllerRegistry(),
      virtualDocTypes: new VirtualDocTypes(),
      methods: new MethodRegistry(),
      jobs: new JobRegistry(),
      model: () => ({}) as ModelServices,
      installed: new InstalledApps({ cache, bus, read: async () => ['frappe', 'shelf'] }),
      bootHooks: [],
    };
  };

  it("replaces the old generation's registrations by the new one's and keeps core's", async () => {
    t.writeApp('shelf', files('old_answer'));
    const old = await load();
    t.writeApp('shelf', files('new_answer'));
    const next = await load();
    const into = targets();
    const coreHook = () => undefined;
    into.controllers.on('Role', 'validate', coreHook);
    into.methods.whitelist('frappe.ping', {}, () => 'core pong');
    into.jobs.register('frappe.core.task', () => undefined);
    const coreBoot: BootHook = () => undefined;
    into.bootHooks.push(coreBoot);

    const first = wireGeneration(old, into, t.root);
    assert.equal(into.controllers.hooks('Role', 'validate').length, 2);
    assert.ok(into.methods.get('shelf.things.api.old_answer'));
    assert.equal(into.bootHooks.length, 2);

    swapGeneration(first, next, into, t.root);
    assert.deepEqual(into.controllers.hooks('Role', 'validate').length, 2);
    assert.equal(into.controllers.hooks('Role', 'validate')[0], coreHook);
    assert.equal(into.methods.get('shelf.things.api.old_answer'), undefined);
    assert.ok(into.methods.get('shelf.things.api.new_answer'));
    assert.ok(into.methods.get('frappe.ping'));
    assert.ok(into.controllers.permissions.limitsLists('Role'));
    // The core's registration stays beside the apps' (the built-in app's exported functions are jobs too).
    assert.ok(into.jobs.has('frappe.core.task'));
    assert.ok(!into.jobs.has('shelf.things.api.old_answer'));
    assert.ok(into.jobs.has('shelf.things.api.new_answer'));
    assert.equal(into.jobs.has('shelf.things.api.old_answer'), false);
    // One daily event: the old generation's left with it.
    assert.deepEqual(
      into.jobs.scheduledEvents().map((e) => e.method),
      ['shelf.things.events.sweep'],
    );
    assert.equal(into.bootHooks.length, 2);
    assert.equal(into.bootHooks[0], coreBoot);
  });

  it('keeps the old generation wired when the new one cannot be', async () => {
    t.writeApp('shelf', files('old_answer'));
    const old = await load();
    t.writeApp('shelf', files('taken'));
    const next = await load();
    const into = targets();
    // Core holds the name the new generation wants: wiring it fails.
    into.methods.whitelist('shelf.things.api.taken', {}, () => 'core');

    const first = wireGeneration(old, into, t.root);
    assert.throws(() => swapGeneration(first, next, into, t.root), /app shelf: .*already whitelisted/);
    assert.ok(into.methods.get('shelf.things.api.old_answer'));
    assert.equal(await into.methods.get('shelf.things.api.taken')?.handler({} as never, {}), 'core');
    assert.equal(into.controllers.hooks('Role', 'validate').length, 1);
    assert.equal(into.jobs.scheduledEvents().length, 1);
    assert.equal(into.bootHooks.length, 1);
  });
});
