// The layers of docs/architecture.md, enforced: every import between top-level folders of src/ points down
// (or sideways within a layer), no two folders import each other even through others, the router depends only
// on config and mime, the bottom folders import nothing of Cortado, and the desk reaches outside desk/ only
// for the shared sources its build hashes. Imports are read with TypeScript's own pre-processor (static,
// dynamic and type-only imports and re-exports alike).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { sharedSources } from '../../scripts/build-desk.mjs';
import { layerOf, layers, onlyImports } from './layers.ts';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

interface Import {
  /** The importing file, relative to the repository. */
  file: string;
  specifier: string;
  /** The imported file, relative to the repository (relative specifiers only). */
  target: string;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|mts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
      files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

/** The relative imports of a file (packages such as `vue` or `node:fs` are not Cortado's). */
function importsOf(path: string): Import[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  return importedFiles
    .filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName }) => ({
      file: relative(root, path),
      specifier: fileName,
      target: relative(root, resolve(dirname(path), fileName)),
    }));
}

function importsUnder(dir: string): Import[] {
  return sourceFiles(dir).flatMap(importsOf);
}

/** The top-level folder of src/ a repository path lies in, or undefined outside src/. */
function folderOf(path: string): string | undefined {
  const parts = path.split(sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

const srcImports = importsUnder(src);
/** Folder → folder → the imports making that arrow. */
const arrows = new Map<string, Map<string, Import[]>>();
for (const imp of srcImports) {
  const from = folderOf(imp.file);
  const to = folderOf(imp.target);
  if (!from || !to || from === to) continue;
  const row = arrows.get(from) ?? new Map<string, Import[]>();
  arrows.set(from, row);
  row.set(to, [...(row.get(to) ?? []), imp]);
}

/** Fails listing every breach, one a line (a message of its own: no slow diff of long lists). */
function none(breaches: string[], hint: string): void {
  assert.ok(breaches.length === 0, `${hint}:\n${breaches.join('\n')}`);
}

function describeImport(imp: Import): string {
  return `${imp.file} imports '${imp.specifier}'`;
}

/** Strongly connected sets of folders with more than one member (Tarjan's algorithm). */
function folderCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of arrows.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== node);
      if (members.length > 1) cycles.push(members.sort());
    }
  };
  for (const node of [...arrows.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('import boundaries', () => {
  it('reads imports at all (the rules below are not vacuous)', () => {
    assert.ok(srcImports.length > 500, `only ${srcImports.length} imports found under src/`);
    assert.ok(arrows.get('backend')?.has('model'), 'backend → model is seen');
  });

  it('every folder of src/ has a place in the layers', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const unplaced = folders.filter((folder) => layerOf(folder) === undefined);
    none(unplaced, 'add these folders to test/architecture/layers.ts and docs/architecture.md');
  });

  it('imports between folders point down or sideways, never up', () => {
    const upward: string[] = [];
    for (const [from, row] of arrows) {
      for (const [to, imports] of row) {
        const allowed = onlyImports[from];
        const ok = allowed ? allowed.includes(to) : (layerOf(to) ?? Infinity) <= (layerOf(from) ?? -1);
        if (!ok) upward.push(...imports.map((imp) => `${from} → ${to}: ${describeImport(imp)}`));
      }
    }
    none(upward, `imports up the layers (top first: ${layers.map((l) => l.join(' ')).join(' | ')})`);
  });

  it('no two folders depend on each other, directly or through others', () => {
    const cycles = folderCycles().map((members) => {
      const ties = members.flatMap((from) =>
        members.flatMap((to) => (arrows.get(from)?.get(to) ?? []).map(describeImport)),
      );
      return `${members.join(' ↔ ')}:\n  ${ties.join('\n  ')}`;
    });
    none(cycles, 'folders in a cycle, and the imports tying them');
  });

  it('the desk imports from outside desk/ only the shared sources its build hashes', () => {
    const outside = importsUnder(join(root, 'desk', 'src')).filter(
      (imp) => !imp.target.startsWith(`desk${sep}`),
    );
    assert.ok(outside.length > 0, 'the desk shares at least one server module');
    const unhashed = outside.filter((imp) => !sharedSources.includes(imp.target.split(sep).join('/')));
    none(unhashed.map(describeImport), 'list these in sharedSources (scripts/build-desk.mjs)');
    // A shared source is bundled into the browser: it may import only other shared sources.
    const sharedImports = sharedSources.flatMap((file) => importsOf(join(root, file)));
    const stray = sharedImports.filter((imp) => !sharedSources.includes(imp.target.split(sep).join('/')));
    none(stray.map(describeImport), 'shared sources import beyond the shared sources');
  });

  it('the built-in app reaches Cortado only through its public API, as any app does', () => {
    const app = join(root, 'apps', 'frappe');
    const files = sourceFiles(app);
    assert.ok(files.length > 0, 'the built-in app has sources');
    const packages = files.flatMap((path) =>
      ts
        .preProcessFile(readFileSync(path, 'utf8'), true, true)
        .importedFiles.map(({ fileName }) => ({ file: relative(root, path), specifier: fileName })),
    );
    const outside = packages.filter(({ file, specifier }) =>
      specifier.startsWith('.')
        ? !relative(root, resolve(dirname(join(root, file)), specifier)).startsWith(join('apps', 'frappe'))
        : specifier.startsWith('cortado/') && specifier !== 'cortado/testing',
    );
    none(
      outside.map(({ file, specifier }) => `${file} imports '${specifier}'`),
      'the built-in app imports Cortado other than through `cortado`',
    );
  });
});
