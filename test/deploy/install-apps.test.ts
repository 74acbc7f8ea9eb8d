// The custom-image build step (scripts/install-apps.mjs, run by deploy/Containerfile) without a container engine:
// APPS_JSON_BASE64 pointing at a git repository and an npm package made here, and the bench it leaves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeApp, writeGitApp } from '../apps/support/app-fixture.ts';
import { repoRoot } from './support/tools.ts';

const root = mkdtempSync(join(tmpdir(), 'cortado-install-apps-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Runs the script on a new bench; `apps` is the list frappe_docker users base64-encode. */
function installApps(apps: unknown, raw?: string) {
  const bench = join(root, `bench-${++n}`);
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'scripts', 'install-apps.mjs'),
      '--sites-path',
      join(bench, 'sites'),
      '--cortado-path',
      '/home/cortado/app',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, APPS_JSON_BASE64: raw ?? Buffer.from(JSON.stringify(apps)).toString('base64') },
    },
  );
  const appsTxt = join(bench, 'sites', 'apps.txt');
  return {
    ...result,
    apps: join(bench, 'apps'),
    appsTxt: existsSync(appsTxt) ? readFileSync(appsTxt, 'utf8') : undefined,
  };
}

describe('install-apps (APPS_JSON_BASE64)', () => {
  test('fetches git and npm entries, type-checks them, lists them and links Cortado where the image has it', () => {
    const repo = writeGitApp(join(root, 'repo'), {
      name: 'git_app',
      files: { 'git_app/api.ts': 'export const x = 1;\n' },
    });
    const pkg = writeApp(join(root, 'pkg'), { name: 'npm_app' });
    const result = installApps([{ url: pathToFileURL(repo).href, branch: 'main' }, { npm: pkg }]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.appsTxt, 'git_app\nnpm_app\n');
    assert.ok(existsSync(join(result.apps, 'git_app', 'git_app', 'api.ts')));
    assert.ok(existsSync(join(result.apps, 'npm_app', 'npm_app', 'hooks.ts')));
    assert.match(result.stdout, /installed git_app 1\.0\.0 \(type-checked\)/);
    // The link is for the runtime image (it dangles here); the build toolchain is not left behind.
    assert.equal(readlinkSync(join(result.apps, 'node_modules', 'cortado')), '/home/cortado/app');
    assert.deepEqual(readdirSync(join(result.apps, 'node_modules')).sort(), ['.bin', 'cortado']);
    assert.deepEqual(readdirSync(join(result.apps, 'node_modules', '.bin')), []);
  });

  test('no apps: an empty apps.txt and the Cortado link, so every image looks the same', () => {
    const result = installApps(undefined, '');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.appsTxt, '');
    assert.ok(lstatSync(join(result.apps, 'node_modules', 'cortado')).isSymbolicLink());
  });

  test('an app that does not type-check stops the build with one line naming it', () => {
    const repo = writeGitApp(join(root, 'broken'), {
      name: 'broken_app',
      files: { 'broken_app/api.ts': "export const count: number = 'three';\n" },
    });
    const result = installApps([{ url: pathToFileURL(repo).href }]);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^install-apps: broken_app does not type-check \(1 errors\): .*api\.ts.*TS2322.*\n$/,
    );
  });

  const refused: [string, unknown, string | undefined, RegExp][] = [
    ['not base64', undefined, '%%%', /^install-apps: APPS_JSON_BASE64 is not base64\n$/],
    ['not JSON', undefined, Buffer.from('[{').toString('base64'), /does not hold JSON/],
    ['not a list', { url: 'https://example.com/a.git' }, undefined, /expected \[\{"url"/],
    ['an unknown key (a typo)', [{ url: 'https://example.com/a.git', brnach: 'x' }], undefined, /at 0/],
    ['a url that is not git', [{ url: 'http://example.com/a.git' }], undefined, /unsupported URL/],
    ['a local path as url', [{ url: '/etc' }], undefined, /is not a git URL/],
  ];
  for (const [what, apps, raw, message] of refused)
    test(`refuses ${what}`, () => {
      const result = installApps(apps, raw);
      assert.equal(result.status, 1);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, 'one line');
      assert.equal(result.appsTxt, undefined, 'nothing written');
    });
});
