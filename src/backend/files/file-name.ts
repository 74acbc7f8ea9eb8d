// File names from clients become paths on disk and URLs: whatever arrives is reduced to one safe path
// segment before it touches either.
import { randomBytes } from 'node:crypto';

/** Longest stored file name in UTF-8 bytes: below every filesystem's 255, leaving room for a suffix. */
export const maxFileNameBytes = 180;

/**
 * A client's file name made safe to store as `sites/<site>/{public,private}/files/<name>` and to serve as
 * `/files/<name>`: only the last path segment is kept (either slash), control characters and the
 * characters that end a URL path (`?`, `#`) or are reserved on common filesystems become `_`, leading dots
 * and trailing dots/spaces go (no hidden files, no `..`), and the name is cut to `maxFileNameBytes` keeping
 * its extension. An empty result becomes a random name.
 *
 * @example safeFileName('../../etc/passwd') // 'passwd'
 * @example safeFileName('C:\\Users\\me\\report?.pdf') // 'report_.pdf'
 */
export function safeFileName(raw: string): string {
  const segment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = segment
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*#]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '' || /^_*$/.test(name)) name = `file-${randomBytes(5).toString('hex')}`;
  return truncateBytes(name, maxFileNameBytes);
}

/** Splits `report.final.pdf` into `report.final` and `.pdf` (no extension: `''`). */
export function splitExtension(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * Frappe's `get_file_name`: `stem + suffix + extension`, used when a file of that name already exists.
 *
 * @example withSuffix('a.pdf', '3f9c2e') // 'a3f9c2e.pdf'
 */
export function withSuffix(name: string, suffix: string): string {
  const [stem, extension] = splitExtension(name);
  return truncateBytes(`${stem}${suffix}`, maxFileNameBytes - Buffer.byteLength(extension)) + extension;
}

// Cuts to a byte budget without splitting a character; the extension survives when it fits.
function truncateBytes(name: string, budget: number): string {
  if (Buffer.byteLength(name) <= budget) return name;
  const [stem, extension] = splitExtension(name);
  const keep = Buffer.byteLength(extension) < budget / 2 ? extension : '';
  let out = '';
  for (const ch of keep ? stem : name) {
    if (Buffer.byteLength(out + ch) + Buffer.byteLength(keep) > budget) break;
    out += ch;
  }
  return out + keep;
}
