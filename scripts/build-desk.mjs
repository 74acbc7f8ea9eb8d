#!/usr/bin/env node
// Builds the desk (desk/, Vue + Vite) into `<sites>/assets/desk/`: fingerprinted bundles, their
// precompressed `.br`/`.gz` twins (the router serves those as they are) and `manifest.json`, which the
// `/app` shell page reads. A build is keyed by a hash of the desk's sources and of the toolchain
// versions: an up-to-date `assets/desk` is left alone, and builds are kept in
// `node_modules/.cache/cortado-desk/<hash>` so test benches and restarts copy instead of rebuilding.
//
//   node scripts/build-desk.mjs [--sites-path ./sites] [--force]
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const deskRoot = join(repo, 'desk');
// Where finished builds are kept by hash; an image can pre-fill it so `buildDesk` only copies at start.
const cacheRoot = resolve(
  process.env.CORTADO_DESK_CACHE ?? join(repo, 'node_modules', '.cache', 'cortado-desk'),
);
const toolchain = ['vite', 'vue', '@vitejs/plugin-vue', 'socket.io-client', 'rollup', 'esbuild'];
const compressible = /\.(js|css|json|svg|map|txt)$/;
// Modules outside desk/ that the desk imports (shared with the server): they are desk sources too.
export const sharedSources = ['src/fieldtypes/index.ts', 'src/model/meta/depends-on.ts'];

/** Files whose content decides the build, relative to the repo, sorted. */
function sourceFiles() {
  if (!existsSync(join(deskRoot, 'src', 'main.ts'))) throw new Error(`desk sources not found in ${deskRoot}`);
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(repo, path));
    }
  };
  walk(deskRoot);
  files.push(...sharedSources);
  files.push(relative(repo, fileURLToPath(import.meta.url)));
  return files.sort();
}

/** The hash naming a build: desk sources, this script and the toolchain's versions. */
export function deskSourceHash() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(repo, file)));
  }
  for (const name of toolchain) {
    const manifest = join(repo, 'node_modules', name, 'package.json');
    const version = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : 'absent';
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

function buildHashOf(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')).hash;
  } catch {
    return undefined;
  }
}

/** Writes `<file>.gz` and `<file>.br` next to every compressible file of `dir`. */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      precompress(path);
      continue;
    }
    if (!compressible.test(entry.name)) continue;
    const body = readFileSync(path);
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
  }
}

/** Keeps the cache small: the build just made and the two most recent others. */
function pruneCache(keep) {
  const builds = readdirSync(cacheRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name) && entry.name !== keep)
    .map((entry) => ({
      path: join(cacheRoot, entry.name),
      at: statSync(join(cacheRoot, entry.name)).mtimeMs,
    }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(2)) rmSync(old.path, { recursive: true, force: true });
}

/** Runs Vite into `outDir` (emptied first). */
async function viteBuild(outDir) {
  const { build } = await import('vite');
  await build({
    configFile: join(deskRoot, 'vite.config.ts'),
    // The module runner evaluates the TS config in memory: no temporary file next to it.
    configLoader: 'runner',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/**
 * Makes `<assetsPath>/desk` hold the current desk build; returns whether it had to build (or copy)
 * and the build's hash. Safe to call on every start: an up-to-date folder costs one hash of the sources.
 *
 * @example await buildDesk(bench.assetsPath); // then /assets/desk/manifest.json exists
 */
export async function buildDesk(assetsPath, { force = false, log = () => {} } = {}) {
  const hash = deskSourceHash();
  const target = join(resolve(assetsPath), 'desk');
  if (!force && buildHashOf(target) === hash && existsSync(join(target, 'manifest.json')))
    return { built: false, hash, dir: target };

  const cached = join(cacheRoot, hash);
  if (force || buildHashOf(cached) !== hash) {
    log(`Building the desk (${hash})…`);
    const staging = `${cached}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    await viteBuild(staging);
    precompress(staging);
    writeFileSync(
      join(staging, 'build.json'),
      `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`,
    );
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(cacheRoot, { recursive: true });
    try {
      renameSync(staging, cached);
    } catch (error) {
      // Another process finished the same build first: use theirs.
      rmSync(staging, { recursive: true, force: true });
      if (buildHashOf(cached) !== hash) throw error;
    }
    pruneCache(hash);
  }

  // Copy next to the target, then swap, so a running server never reads a half-written folder.
  mkdirSync(resolve(assetsPath), { recursive: true });
  const incoming = `${target}.tmp-${process.pid}`;
  rmSync(incoming, { recursive: true, force: true });
  cpSync(cached, incoming, { recursive: true });
  const outgoing = `${target}.old-${process.pid}`;
  try {
    if (existsSync(target)) renameSync(target, outgoing);
    renameSync(incoming, target);
  } catch (error) {
    // Another process swapped in the same build at the same moment.
    rmSync(incoming, { recursive: true, force: true });
    if (buildHashOf(target) !== hash) throw error;
  }
  rmSync(outgoing, { recursive: true, force: true });
  return { built: true, hash, dir: target };
}

/** Sizes of what the browser downloads for `entries` (manifest keys) and their static imports. */
export function bundleSizes(deskDir, entries) {
  const manifest = JSON.parse(readFileSync(join(deskDir, 'manifest.json'), 'utf8'));
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const child of chunk.imports ?? []) visit(child);
  };
  for (const entry of entries) visit(entry);
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const path = join(deskDir, file);
    raw += statSync(path).size;
    gzip += existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : 0;
    brotli += existsSync(`${path}.br`) ? statSync(`${path}.br`).size : 0;
  }
  return { files: [...files], raw, gzip, brotli };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--sites-path');
  const sitesPath = at >= 0 ? args[at + 1] : (process.env.SITES_PATH ?? 'sites');
  const assetsPath = join(resolve(sitesPath), 'assets');
  const result = await buildDesk(assetsPath, { force: args.includes('--force'), log: console.log });
  console.log(result.built ? `Desk built into ${result.dir}` : `Desk up to date in ${result.dir}`);
  console.log('First load per view (JS and CSS with everything it imports):');
  const manifest = JSON.parse(readFileSync(join(result.dir, 'manifest.json'), 'utf8'));
  const js = Object.keys(manifest).filter((key) => manifest[key].isEntry || manifest[key].isDynamicEntry);
  for (const key of js) {
    const size = bundleSizes(result.dir, [key]);
    console.log(
      `  ${key.padEnd(40)} ${(size.gzip / 1024).toFixed(1)} KB gzip, ${(size.brotli / 1024).toFixed(1)} KB br`,
    );
  }
}
