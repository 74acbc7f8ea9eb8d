// App desk scripts built for the browser (`cortado build`, `start`): each script bundled with a content hash
// under sites/assets/<app>/, listed per DocType in the app's manifest; bad hook paths and scripts that do not
// build stop the build with one line naming the app, and leave the previous build in place.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { buildAppAssets } from '../../src/apps/assets/build-app-assets.ts';
import { loadApps } from '../../src/apps/load-apps.ts';
import { buildBenchAppAssets } from '../../src/cli/commands/build-command.ts';
import { isFingerprinted } from '../../src/frontend/cache-policy.ts';
import { appFiles, createTempBench, docTypeJson, type TempBench } from './support/temp-bench.ts';

const doctypeDir = 'gadgets/things/doctype/gadget';

function gadgetApp(hooks: string): Record<string, string> {
  return {
    ...appFiles('gadgets', `modules: ['Things'], ${hooks}`),
    [`${doctypeDir}/gadget.json`]: docTypeJson('Gadget'),
    // Frappe's conventions beside the DocType JSON.
    [`${doctypeDir}/gadget.js`]: `import { label } from '../../../public/shared.js';\nfrappe.ui.form.on('Gadget', { refresh(frm) { frm.add_custom_button(label, () => {}); } });\n`,
    [`${doctypeDir}/gadget_list.js`]: `frappe.listview_settings['Gadget'] = { add_fields: ['title'] };\n`,
    'gadgets/public/shared.js': `export const label = 'Shared label';\n`,
    'gadgets/public/extra.js': `import { label } from './shared.js';\nfrappe.ui.form.on('Gadget', { title(frm) { frm.set_value('title', label); } });\n`,
    'gadgets/public/boot.ts': `const flag: string = 'booted';\n(window as unknown as { gadgets: string }).gadgets = flag;\n`,
  };
}

describe('app desk assets', () => {
  let tb: TempBench;
  beforeEach(() => {
    tb = createTempBench();
  });
  afterEach(() => tb.close());

  const manifestOf = () =>
    JSON.parse(readFileSync(join(tb.bench.assetsPath, 'gadgets', 'manifest.json'), 'utf8')) as {
      app_include_js: string[];
      doctype_js: Record<string, string[]>;
      doctype_list_js: Record<string, string[]>;
    };
  const fileOf = (url: string) => join(tb.bench.assetsPath, url.replace(/^\/assets\//, ''));

  test('bundles hooks and convention scripts with content hashes, listed per DocType', async () => {
    tb.writeApp(
      'gadgets',
      gadgetApp(`doctype_js: { Gadget: 'public/extra.js' }, app_include_js: ['public/boot.ts']`),
    );
    const lines = await buildBenchAppAssets(tb.bench);
    assert.deepEqual(
      lines.filter((line) => !line.startsWith('frappe:')),
      ['gadgets: 1 form script, 1 list setting, 1 include'],
    );
    const manifest = manifestOf();
    assert.equal(manifest.doctype_js.Gadget?.length, 2, 'the hook script and gadget.js');
    assert.equal(manifest.doctype_list_js.Gadget?.length, 1);
    assert.equal(manifest.app_include_js.length, 1);
    const urls = [
      ...manifest.app_include_js,
      ...manifest.doctype_js.Gadget!,
      ...manifest.doctype_list_js.Gadget!,
    ];
    for (const url of urls) {
      assert.match(url, /^\/assets\/gadgets\//);
      assert.ok(isFingerprinted(url), `${url} carries a content hash (served immutable)`);
      assert.ok(existsSync(fileOf(url)), `${url} exists`);
    }
    // TypeScript is compiled; shared code is bundled (or split into a chunk), never left as a bare import.
    const boot = readFileSync(fileOf(manifest.app_include_js[0]!), 'utf8');
    assert.doesNotMatch(boot, /: string/);
    for (const url of manifest.doctype_js.Gadget!)
      assert.doesNotMatch(readFileSync(fileOf(url), 'utf8'), /public\/shared\.js/);
  });

  test('a hook path outside the app stops the build with one line, and changes nothing', async () => {
    tb.write('secret.js', 'alert(1)\n');
    tb.writeApp('gadgets', gadgetApp(`doctype_js: { Gadget: '../../../secret.js' }`));
    const apps = await loadApps(tb.bench);
    await assert.rejects(buildAppAssets(tb.bench, apps), (error: Error) => {
      assert.equal(
        error.message,
        'app gadgets: doctype_js of Gadget names "../../../secret.js", which is outside the app folder',
      );
      return true;
    });
    assert.ok(!existsSync(join(tb.bench.assetsPath, 'gadgets')));
  });

  test('a missing script or a non-script file is named', async () => {
    tb.writeApp('gadgets', gadgetApp(`doctype_list_js: { Gadget: 'public/none.js' }`));
    await assert.rejects(
      buildBenchAppAssets(tb.bench),
      /doctype_list_js of Gadget names "public\/none.js", which does not exist/,
    );
    // A fresh bench: an app's hooks are imported once per path and process.
    tb.close();
    tb = createTempBench();
    tb.writeApp('gadgets', gadgetApp(`app_include_js: ['public/style.css']`));
    await assert.rejects(
      buildBenchAppAssets(tb.bench),
      /app_include_js names "public\/style.css", which is not a \.js or \.ts file/,
    );
  });

  test('a script that does not build stops the build, naming app and file; the previous build stays', async () => {
    tb.writeApp('gadgets', gadgetApp(''));
    await buildBenchAppAssets(tb.bench);
    const before = manifestOf();
    tb.write(`apps/gadgets/${doctypeDir}/gadget.js`, 'frappe.ui.form.on("Gadget", {\n');
    await assert.rejects(buildBenchAppAssets(tb.bench), (error: Error) => {
      assert.match(error.message, /^app gadgets: desk scripts do not build: .+gadget\.js:\d+\)$/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.deepEqual(manifestOf(), before);
    for (const url of before.doctype_js.Gadget!) assert.ok(existsSync(fileOf(url)));
  });
});
