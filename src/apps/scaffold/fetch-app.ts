// Brings an app's files into a staging folder (absent before), one function per kind of source. Each runs a
// well-known tool (git, npm, node-tar) with no shell, and fails with one line.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tar from 'tar';

/** Branch or tag names git accepts and no option can hide in. */
const branchName = /^(?!-)(?!.*\.\.)[\w./-]{1,200}$/;

/** `git clone --depth 1` of one branch (or the default one), without prompts, over allowed protocols only. */
export function gitClone(url: string, branch: string | undefined, staging: string): void {
  if (branch !== undefined && !branchName.test(branch))
    throw new Error(`invalid branch ${JSON.stringify(branch)}`);
  const args = ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-recurse-submodules'];
  if (branch) args.push('--branch', branch);
  run('git', [...args, '--', url, staging], process.cwd(), {
    // ext:: and other transports run programs; a credential prompt would hang a build.
    GIT_ALLOW_PROTOCOL: 'https:ssh:git:file',
    GIT_TERMINAL_PROMPT: '0',
  });
}

/** `npm pack <spec>` (registry, tarball URL or git spec, as npm reads it), then the tarball extracted. */
export async function npmPack(spec: string, staging: string): Promise<void> {
  const work = mkdtempSync(join(staging, '..', '.npm-pack-'));
  try {
    const out = run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', work, '--', spec],
      work,
    );
    const [packed] = JSON.parse(out) as { filename: string }[];
    if (!packed) throw new Error(`npm pack ${spec} made no package`);
    await extractTarball(join(work, basename(packed.filename)), staging);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Extracts an npm package tarball (files under `package/`): regular files and folders only. */
export async function extractTarball(file: string, staging: string): Promise<void> {
  mkdirSync(staging, { recursive: true });
  try {
    await tar.x({
      file,
      cwd: staging,
      strip: 1,
      strict: true,
      preserveOwner: false,
      filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (error) {
    throw new Error(`cannot extract ${basename(file)}: ${(error as Error).message}`);
  }
  if (readdirSync(staging).length === 0) throw new Error(`${basename(file)} holds no package`);
}

/** Copies a local app folder, leaving out installed dependencies (they are installed afresh). */
export function copyFolder(source: string, staging: string): void {
  cpSync(source, staging, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => basename(path) !== 'node_modules',
  });
}

/** Runs a program (no shell) and returns its output; a failure throws the last line it printed. */
export function run(program: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(program, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  if (result.error) throw new Error(`cannot run ${program}: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    // git says `fatal: …`; npm's first `npm error` line is a bare code, the next one says what happened.
    const reason =
      lines.find(
        (l) => /^(fatal|error):/i.test(l) || (/^npm error /.test(l) && !/^npm error code /.test(l)),
      ) ??
      lines.at(-1) ??
      'failed';
    throw new Error(`${program} ${args[0]} failed: ${reason}`);
  }
  return result.stdout;
}
