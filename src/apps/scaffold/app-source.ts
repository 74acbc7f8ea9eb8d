// What `cortado get-app <source>` accepts, told apart by its form alone (no network, no guessing):
//   git      https://…, ssh://…, git://…, file://…, git+https://…, user@host:path (scp-like)
//   npm      npm:<spec>, or a package name with an optional @version/@tag (`library_management@1.2.0`)
//   tarball  a local .tgz / .tar.gz (what `npm pack` makes)
//   path     a local folder, written as a path: /…, ./…, ../…, ~/…
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

export type AppSource =
  | { kind: 'git'; url: string }
  | { kind: 'npm'; spec: string }
  | { kind: 'tarball'; path: string }
  | { kind: 'path'; path: string };

const gitSchemes = new Set(['https:', 'ssh:', 'git:', 'file:']);
const scpLike = /^[\w.-]+@[\w.-]+:[\w./~-]+$/;
const npmName = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[\w.^~<>=|* -]+)?$/i;

export function parseAppSource(input: string, cwd = process.cwd()): AppSource {
  const source = input.trim();
  if (!source || source.startsWith('-') || /[\0\n\r]/.test(source))
    throw new Error(`invalid app source ${JSON.stringify(input)}`);
  if (source.startsWith('npm:')) {
    const spec = source.slice(4);
    if (!spec || spec.startsWith('-')) throw new Error(`invalid npm spec ${JSON.stringify(input)}`);
    return { kind: 'npm', spec };
  }
  if (/^[a-z][\w+.-]*:\/\//i.test(source) || source.includes('::'))
    return { kind: 'git', url: gitUrl(source) };
  if (scpLike.test(source)) return { kind: 'git', url: source };
  if (/^(\/|\.{1,2}(\/|$)|~(\/|$))/.test(source)) return localSource(source, cwd);
  if (npmName.test(source)) return { kind: 'npm', spec: source };
  throw new Error(
    `cannot tell what ${JSON.stringify(input)} is: give a git URL (https://…), npm:<spec>, or a folder path (./…)`,
  );
}

/** A URL git may fetch: https, ssh, git or file, with `git+` prefixes dropped; anything else is refused. */
function gitUrl(source: string): string {
  const url = source.replace(/^git\+/i, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid URL ${JSON.stringify(source)}`);
  }
  if (!gitSchemes.has(parsed.protocol))
    throw new Error(`unsupported URL ${JSON.stringify(source)}: use https://, ssh://, git:// or file://`);
  if (parsed.protocol !== 'file:' && !parsed.hostname)
    throw new Error(`invalid URL ${JSON.stringify(source)}`);
  return url;
}

function localSource(source: string, cwd: string): AppSource {
  const path = source.startsWith('~') ? resolve(homedir(), source.slice(2)) : resolve(cwd, source);
  if (!existsSync(path)) throw new Error(`${source} does not exist`);
  if (statSync(path).isDirectory()) return { kind: 'path', path };
  if (/\.(tgz|tar\.gz)$/.test(path)) return { kind: 'tarball', path };
  throw new Error(`${source} is neither a folder nor a .tgz package`);
}
