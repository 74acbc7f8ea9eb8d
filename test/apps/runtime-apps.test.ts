// The bench's apps in a process's runtime, as backend, worker, scheduler and CLI get them: hooks act only on
// sites with the app installed, jobs are registered by path, scheduled events belong to the app's sites, and a
// broken app stops the runtime before anything is opened.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { appContextOf } from '../../src/apps/app-context-of.ts';
import { AppLoadError } from '../../src/apps/app-load-error.ts';
import { docContextFor } from '../../src/apps/doc-context-for.ts';
import { createRuntime, type Runtime } from '../../src/cli/runtime.ts';
import { createSite } from '../../src/site/create-site.ts';
import { recordInstalled } from './support/installed-row.ts';
import { appFiles, createTempBench, type TempBench } from './support/temp-bench.ts';

const withApp = 'with.localhost';
const without = 'without.localhost';

const shelf = {
  ...appFiles(
    'shelf',
    `modules: ['Things'],
     doc_events: { ToDo: { validate: 'shelf.things.events.tag' } },
     override_doctype_class: { ToDo: 'shelf.things.todo.ShelfToDo' },
     scheduler_events: { daily: ['shelf.things.tasks.sweep'] }`,
  ),
  'shelf/things/events.ts': `export function tag(doc: { description?: string }, ctx: { site: string }) {
    doc.description = \`\${doc.description} [shelf on \${ctx.site}]\`;
  }\n`,
  'shelf/things/tasks.ts': 'export async function sweep() { return "swept"; }\n',
  'shelf/things/todo.ts': `import { Document } from 'cortado';
export class ShelfToDo extends Document {
  before_insert() { this.priority = 'High'; }
}\n`,
};

describe('apps in the runtime', () => {
  let t: TempBench;
  let runtime: Runtime;

  before(async () => {
    t = createTempBench();
    for (const name of [withApp, without])
      await createSite(t.bench, { name, dbType: 'sqlite', adminPassword: 'admin-Pa55' });
    t.writeApp('shelf', shelf);
    runtime = await createRuntime(t.bench);
    await recordInstalled(runtime.databases.get(withApp), 'shelf', 1);
    // As install-app does after its commit.
    await runtime.installedApps.forget(withApp);
  });
  after(async () => {
    await runtime?.close();
    t.close();
  });

  const insertToDo = (site: string) =>
    runtime.databases.get(site).transaction(async (tx) => {
      const ctx = appContextOf(await docContextFor(runtime.model, { site, user: 'Administrator', db: tx }));
      return ctx.insert({ doctype: 'ToDo', description: 'Shelve books' });
    });

  it('runs doc_events only on sites where the app is installed', async () => {
    assert.equal((await insertToDo(withApp)).description, `Shelve books [shelf on ${withApp}]`);
    assert.equal((await insertToDo(without)).description, 'Shelve books');
  });

  it('runs an override_doctype_class only on sites where the app is installed', async () => {
    assert.equal((await insertToDo(withApp)).priority, 'High');
    assert.notEqual((await insertToDo(without)).priority, 'High');
  });

  it('registers the app functions as job methods by path', () => {
    assert.ok(runtime.jobs.registry.has('shelf.things.tasks.sweep'));
  });

  it("syncs the app's scheduled events only where the app is installed", async () => {
    const events = async (site: string) =>
      runtime.jobs.registry.scheduledEvents(await runtime.jobs.installedApps?.(site)).map((e) => e.method);
    assert.ok((await events(withApp)).includes('shelf.things.tasks.sweep'));
    assert.equal((await events(without)).includes('shelf.things.tasks.sweep'), false);
  });

  it('refuses to start on a broken app, before opening anything', async () => {
    const broken = createTempBench();
    try {
      broken.writeApp('shelf', { ...shelf, 'shelf/things/tasks.ts': 'export const sweep = ;\n' });
      const before = readdirSync(broken.bench.sitesPath, { recursive: true });
      await assert.rejects(createRuntime(broken.bench), (error: unknown) => {
        assert.ok(error instanceof AppLoadError);
        assert.match(error.message, /^app shelf: shelf\/shelf\/things\/tasks\.ts: /);
        return true;
      });
      assert.deepEqual(readdirSync(broken.bench.sitesPath, { recursive: true }), before);
    } finally {
      broken.close();
    }
  });
});
