// The files archive of a backup: plain tar reads what Cortado writes, Cortado restores what plain tar writes,
// and a hostile archive is refused whole before anything of the site changes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { BackupError } from '../../src/site/backup/index.ts';
import { backupFiles, fileFolders, stageFiles } from '../../src/site/backup/site-files.ts';

/** Every regular file under `root`'s file folders with its SHA-1 (paths relative to `root`). */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        out[path] = createHash('sha1')
          .update(readFileSync(join(root, path)))
          .digest('hex');
    }
  };
  for (const folder of fileFolders) walk(folder);
  return out;
}

/** A .tar.gz made entry by entry, so a test can write what no well-behaved tool would. */
function rawArchive(
  entries: Array<{ path: string; type?: string; linkpath?: string; body?: string; size?: number }>,
): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new Header({
      path: e.path,
      type: (e.type ?? 'File') as never,
      linkpath: e.linkpath,
      size: e.size ?? body.length,
      mode: 0o644,
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('backup files archive', () => {
  let root: string;
  let site: string;
  let expected: Record<string, string>;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cortado-files-archive-'));
    site = join(root, 'site');
    mkdirSync(join(site, 'public', 'files', 'nested', 'deeper'), { recursive: true });
    mkdirSync(join(site, 'private', 'files'), { recursive: true });
    writeFileSync(join(site, 'public', 'files', 'logo.txt'), 'public file\n');
    writeFileSync(
      join(site, 'public', 'files', 'nested', 'deeper', `${'long-name-'.repeat(20)}.bin`),
      randomBytes(70_000),
    );
    writeFileSync(join(site, 'public', 'files', 'Résumé final.pdf'), '%PDF unicode');
    writeFileSync(join(site, 'private', 'files', 'contract.pdf'), randomBytes(1_234));
    writeFileSync(join(site, 'private', 'files', 'empty.txt'), '');
    symlinkSync('/etc/passwd', join(site, 'public', 'files', 'link-out'));
    writeFileSync(join(site, 'site_config.json'), '{"db_password":"secret"}');
    expected = tree(site);
    delete expected['public/files/link-out'];
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes an archive plain tar lists and extracts, with the files only (no symlink, nothing else)', async () => {
    const archive = await backupFiles(site, join(root, 'backup-files.tar.gz'));
    assert.equal(archive.files, Object.keys(expected).length);
    const listed = execFileSync('/usr/bin/tar', ['-tzf', archive.path], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line && !line.endsWith('/'));
    assert.deepEqual(listed.sort(), Object.keys(expected).sort());
    const out = join(root, 'extracted-by-tar');
    mkdirSync(out);
    execFileSync('/usr/bin/tar', ['-xzf', archive.path, '-C', out]);
    assert.deepEqual(tree(out), expected);
    assert.ok(!existsSync(join(out, 'site_config.json')));
  });

  it('restores its own archive and one made by plain tar, the same files either way', async () => {
    const own = await backupFiles(site, join(root, 'own-files.tar.gz'));
    const plain = join(root, 'plain-files.tar.gz');
    execFileSync('/usr/bin/tar', [
      '-czf',
      plain,
      '-C',
      site,
      '--exclude',
      'link-out',
      'public/files',
      'private/files',
    ]);
    const dotted = join(root, 'dotted-files.tar.gz');
    execFileSync('/usr/bin/tar', [
      '-czf',
      dotted,
      '-C',
      site,
      '--exclude',
      'link-out',
      './public/files',
      './private/files',
    ]);
    for (const archive of [own.path, plain, dotted]) {
      const target = mkdtempSync(join(root, 'target-'));
      const staged = await stageFiles(target, archive);
      assert.equal(staged.files, Object.keys(expected).length, archive);
      staged.commit();
      assert.deepEqual(tree(target), expected, archive);
      assert.deepEqual(readdirSync(target).sort(), ['private', 'public'], 'no staging folder left');
    }
  });

  const hostile: Array<[string, Buffer, RegExp]> = [
    ['a path with ..', rawArchive([{ path: 'public/files/../../escape.txt', body: 'x' }]), /unexpected path/],
    ['a leading ..', rawArchive([{ path: '../escape.txt', body: 'x' }]), /unexpected path/],
    ['an absolute path', rawArchive([{ path: '/tmp/cortado-escape.txt', body: 'x' }]), /unexpected path/],
    [
      'a path outside the file folders',
      rawArchive([{ path: 'site_config.json', body: '{}' }]),
      /unexpected path/,
    ],
    [
      'a file where a file folder belongs',
      rawArchive([{ path: 'public/files', body: 'x' }]),
      /unexpected path/,
    ],
    [
      'a symlink out of the site, then a file through it',
      rawArchive([
        { path: 'public/files/out', type: 'SymbolicLink', linkpath: '/tmp' },
        { path: 'public/files/out/cortado-escape.txt', body: 'x' },
      ]),
      /SymbolicLink entry/,
    ],
    [
      'a hard link to a file outside',
      rawArchive([{ path: 'public/files/passwd', type: 'Link', linkpath: '../../site_config.json' }]),
      /Link entry/,
    ],
    [
      'a device',
      rawArchive([{ path: 'public/files/dev', type: 'CharacterDevice' }]),
      /CharacterDevice entry/,
    ],
    [
      'an entry larger than the disk',
      rawArchive([{ path: 'public/files/huge.bin', body: 'x', size: 2 ** 52 }]),
      /more than the \d+ bytes free/,
    ],
    ['not a tar', gzipSync('just some text, not a tar archive at all'), /corrupt or truncated/],
  ];
  for (const [what, bytes, message] of hostile) {
    it(`refuses ${what}: a one-line BackupError, the site untouched`, async () => {
      const target = mkdtempSync(join(root, 'hostile-'));
      mkdirSync(join(target, 'public', 'files'), { recursive: true });
      writeFileSync(join(target, 'public', 'files', 'kept.txt'), 'kept');
      const before_ = tree(target);
      const archive = join(root, `hostile-${what.replace(/\W+/g, '-')}.tar.gz`);
      writeFileSync(archive, bytes);
      const error = await stageFiles(target, archive).then(
        () => assert.fail('staged a hostile archive'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BackupError, String(error));
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      assert.deepEqual(tree(target), before_);
      assert.deepEqual(readdirSync(target), ['public'], 'no staging folder left');
      assert.ok(!existsSync('/tmp/cortado-escape.txt'));
      assert.ok(!existsSync(join(root, 'escape.txt')));
      assert.ok(statSync(join(target, 'public', 'files')).isDirectory());
    });
  }
});
