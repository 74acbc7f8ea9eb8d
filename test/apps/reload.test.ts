// Developer-mode reload of app code in `cortado start` (startStack), through the real router: an edit of a
// whitelisted method and of a DocType controller on disk is answered by the new code without a restart, every
// request sent meanwhile succeeds, a form script edit reaches the desk's boot data, and a broken edit logs one
// line naming the app and the file while the old code keeps answering.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installApp } from '../../src/apps/site/index.ts';
import { siteAppsEnv } from '../../src/cli/commands/app-commands.ts';
import { buildBenchAppAssets } from '../../src/cli/commands/build-command.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { writeJsonAtomic } from '../../src/config/bench.ts';
import { dropServerDatabase } from '../../src/db/index.ts';
import { createSite } from '../../src/site/create-site.ts';
import { serverAdmin } from '../db/support.ts';
import { login } from '../support/e2e.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { appFiles, createTempBench, docTypeJson, type TempBench } from './support/temp-bench.ts';

const password = 'reload-Pa55';
const apiFile = 'shelf/things/api.ts';
const controllerFile = 'shelf/things/doctype/note/note.ts';
const formScriptFile = 'shelf/things/doctype/note/note.js';

const api = (answer: string) => `import { whitelist } from 'cortado';
export const answer = whitelist({ allow_guest: true }, () => '${answer}');
`;
const controller = (mark: string) => `import { Document } from 'cortado';
export default class Note extends Document {
  validate() {
    this.title = \`\${this.title} [${mark}]\`;
  }
}
`;
const formScript = (mark: string) =>
  `frappe.ui.form.on('Note', { refresh() { window.note_mark = '${mark}'; } });\n`;

