// `cortado get-app`: apps fetched into apps/ from a git repository, a folder, an npm package or tarball, with
// Cortado linked and apps.txt written once; every refusal leaves the bench as it was. No network: the
// repositories and packages are made here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readAppsTxt } from '../../src/apps/scaffold/bench-apps.ts';
import { cortadoRoot } from '../../src/apps/scaffold/cortado-links.ts';
import { getApp } from '../../src/apps/scaffold/get-app.ts';
import { Bench } from '../../src/config/bench.ts';
import { git, writeApp, writeGitApp } from './support/app-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'cortado-get-app-'));
after(() => rmSync(root, { recursive: true, force: true }));

let bench: Bench;
let apps: string;
let n = 0;
beforeEach(() => {
  const benchRoot = join(root, `bench-${++n}`);
  bench = new Bench(join(benchRoot, 'sites'));
  bench.ensure();
  apps = join(benchRoot, 'apps');
});

/** What a refused get-app must leave alone: the apps folder's entries and apps.txt. */
function snapshot(): { entries: string[]; appsTxt: string[] } {
  return { entries: existsSync(apps) ? readdirSync(apps).sort() : [], appsTxt: readAppsTxt(bench) };
}

describe('get-app from git', () => {
  test('clones the asked branch into apps/<package name>, links Cortado, lists it once', async () => {
    const repo = writeGitApp(join(root, `repo-${n}`), { name: 'library_app' });
    git(repo, 'checkout', '-q', '-b', 'version-2');
    writeFileSync(join(repo, 'library_app', 'v2.ts'), 'export const v = 2;\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v2');
    git(repo, 'checkout', '-q', 'main');

    const got = await getApp(bench, pathToFileURL(repo).href, { branch: 'version-2' });
    assert.equal(got.name, 'library_app');
    assert.equal(got.dependencies, 'none');
    assert.ok(existsSync(join(apps, 'library_app', 'library_app', 'v2.ts')), 'the branch was cloned');
    assert.deepEqual(readAppsTxt(bench), ['library_app']);
    assert.equal(realpathSync(join(apps, 'node_modules', 'cortado')), realpathSync(cortadoRoot()));
    assert.deepEqual(
      readdirSync(apps).filter((e) => e.startsWith('.')),
      [],
      'no staging folder left',
    );

    const before = snapshot();
    await assert.rejects(
      getApp(bench, pathToFileURL(repo).href),
      /^Error: app library_app already exists in /,
    );
    assert.deepEqual(snapshot(), before, 'a name clash changes nothing');
  });

  test('an unknown branch fails with git’s one line, leaving nothing behind', async () => {
    const repo = writeGitApp(join(root, `repo-${n}`), { name: 'branchless' });
    await assert.rejects(
      getApp(bench, pathToFileURL(repo).href, { branch: 'no-such-branch' }),
      (error: Error) =>
        /^git clone failed: .*no-such-branch/.test(error.message) && !error.message.includes('\n'),
    );
    assert.deepEqual(snapshot().entries, []);
    assert.deepEqual(readAppsTxt(bench), []);
  });
});

describe('get-app from a folder', () => {
  test('copies it without its node_modules; --link links it instead', async () => {
    const folder = writeApp(join(root, `folder-${n}`), {
      name: 'copied_app',
      files: { 'node_modules/junk/index.js': '' },
    });
    const got = await getApp(bench, folder);
    assert.equal(got.path, join(apps, 'copied_app'));
    assert.ok(lstatSync(got.path).isDirectory() && !lstatSync(got.path).isSymbolicLink());
    assert.ok(existsSync(join(got.path, 'copied_app', 'hooks.ts')));
    assert.ok(!existsSync(join(got.path, 'node_modules')), 'installed dependencies are not copied');

    const dev = writeApp(join(root, `dev-${n}`), { name: 'linked_app' });
    const linked = await getApp(bench, dev, { link: true });
    assert.equal(readlinkSync(linked.path), realpathSync(dev));
    assert.equal(linked.dependencies, 'left to the linked folder');
    assert.deepEqual(readAppsTxt(bench), ['copied_app', 'linked_app']);
  });

  test('relative paths are read from the working directory given', async () => {
    writeApp(join(root, `rel-${n}`, 'my_app'), { name: 'rel_app' });
    const got = await getApp(bench, './my_app', { cwd: join(root, `rel-${n}`) });
    assert.equal(got.name, 'rel_app');
  });
});

