// The repository stands alone: code, tests and docs cite docs/ only, never the team's background notes
// outside it, and every `docs/wire.md §n` they cite names a section docs/wire.md has.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const self = relative(root, import.meta.filename);

// A cited document: one named in capitals (`README.md`) or one under docs/. Each must be a file of the
// repository, so a citation of a note kept elsewhere fails whatever its name.
const citedDocument = /\b(?:docs\/[\w-]+|[A-Z][A-Z0-9_-]*)\.md\b/g;
const wireRef = /(?:docs\/)?wire\.md §(\d+)/g;
// A section sign cites docs/wire.md (which may name its own sections alone).
const sectionRef = /(\S+\s)?§\d+/g;

interface Line {
  file: string;
  line: number;
  text: string;
}

/** Every line of every text file git tracks or would track (new files included), this test's own aside. */
function repositoryLines(): Line[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines: Line[] = [];
  for (const file of new Set(listed.split('\0'))) {
    if (!file || file === self) continue;
    const path = join(root, file);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // deleted in the working tree
    }
    if (!stat.isFile()) continue;
    const content = readFileSync(path);
    if (content.includes(0)) continue; // binary (screenshots)
    const texts = content.toString('utf8').split('\n');
    for (let i = 0; i < texts.length; i++) lines.push({ file, line: i + 1, text: texts[i] ?? '' });
  }
  return lines;
}

function wireSections(): Set<string> {
  const text = readFileSync(join(root, 'docs', 'wire.md'), 'utf8');
  return new Set(Array.from(text.matchAll(/^## (\d+)\. /gm), (m) => m[1] ?? ''));
}

describe('the repository stands alone', () => {
  const lines = repositoryLines();

  it('scans the code, tests and docs', () => {
    const files = new Set(lines.map((l) => l.file));
    for (const file of ['README.md', 'docs/wire.md', 'src/model/query/operators.ts'])
      assert.ok(files.has(file), `${file} was not scanned`);
  });

  it('cites no document outside the repository', () => {
    const files = new Set(lines.map((l) => l.file));
    const names = new Set([...files].map((file) => file.split('/').pop()));
    const found = lines.flatMap((l) =>
      Array.from(l.text.matchAll(citedDocument), (m) => m[0])
        .filter((doc) => (doc.startsWith('docs/') ? !files.has(doc) : !names.has(doc)))
        .map((doc) => `${l.file}:${l.line}: ${doc}`),
    );
    assert.deepEqual(found, [], `cite docs/ instead:\n${found.join('\n')}`);
  });

  it('cites sections of docs/wire.md only', () => {
    const found = lines.flatMap((l) =>
      Array.from(l.text.matchAll(sectionRef), (m) => m[1] ?? '')
        .filter((before) => l.file !== 'docs/wire.md' && !before.endsWith('wire.md '))
        .map((before) => `${l.file}:${l.line}: ${before}§`),
    );
    assert.deepEqual(found, [], `a § citation names docs/wire.md:\n${found.join('\n')}`);
  });

  it('cites only sections docs/wire.md has', () => {
    const sections = wireSections();
    assert.deepEqual([...sections], ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const cited = lines.flatMap((l) =>
      Array.from(l.text.matchAll(wireRef), (m) => ({ ...l, section: m[1] ?? '' })),
    );
    assert.ok(cited.length > 0, 'no docs/wire.md references found');
    const dangling = cited
      .filter((c) => !sections.has(c.section))
      .map((c) => `${c.file}:${c.line}: §${c.section}`);
    assert.deepEqual(dangling, [], `no such section in docs/wire.md:\n${dangling.join('\n')}`);
  });
});
