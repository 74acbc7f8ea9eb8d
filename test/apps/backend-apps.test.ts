// An app as the backend serves it from the runtime: its whitelisted function at /api/method/<path> and its
// boot_session in the desk's boot data, on the site with the app only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningBackend } from '../../src/backend/server.ts';
import { createRuntime, type Runtime } from '../../src/cli/runtime.ts';
import { runBackend } from '../../src/cli/services.ts';
import { createSite } from '../../src/site/create-site.ts';
import { recordInstalled } from './support/installed-row.ts';
import { appFiles, createTempBench, type TempBench } from './support/temp-bench.ts';

const withApp = 'with.localhost';
const without = 'without.localhost';
const password = 'admin-Pa55';

describe('apps in the backend', () => {
  let t: TempBench;
  let runtime: Runtime;
  let backend: RunningBackend;

  before(async () => {
    t = createTempBench();
    for (const name of [withApp, without])
      await createSite(t.bench, { name, dbType: 'sqlite', adminPassword: password });
    t.writeApp('shelf', {
      ...appFiles('shelf', `modules: ['Things'], boot_session: 'shelf.things.boot.addShelf'`),
      'shelf/things/api.ts': `import { whitelist } from 'cortado';
export const ping = whitelist({ allow_guest: true }, async (ctx) => \`pong from \${ctx.site}\`);\n`,
      'shelf/things/boot.ts': `export function addShelf(boot: Record<string, unknown>, ctx: { user: string }) {
  boot.shelf = { greeting: \`hello \${ctx.user}\` };
}\n`,
    });
    runtime = await createRuntime(t.bench);
    await recordInstalled(runtime.databases.get(withApp), 'shelf', 1);
    backend = await runBackend(runtime, 0, '127.0.0.1');
  });
  after(async () => {
    await backend?.close();
    await runtime?.close();
    t.close();
  });

  const ping = (host: string) =>
    backend.app.inject({ method: 'GET', url: '/api/method/shelf.things.api.ping', headers: { host } });

  it('answers a whitelisted app function on the site with the app', async () => {
    const response = await ping(withApp);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { message: `pong from ${withApp}` });
  });

  it('does not answer it on a site without the app', async () => {
    const response = await ping(without);
    // As for any method that does not exist there (Frappe's "Failed to get method").
    assert.equal(response.statusCode, 417);
    assert.equal(response.json().exc_type, 'ValidationError');
  });

  async function deskBoot(host: string): Promise<Record<string, unknown>> {
    const login = await backend.app.inject({
      method: 'POST',
      url: '/api/method/login',
      headers: { host },
      payload: { usr: 'Administrator', pwd: password },
    });
    const sid = /sid=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
    assert.ok(sid, 'logged in');
    const page = await backend.app.inject({
      method: 'GET',
      url: '/app',
      headers: { host, cookie: `sid=${sid}` },
    });
    assert.equal(page.statusCode, 200);
    const json = /<script type="application\/json" id="cortado-boot">(.*?)<\/script>/s.exec(page.body)?.[1];
    return JSON.parse(json!);
  }

  it("adds the app's boot_session to the desk's boot data where it is installed", async () => {
    assert.deepEqual((await deskBoot(withApp)).shelf, { greeting: 'hello Administrator' });
    assert.equal((await deskBoot(without)).shelf, undefined);
  });
});