describe('get-app from npm', () => {
  test('an npm spec is packed and extracted, its dependencies installed; a local .tgz is extracted', async () => {
    // A dependency as a local tarball: npm installs it without the network.
    const dep = writeApp(join(root, `dep-${n}`), { name: 'left_pad_ish' });
    const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', root], {
      cwd: dep,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = join(root, packed.stdout.trim());
    const app = writeApp(join(root, `npmapp-${n}`), {
      name: 'npm_app',
      manifest: { dependencies: { left_pad_ish: `file:${tarball}` } },
    });
    const got = await getApp(bench, `npm:${app}`);
    assert.equal(got.name, 'npm_app');
    assert.equal(got.dependencies, 'installed');
    assert.ok(existsSync(join(got.path, 'node_modules', 'left_pad_ish', 'package.json')));

    const tgzApp = await getApp(bench, tarball);
    assert.equal(tgzApp.name, 'left_pad_ish', 'a local .tgz is extracted as it is');
    assert.deepEqual(readAppsTxt(bench), ['npm_app', 'left_pad_ish']);
  });
});

describe('get-app refuses', () => {
  const refused: [string, string, RegExp][] = [
    ['plain http', 'http://example.com/app.git', /unsupported URL/],
    ['a git transport that runs programs', 'ext::sh -c touch% /tmp/pwned', /unsupported URL|invalid URL/],
    ['ftp', 'ftp://example.com/app', /unsupported URL/],
    ['an option', '--upload-pack=touch /tmp/pwned', /invalid app source/],
    ['GitHub shorthand', 'owner/repo', /cannot tell what/],
    ['a missing folder', './no/such/folder', /does not exist/],
  ];
  for (const [what, source, message] of refused)
    test(what, async () => {
      await assert.rejects(getApp(bench, source), message);
      assert.deepEqual(snapshot(), { entries: [], appsTxt: [] });
    });

  test('a folder that is not a Cortado app, or whose name would leave apps/', async () => {
    const noHooks = join(root, `nohooks-${n}`);
    mkdirSync(noHooks);
    writeFileSync(join(noHooks, 'package.json'), JSON.stringify({ name: 'nohooks', version: '1.0.0' }));
    await assert.rejects(getApp(bench, noHooks), /is not a Cortado app: no nohooks\/hooks\.ts/);

    const escaping = join(root, `escape-${n}`);
    mkdirSync(join(escaping, 'x'), { recursive: true });
    writeFileSync(join(escaping, 'package.json'), JSON.stringify({ name: '../../evil', version: '1.0.0' }));
    await assert.rejects(getApp(bench, escaping), /is not a Cortado app: package\.json: invalid app name/);

    const linkedHooks = writeApp(join(root, `linkhooks-${n}`), { name: 'linkhooks' });
    rmSync(join(linkedHooks, 'linkhooks', 'hooks.ts'));
    spawnSync('ln', ['-s', '/etc/hostname', join(linkedHooks, 'linkhooks', 'hooks.ts')]);
    await assert.rejects(getApp(bench, linkedHooks), /no linkhooks\/hooks\.ts/);

    assert.deepEqual(
      readdirSync(apps).filter((e) => e !== 'node_modules'),
      [],
      'nothing left in apps/',
    );
    assert.deepEqual(readAppsTxt(bench), []);
  });

  test('--branch without git, --link without a folder', async () => {
    const folder = writeApp(join(root, `opts-${n}`), { name: 'opts_app' });
    await assert.rejects(getApp(bench, folder, { branch: 'main' }), /--branch is for git URLs only/);
    await assert.rejects(getApp(bench, 'npm:opts_app', { link: true }), /--link is for local folders only/);
    await assert.rejects(
      getApp(bench, pathToFileURL(folder).href, { branch: '--upload-pack=x' }),
      /invalid branch/,
    );
    assert.deepEqual(snapshot(), { entries: [], appsTxt: [] });
  });

  test('the CLI prints one line and exits 1', () => {
    const result = spawnSync(
      process.execPath,
      [
        join(cortadoRoot(), 'bin', 'cortado.js'),
        '--sites-path',
        bench.sitesPath,
        'get-app',
        'http://x/y.git',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^cortado: unsupported URL "http:\/\/x\/y\.git": use https:\/\/, .*\n$/);
    assert.equal(readFileSync(join(bench.sitesPath, 'common_site_config.json'), 'utf8').trim(), '{}');
  });
});
