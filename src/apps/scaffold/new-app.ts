// `cortado new-app <name>` (Frappe's `bench new-app`): an app folder that type-checks and passes its own
// example test as written, in the layout of docs/apps.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import { scrub } from '../../model/index.ts';
import { assertAppName, titleOf } from './app-name.ts';
import { addToAppsTxt, benchAppsPath, readAppsTxt } from './bench-apps.ts';
import { cortadoRoot, linkCortado } from './cortado-links.ts';

export interface NewAppOptions {
  name: string;
  title?: string;
  description?: string;
  publisher?: string;
  email?: string;
  license?: string;
  /** Make a git repository with a first commit (default true; skipped with a note when git is missing). */
  git?: boolean;
}

export interface NewAppResult {
  path: string;
  /** Why no repository was made, when none was. */
  gitSkipped?: string;
}

const templatesDir = () => join(cortadoRoot(), 'src', 'apps', 'scaffold', 'templates');

/** Creates `apps/<name>`, links Cortado for it and lists it in `sites/apps.txt`. */
export function newApp(bench: Bench, options: NewAppOptions): NewAppResult {
  const name = options.name;
  assertAppName(name);
  const title = field('title', options.title ?? titleOf(name));
  // The title names the first module and the example DocType too: letters, digits, spaces, _ and -.
  if (!/^\p{L}[\p{L}\p{N} _-]{0,60}$/u.test(title))
    throw new Error(
      `invalid title ${JSON.stringify(title)}: letters, digits, spaces, _ and - (a letter first)`,
    );
  const description = field('description', options.description ?? `${title}: a Cortado app`);
  const publisher = field('publisher', options.publisher ?? '');
  const email = field('email', options.email ?? '');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`invalid email ${JSON.stringify(email)}`);
  const license = field('license', options.license ?? 'MIT');
  const apps = benchAppsPath(bench);
  const path = join(apps, name);
  if (existsSync(path) || readAppsTxt(bench).includes(name)) throw new Error(`app ${name} already exists`);
  if (!existsSync(templatesDir())) throw new Error(`app templates not found in ${templatesDir()}`);

  const module = title;
  const doctype = `${title} Note`;
  const values: Record<string, string> = {
    app_name: name,
    app_title: title,
    description,
    publisher,
    license,
    module_name: module,
    doctype,
    class_name: doctype.replace(/[^\p{L}\p{N}]/gu, ''),
    now: frappeTimestamp(new Date()),
  };
  const code = join(path, name);
  const doctypeDir = join(code, scrub(module), 'doctype', scrub(doctype));
  const files: [template: string, destination: string][] = [
    ['README.md.tpl', join(path, 'README.md')],
    ['gitignore.tpl', join(path, '.gitignore')],
    ['tsconfig.json.tpl', join(path, 'tsconfig.json')],
    ['hooks.ts.tpl', join(code, 'hooks.ts')],
    ['api.ts.tpl', join(code, 'api.ts')],
    ['patches.txt.tpl', join(code, 'patches.txt')],
    ['doctype.json.tpl', join(doctypeDir, `${scrub(doctype)}.json`)],
    ['controller.ts.tpl', join(doctypeDir, `${scrub(doctype)}.ts`)],
    ['doctype.test.ts.tpl', join(doctypeDir, `${scrub(doctype)}.test.ts`)],
  ];
  try {
    for (const [template, destination] of files) {
      mkdirSync(dirname(destination), { recursive: true });
      writeFileSync(destination, render(join(templatesDir(), template), values));
    }
    mkdirSync(join(code, 'public'), { recursive: true });
    writeFileSync(join(path, 'package.json'), `${JSON.stringify(packageJson(values, email), null, 2)}\n`);
    linkCortado(apps);
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
  const gitSkipped = options.git === false ? 'not asked for' : initRepository(path, publisher, email);
  addToAppsTxt(bench, name);
  return gitSkipped ? { path, gitSkipped } : { path };
}

/** Prompted and flag values go into code and JSON: one line, printable, bounded. */
function field(label: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 140 || /[\p{Cc}]/u.test(trimmed))
    throw new Error(`invalid ${label}: one line of at most 140 characters`);
  return trimmed;
}

/**
 * Fills `{{key}}` placeholders, escaped for the file they land in: inside JSON strings in `.json`, inside
 * single-quoted strings in `.ts`. An unknown key is a bug in the template, so it throws.
 */
function render(template: string, values: Record<string, string>): string {
  const text = readFileSync(template, 'utf8');
  const escaped = template.endsWith('.json.tpl')
    ? (value: string) => JSON.stringify(value).slice(1, -1)
    : template.endsWith('.ts.tpl')
      ? (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
      : (value: string) => value;
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template ${template} uses unknown {{${key}}}`);
    return escaped(value);
  });
}

/** The app's package: type-checked and tested with the toolchain versions Cortado itself uses. */
function packageJson(values: Record<string, string>, email: string): Record<string, unknown> {
  const own = JSON.parse(readFileSync(join(cortadoRoot(), 'package.json'), 'utf8')) as {
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const version = (name: string) => own.devDependencies?.[name] ?? own.dependencies?.[name] ?? '*';
  const author = [values.publisher, email && `<${email}>`].filter(Boolean).join(' ');
  const app = values.app_name!;
  return {
    name: app,
    version: '0.0.1',
    description: values.description,
    type: 'module',
    license: values.license,
    ...(author ? { author } : {}),
    engines: own.engines ?? { node: '>=20.18.1' },
    scripts: {
      typecheck: 'tsc --noEmit -p .',
      test: `node --import tsx --test $(find ${app} -name '*.test.ts' -not -path '*/node_modules/*')`,
    },
    devDependencies: {
      '@types/node': version('@types/node'),
      tsx: version('tsx'),
      typescript: version('typescript'),
    },
  };
}

/** Frappe's timestamps in DocType JSON: `2026-12-07 13:05:00.000000`. */
function frappeTimestamp(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

/** `git init` on branch develop (as Frappe's new-app) and a first commit; the reason when it could not. */
function initRepository(path: string, publisher: string, email: string): string | undefined {
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd: path, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const version = git(['--version']);
  if (version.error || version.status !== 0) return 'git is not installed';
  // A machine without a git identity still gets its first commit, signed with the app's publisher.
  const identity = git(['config', 'user.email']).stdout.trim()
    ? []
    : ['-c', `user.name=${publisher || 'Cortado'}`, '-c', `user.email=${email || 'cortado@localhost'}`];
  const steps: [string, string[]][] = [
    ['init', ['init', '-q', '-b', 'develop']],
    ['add', ['add', '-A']],
    ['commit', [...identity, 'commit', '-q', '--no-verify', '-m', 'feat: Initialize App']],
  ];
  for (const [step, args] of steps) {
    const result = git(args);
    if (result.status !== 0) return `git ${step} failed: ${result.stderr.trim().split('\n')[0]}`;
  }
  return undefined;
}
