// The package's public face: `cortado` exports what src/index.ts does (one module instance under tsx), and
// `cortado/testing` gives an app's tests a site with the app, the app API and the backend in process.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createTestSite } from '../../src/testing.ts';

describe('the cortado package entry', () => {
  it('exports every name of src/index.ts, the same objects', async () => {
    const source = await import('../../src/index.ts');
    const entry = await import(new URL('../../entry/index.js', import.meta.url).href);
    assert.deepEqual(Object.keys(entry).sort(), Object.keys(source).sort());
    assert.equal(entry.ValidationError, source.ValidationError);
    assert.equal(entry.whitelist, source.whitelist);
    const testing = await import(new URL('../../entry/testing.js', import.meta.url).href);
    assert.equal(testing.createTestSite, createTestSite);
  });

  it('names its entries in package.json exports', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { types: string; import: string }>;
    };
    for (const [key, file] of [
      ['.', 'index'],
      ['./testing', 'testing'],
    ] as const) {
      assert.equal(pkg.exports[key]?.types, `./src/${file}.ts`);
      assert.equal(pkg.exports[key]?.import, `./entry/${file}.js`);
    }
  });
});

describe('cortado/testing', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cortado-tiny-app-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('makes a bench with the app, a site, the app API in a committed transaction and the backend', async () => {
    const appPath = join(folder, 'tiny_app');
    mkdirSync(join(appPath, 'tiny_app', 'tiny_app'), { recursive: true });
    writeFileSync(
      join(appPath, 'package.json'),
      JSON.stringify({ name: 'tiny_app', version: '0.0.1', type: 'module' }),
    );
    writeFileSync(
      join(appPath, 'tiny_app', 'hooks.ts'),
      "import { defineApp } from 'cortado';\nexport default defineApp({ name: 'tiny_app', modules: ['Tiny App'] });\n",
    );
    const t = await createTestSite({ appPath });
    let root = '';
    try {
      root = t.root;
      assert.equal(readlinkSync(join(root, 'apps', 'tiny_app')), appPath);
      const todo = await t.run((ctx) => ctx.insert({ doctype: 'ToDo', description: 'from a test' }));
      const listed = await t.request('GET', '/api/resource/ToDo?fields=["name","description"]');
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.data, [{ name: todo.name, description: 'from a test' }]);
      assert.equal((await t.request('GET', '/api/resource/ToDo', undefined, { user: 'Guest' })).status, 403);
      const made = await t.request('POST', '/api/resource/ToDo', { description: 'over HTTP' });
      assert.equal(made.status, 200);
      assert.equal(await t.run((ctx) => ctx.count('ToDo')), 2);
    } finally {
      await t.close();
    }
    assert.equal(existsSync(root), false);
  });

  it('refuses a folder whose package.json does not name an app', async () => {
    const bad = join(folder, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'package.json'), JSON.stringify({ name: '@scope/Not-An-App' }));
    await assert.rejects(createTestSite({ appPath: bad }), /must be the app's name/);
  });
});
