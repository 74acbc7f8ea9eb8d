// Minimal Cortado apps on disk for get-app and image tests: a package.json and `<name>/hooks.ts`, optionally
// made a git repository (git is on every machine the tests run on; no network is used).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureApp {
  name: string;
  version?: string;
  /** Extra package.json fields (dependencies, ...). */
  manifest?: Record<string, unknown>;
  /** Extra files, relative to the app folder. */
  files?: Record<string, string>;
}

/** Writes the app into `dir` (created) and returns `dir`. */
export function writeApp(dir: string, app: FixtureApp): string {
  mkdirSync(join(dir, app.name), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: app.name, version: app.version ?? '1.0.0', type: 'module', ...app.manifest }),
  );
  writeFileSync(
    join(dir, app.name, 'hooks.ts'),
    `export default { name: '${app.name}', modules: [] as string[] };\n`,
  );
  // Cortado's compiler options, as new-app writes them.
  const tsconfig = readFileSync(
    new URL('../../../src/apps/scaffold/templates/tsconfig.json.tpl', import.meta.url),
    'utf8',
  );
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig.replaceAll('{{app_name}}', app.name));
  for (const [path, text] of Object.entries(app.files ?? {})) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The app as a git repository on `main`, with everything committed. */
export function writeGitApp(dir: string, app: FixtureApp): string {
  writeApp(dir, app);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}