for (const kind of databases)
  describe(`${kind}: developer-mode reload of app code in cortado start`, () => {
    const site = `reload-${randomBytes(4).toString('hex')}.test`;
    let t: TempBench;
    let stack: Stack;
    let base: string;
    let sid: string;
    const logs: string[] = [];

    const writeAppFile = (path: string, text: string) =>
      writeFileSync(join(t.root, 'apps', 'shelf', path), text);
    const answer = async () => {
      const response = await fetch(`${base}/api/method/shelf.things.api.answer`);
      return { status: response.status, message: ((await response.json()) as { message?: unknown }).message };
    };
    const insertNote = async (title: string) => {
      const response = await fetch(`${base}/api/resource/Note`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `sid=${sid}` },
        body: JSON.stringify({ title }),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { data: { title: string } }).data.title;
    };

    /** The form script of Note as the desk gets it: its URL from the boot data of /app, and its text. */
    const noteFormScript = async () => {
      const page = await (await fetch(`${base}/app`, { headers: { cookie: `sid=${sid}` } })).text();
      const boot = /<script type="application\/json" id="cortado-boot">([^<]*)<\/script>/.exec(page)?.[1];
      const url = (JSON.parse(boot!) as { desk_scripts: { doctype_js: Record<string, string[]> } })
        .desk_scripts.doctype_js.Note?.[0];
      assert.ok(url, 'Note has a form script');
      return (await fetch(`${base}${url}`)).text();
    };

    /** Sends requests one after another (two streams) until stopped; collects every status and answer. */
    const traffic = () => {
      let stopped = false;
      const seen: Array<{ status: number; message: unknown }> = [];
      const stream = async () => {
        while (!stopped) seen.push(await answer().catch((error) => ({ status: 0, message: String(error) })));
      };
      const streams = [stream(), stream()];
      return {
        async stop() {
          stopped = true;
          await Promise.all(streams);
          return seen;
        },
      };
    };

    before(async () => {
      t = createTempBench();
      t.writeApp('shelf', {
        ...appFiles('shelf'),
        [apiFile]: api('first'),
        'shelf/things/doctype/note/note.json': docTypeJson('Note'),
        [controllerFile]: controller('v1'),
        [formScriptFile]: formScript('v1'),
      });
      const admin = kind === 'sqlite' ? undefined : serverAdmin(kind);
      await createSite(t.bench, {
        name: site,
        dbType: kind,
        adminPassword: password,
        dbHost: admin?.host,
        dbPort: admin?.port,
        rootUser: admin?.rootUser,
        rootPassword: admin?.rootPassword,
      });
      // Frappe's switch, in the site's config: the stack then watches the apps.
      writeJsonAtomic(t.bench.siteConfigPath(site), { ...t.bench.ownSiteConfig(site), developer_mode: 1 });
      // As `cortado start` does before it starts the stack.
      await buildBenchAppAssets(t.bench);
      // Port-based tenancy: every request through this router is this site.
      process.env.FRAPPE_SITE_NAME_HEADER = site;
      stack = await startStack(t.bench, {
        port: 0,
        backendPort: 0,
        socketioPort: 0,
        log: (line) => logs.push(line),
      });
      const { runtime } = stack;
      await installApp(siteAppsEnv(runtime, site), 'shelf');
      base = `http://127.0.0.1:${stack.port}`;
      const loggedIn = await login(base, 'Administrator', password);
      assert.equal(loggedIn.status, 200);
      sid = loggedIn.sid!;
    });
    after(async () => {
      await stack?.close();
      delete process.env.FRAPPE_SITE_NAME_HEADER;
      if (kind !== 'sqlite') {
        const dbName = t.bench.siteConfig(site).db_name!;
        await dropServerDatabase({ ...serverAdmin(kind), dbName, dbUser: dbName });
      }
      t?.close();
    });

    it('answers with the edited method and controller, and no request fails meanwhile', async (ctx) => {
      assert.deepEqual(await answer(), { status: 200, message: 'first' });
      assert.equal(await insertNote('Before'), 'Before [v1]');

      const load = traffic();
      const written = performance.now();
      writeAppFile(apiFile, api('second'));
      writeAppFile(controllerFile, controller('v2'));
      await until(async () => (await answer()).message === 'second', 'the edited method answers', {
        timeoutMs: 15_000,
      });
      ctx.diagnostic(
        `reload: ${Math.round(performance.now() - written)} ms from the write to the new answer`,
      );
      const seen = await load.stop();
      ctx.diagnostic(`${seen.length} requests sent during the reload`);

      assert.ok(seen.length > 0);
      assert.deepEqual(
        seen.filter((r) => r.status !== 200),
        [],
      );
      assert.deepEqual(
        seen.filter((r) => r.message !== 'first' && r.message !== 'second'),
        [],
      );
      assert.equal(await insertNote('After'), 'After [v2]');
    });

    it("serves the edited form script in the desk's boot data", async () => {
      assert.match(await noteFormScript(), /note_mark="v1"/);
      writeAppFile(formScriptFile, formScript('v2'));
      await until(async () => /note_mark="v2"/.test(await noteFormScript()), 'the edited form script', {
        timeoutMs: 15_000,
      });
    });

    it('keeps the old code answering when an edit breaks the app, with one line naming app and file', async (ctx) => {
      const before = logs.length;
      const failures = () => logs.slice(before).filter((line) => line.includes('not reloaded'));
      const load = traffic();
      writeAppFile(apiFile, `${api('broken')}export const oops = (;\n`);
      await until(() => failures().length > 0, 'the reload failure is logged', { timeoutMs: 15_000 });
      const seen = await load.stop();

      const [line] = failures();
      ctx.diagnostic(line!);
      assert.match(line!, /app shelf: shelf\/shelf\/things\/api\.ts: /);
      assert.doesNotMatch(line!, /\n/);
      assert.deepEqual(await answer(), { status: 200, message: 'second' });
      assert.deepEqual(
        seen.filter((r) => r.status !== 200 || r.message !== 'second'),
        [],
      );

      // Fixed, it reloads again; reloads run one at a time, so any second failure line would be in by now.
      writeAppFile(apiFile, api('third'));
      await until(async () => (await answer()).message === 'third', 'the fixed method answers', {
        timeoutMs: 15_000,
      });
      assert.equal(failures().length, 1);
    });
  });
