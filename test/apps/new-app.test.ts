// `cortado new-app`: the scaffold a user starts from, made through the CLI in a temporary bench, then built and
// tested as its author would (`npm run typecheck`, `npm test`) with nothing installed beyond Cortado itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import ts from 'typescript';
import { readAppsTxt } from '../../src/apps/scaffold/bench-apps.ts';
import { cortadoRoot } from '../../src/apps/scaffold/cortado-links.ts';
import { newApp } from '../../src/apps/scaffold/new-app.ts';
import { Bench } from '../../src/config/bench.ts';

const root = mkdtempSync(join(tmpdir(), 'cortado-new-app-'));
after(() => rmSync(root, { recursive: true, force: true }));
const bench = new Bench(join(root, 'sites'));
bench.ensure();
const app = join(root, 'apps', 'field_notes');
const code = join(app, 'field_notes');
const doctypeDir = join(code, 'field_notes', 'doctype', 'field_notes_note');

function cortado(...args: string[]) {
  return spawnSync(
    process.execPath,
    [join(cortadoRoot(), 'bin', 'cortado.js'), '--sites-path', bench.sitesPath, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** An npm script of the app, run as its author would, with Cortado's toolchain found through apps/node_modules. */
function npmRun(script: string) {
  // The app's own `node --test` must report as a top-level run, not as a child of this test runner.
  const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
  return spawnSync('npm', ['run', '--silent', script], { cwd: app, encoding: 'utf8', timeout: 600_000, env });
}

describe('new-app', () => {
  test('writes the app, lists it, commits it, without asking anything when flags are given', () => {
    const made = cortado(
      'new-app',
      'Field-Notes',
      '--title',
      'Field Notes',
      '--description',
      `Notes from the field: "quoted", it's \\ fine`,
      '--publisher',
      'Jane Doe',
      '--email',
      'jane@example.com',
    );
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /^Created app field_notes in /);
    assert.deepEqual(readAppsTxt(bench), ['field_notes']);

    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'field_notes');
    assert.equal(pkg.version, '0.0.1');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.author, 'Jane Doe <jane@example.com>');
    assert.equal(pkg.scripts.typecheck, 'tsc --noEmit -p .');
    assert.match(pkg.scripts.test, /^node --import tsx --test /);
    assert.equal(pkg.dependencies, undefined, 'no runtime dependencies: apps get everything from cortado');

    const hooks = readFileSync(join(code, 'hooks.ts'), 'utf8');
    assert.match(hooks, /name: 'field_notes'/);
    assert.match(hooks, /modules: \['Field Notes'\]/);
    assert.match(hooks, /description: 'Notes from the field: "quoted", it\\'s \\\\ fine'/);
    for (const file of ['field_notes_note.json', 'field_notes_note.ts', 'field_notes_note.test.ts'])
      assert.ok(existsSync(join(doctypeDir, file)), file);
    const doctype = JSON.parse(readFileSync(join(doctypeDir, 'field_notes_note.json'), 'utf8'));
    assert.equal(doctype.name, 'Field Notes Note');
    assert.equal(doctype.module, 'Field Notes');
    assert.equal(doctype.custom, 0);
    assert.match(
      readFileSync(join(code, 'patches.txt'), 'utf8'),
      /^\[pre_model_sync\][\s\S]*\[post_model_sync\]/,
    );

    const log = spawnSync('git', ['log', '--format=%s', 'develop'], { cwd: app, encoding: 'utf8' });
    assert.equal(log.stdout, 'feat: Initialize App\n');
    const status = spawnSync('git', ['status', '--porcelain'], { cwd: app, encoding: 'utf8' });
    assert.equal(status.stdout, '', 'everything committed');

    const modules = join(root, 'apps', 'node_modules');
    assert.equal(realpathSync(join(modules, 'cortado')), realpathSync(cortadoRoot()));
    assert.ok(existsSync(join(modules, '.bin', 'tsc')), 'the toolchain is linked for the app scripts');
  });

  test('its tsconfig has Cortado’s compiler options', () => {
    // Cortado's own tsconfig has comments (JSONC) and maps `cortado` to its sources for examples/: an app
    // finds the package through apps/node_modules instead.
    const own = ts.readConfigFile(join(cortadoRoot(), 'tsconfig.json'), ts.sys.readFile).config
      .compilerOptions;
    const { outDir: _o, rootDir: _r, paths: _p, ...expected } = own;
    assert.deepEqual(JSON.parse(readFileSync(join(app, 'tsconfig.json'), 'utf8')).compilerOptions, expected);
  });

  // Needs the package entry (src/index.ts, package.json exports) and the Document base class: the api and
  // controllers branches of issue 12.
  test('type-checks as written', () => {
    const result = npmRun('typecheck');
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  // Needs cortado/testing's createTestSite and everything it runs on: loading apps, install-app and the
  // whitelisted-method route (the appcore, api, controllers and siteapps branches of issue 12).
  test('passes its own tests', () => {
    const result = npmRun('test');
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /# pass 3/);
  });

  test('refuses a bad or taken name, a bad title or email, in one line, changing nothing', () => {
    const before = readdirSync(join(root, 'apps')).sort();
    const refusals: [Parameters<typeof newApp>[1], RegExp][] = [
      [{ name: 'field_notes' }, /^Error: app field_notes already exists$/],
      [{ name: '9lives' }, /invalid app name "9lives"/],
      [{ name: '../evil' }, /invalid app name/],
      [{ name: 'frappe' }, /the name is reserved/],
      [{ name: 'fs' }, /the name is reserved/],
      [{ name: 'ok_app', title: 'Bad "title"' }, /invalid title/],
      [{ name: 'ok_app', email: 'not an email' }, /invalid email/],
      [{ name: 'ok_app', description: 'two\nlines' }, /invalid description/],
    ];
    for (const [options, message] of refusals) assert.throws(() => newApp(bench, options), message);
    assert.deepEqual(readdirSync(join(root, 'apps')).sort(), before);
    assert.deepEqual(readAppsTxt(bench), ['field_notes']);

    const cli = cortado('new-app', 'Bad Name!');
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /^cortado: invalid app name "bad_name!": .*\n$/);
  });

  test('--no-git makes no repository', () => {
    mkdirSync(join(root, 'sites'), { recursive: true });
    const made = newApp(bench, { name: 'plain_app', git: false });
    assert.ok(!existsSync(join(made.path, '.git')));
    assert.deepEqual(readAppsTxt(bench), ['field_notes', 'plain_app']);
  });
});
