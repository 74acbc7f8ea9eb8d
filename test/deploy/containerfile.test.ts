// deploy/Containerfile, read instruction by instruction (no image is built here: there is no engine).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deployDir, exists, repoRoot, run } from './support/tools.ts';

interface Instruction {
  keyword: string;
  args: string;
}

/** The Containerfile's instructions, continuation lines joined, comments dropped. */
function instructions(): Instruction[] {
  const text = readFileSync(join(deployDir, 'Containerfile'), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

/** Instructions of one stage, by its position (0 = build, 1 = runtime). */
function stage(index: number): Instruction[] {
  const all = instructions();
  const starts = all.flatMap((ins, i) => (ins.keyword === 'FROM' ? [i] : []));
  return all.slice(starts[index], starts[index + 1]);
}

const args = (list: Instruction[], keyword: string) =>
  list.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Containerfile', () => {
  test('builds with dev dependencies, then prunes them', () => {
    const build = stage(0);
    assert.match(build[0]!.args, /^node:\$\{NODE_VERSION\}-bookworm AS build$/);
    const runs = args(build, 'RUN').join(' && ');
    assert.match(runs, /npm ci/);
    assert.match(runs, /npm run build(?!:)/);
    // `cortado build`: the desk and the apps' desk scripts (the desk build script is what it runs).
    assert.match(runs, /node bin\/cortado\.js --sites-path sites build --force/);
    assert.match(runs, /npm prune --omit=dev/);
    assert.ok(runs.indexOf('npm run build') < runs.indexOf('npm prune'), 'prune after the build');
    assert.ok(
      runs.indexOf('cortado.js --sites-path sites build') < runs.indexOf('npm prune'),
      'the desk builds with dev dependencies',
    );
    assert.ok(exists(join(repoRoot, 'scripts', 'build-desk.mjs')), 'the desk build script exists');
  });

  test('runs on node slim as uid 1000 (cortado) with the sites volume and SITES_PATH', () => {
    const runtime = stage(1);
    assert.match(runtime[0]!.args, /^node:\$\{NODE_VERSION\}-bookworm-slim AS runtime$/);
    // An LTS line still supported (Node 20's support ended in April 2026).
    assert.match(readFileSync(join(deployDir, 'Containerfile'), 'utf8'), /^ARG NODE_VERSION=24$/m);
    assert.match(args(runtime, 'RUN').join(' '), /useradd --uid 1000 --gid 1000 .*cortado/);
    assert.deepEqual(args(runtime, 'USER'), ['1000:1000']);
    assert.deepEqual(args(runtime, 'VOLUME'), ['/home/cortado/bench/sites']);
    assert.match(args(runtime, 'ENV').join(' '), /SITES_PATH=\/home\/cortado\/bench\/sites/);
    assert.deepEqual(args(runtime, 'EXPOSE'), ['8080 8000 9000']);
  });

  test('ships the compiled app without sources or dev tools, and the built assets', () => {
    const copies = args(stage(1), 'COPY');
    for (const path of [
      '/build/node_modules',
      '/build/dist',
      '/build/bin',
      '/build/sites/assets /home/cortado/bench/assets',
    ]) {
      assert.ok(
        copies.some((c) => c.includes(path)),
        `copies ${path}`,
      );
    }
    assert.ok(!copies.some((c) => c.includes('/build/src')), 'no TypeScript sources');
  });

  test('custom images: APPS_JSON_BASE64 installs apps before the desk build and the prune; the image ships them', () => {
    const build = stage(0);
    const argAt = build.findIndex((i) => i.keyword === 'ARG' && i.args === 'APPS_JSON_BASE64=""');
    assert.ok(argAt > 0, 'the build argument, empty by default');
    const compile = build.findIndex((i) => i.keyword === 'RUN' && /npm run build/.test(i.args));
    assert.ok(compile < argAt, 'declared after the compile step, so a new app list reuses it');
    const runs = args(build.slice(argAt), 'RUN').join(' && ');
    assert.match(
      runs,
      /node scripts\/install-apps\.mjs --sites-path sites --cortado-path \/home\/cortado\/app/,
    );
    assert.ok(
      runs.indexOf('install-apps') < runs.indexOf('sites build'),
      "the apps' desk scripts build after the apps are in",
    );
    assert.ok(runs.indexOf('install-apps') < runs.indexOf('npm prune'), 'apps type-check with TypeScript');
    assert.ok(exists(join(repoRoot, 'scripts', 'install-apps.mjs')));

    const copies = args(stage(1), 'COPY');
    assert.ok(copies.includes('--from=build /build/apps /home/cortado/bench/apps'));
    // The entrypoint links sites/apps.txt to the list where the image puts it.
    const appsTxt = copies.find((c) => c.startsWith('--from=build /build/sites/apps.txt '))?.split(' ')[2];
    const entrypoint = readFileSync(join(deployDir, 'entrypoint.sh'), 'utf8');
    assert.ok(appsTxt && entrypoint.includes(`APPS_TXT=\${CORTADO_APPS_TXT:-${appsTxt}}`), appsTxt);
    const ignore = readFileSync(join(deployDir, 'Containerfile.dockerignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('apps'), "a developer's apps/ stays out of the build context");
  });

  test('entrypoint and healthcheck come from deploy/ and exist', () => {
    const runtime = stage(1);
    const copies = args(runtime, 'COPY');
    assert.ok(copies.includes('--chmod=0755 deploy/entrypoint.sh /usr/local/bin/cortado-entrypoint'));
    assert.ok(copies.includes('--chmod=0755 deploy/healthcheck.mjs /usr/local/bin/cortado-healthcheck'));
    assert.deepEqual(args(runtime, 'ENTRYPOINT'), ['["cortado-entrypoint"]']);
    assert.deepEqual(args(runtime, 'CMD'), ['["start"]']);
    assert.match(args(runtime, 'HEALTHCHECK')[0]!, /CMD \["cortado-healthcheck"\]$/);
    // Every file copied from the build context exists.
    for (const copy of [...copies, ...args(stage(0), 'COPY')].filter((c) => !c.startsWith('--from'))) {
      const sources = copy
        .replace(/--\S+\s+/g, '')
        .split(/\s+/)
        .slice(0, -1);
      for (const source of sources) if (source !== '.') assert.ok(exists(join(repoRoot, source)), source);
    }
    assert.match(readFileSync(join(deployDir, 'entrypoint.sh'), 'utf8'), /^#!\/bin\/sh\n/);
    assert.match(readFileSync(join(deployDir, 'healthcheck.mjs'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  test('the entrypoint is valid POSIX sh', () => {
    const result = run(['sh', '-n', join(deployDir, 'entrypoint.sh')]);
    assert.equal(result.status, 0, result.stderr);
  });

  test('the build context leaves out node_modules, dist and sites', () => {
    const ignore = readFileSync(join(deployDir, 'Containerfile.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', 'dist', 'sites', '.git'])
      assert.ok(ignore.includes(entry), entry);
  });
});
