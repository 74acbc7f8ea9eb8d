// The 512-byte ustar header, the one piece of tar both the writer and the reader need.
import { BackupError } from './backup-error.ts';

/** Tar's block size: headers and padded contents come in these. */
export const blockSize = 512;

/** What a tar entry says about itself (regular files and directories only). */
export interface TarEntry {
  name: string;
  size: number;
  mode: number;
  mtime: number;
  /** `pax`: an extended header whose content (`paxRecord`) carries the next entry's long path. */
  type: 'file' | 'directory' | 'pax';
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Splits a long path into ustar's prefix (155 bytes) and name (100 bytes) at a slash; undefined when it cannot. */
export function splitName(name: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  return undefined;
}

/** A pax `path` record (`"<len> path=<name>\n"`, the length counting itself), for paths ustar cannot hold. */
export function paxRecord(name: string): Buffer {
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return Buffer.from(`${length}${body}`);
}

/** The `path` of a pax extended header's content, if it has one. */
export function paxPath(content: Buffer): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString('utf8'));
  return match?.[1];
}

/** Encodes a header block (ustar, checksum filled in). */
export function encodeHeader(entry: TarEntry): Buffer {
  const block = Buffer.alloc(blockSize);
  const { prefix, name } = splitName(entry.name) ?? { prefix: '', name: 'PaxHeader' };
  block.write(name, 0, 100, 'utf8');
  block.write(octal(entry.mode & 0o7777, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(entry.type === 'directory' ? 0 : entry.size, 12), 124, 'ascii');
  block.write(octal(Math.floor(entry.mtime), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write({ file: '0', directory: '5', pax: 'x' }[entry.type], 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  block.write(octal(checksum(block), 7), 148, 'ascii');
  return block;
}

/** Decodes a header block; undefined for the all-zero end-of-archive block. */
export function decodeHeader(block: Buffer): TarEntry | undefined {
  if (block.every((b) => b === 0)) return undefined;
  const stored = parseOctal(block, 148, 8);
  const copy = Buffer.from(block);
  copy.write('        ', 148, 'ascii');
  if (stored !== checksum(copy)) throw new BackupError('files archive is corrupt (bad header checksum)');
  const text = (start: number, length: number) =>
    block.toString('utf8', start, start + length).replace(/\0.*$/s, '');
  const prefix = text(345, 155);
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
  const flag = String.fromCharCode(block[156]!);
  if (flag !== '0' && flag !== '\0' && flag !== '5' && flag !== 'x')
    throw new BackupError(`files archive holds an unsupported entry type "${flag}" (${name})`);
  return {
    name: name.replace(/\/$/, ''),
    size: parseOctal(block, 124, 12),
    mode: parseOctal(block, 100, 8),
    mtime: parseOctal(block, 136, 12),
    type: flag === '5' ? 'directory' : flag === 'x' ? 'pax' : 'file',
  };
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (const byte of block) sum += byte;
  return sum;
}

function parseOctal(block: Buffer, start: number, length: number): number {
  const text = block
    .toString('ascii', start, start + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  const value = Number.parseInt(text || '0', 8);
  if (!Number.isFinite(value)) throw new BackupError('files archive is corrupt (bad number in header)');
  return value;
}
