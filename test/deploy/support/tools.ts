// The external tools the deploy tests drive (docker-compose, helm) and what happens without them:
// locally a suite is skipped with the reason; with CI=true it runs and fails, never skips.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const deployDir = join(repoRoot, 'deploy');

/** A resolved command line prefix (`['docker-compose']`, `['docker', 'compose']`) or why there is none. */
export type Tool = { argv: string[] } | { missing: string };

/**
 * node:test options for a suite that needs `tool`: skipped locally when it is missing, run under
 * CI=true so that `toolArgv` fails every test with the reason.
 *
 * @example describe('helm chart', suiteOptions(helm), () => { ... })
 */
export function suiteOptions(tool: Tool): { skip: string | false } {
  if ('argv' in tool || process.env.CI === 'true') return { skip: false };
  return { skip: tool.missing };
}

/** The tool's argv prefix; throws the missing reason (what a CI run reports). */
export function toolArgv(tool: Tool): string[] {
  if ('argv' in tool) return tool.argv;
  throw new Error(`${tool.missing}${process.env.CI === 'true' ? ' (CI=true: deploy tests never skip)' : ''}`);
}

/** An executable on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** Debian's `docker-compose` (v1.29), else the `docker compose` plugin (v2). */
export function findCompose(): Tool {
  const v1 = onPath('docker-compose');
  if (v1) return { argv: [v1] };
  const docker = onPath('docker');
  if (docker && spawnSync(docker, ['compose', 'version'], { stdio: 'ignore' }).status === 0) {
    return { argv: [docker, 'compose'] };
  }
  return { missing: 'docker-compose not found: apt-get install docker-compose' };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing its output (never throws on a non-zero exit). */
export function run(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): RunResult {
  const [command, ...args] = argv;
  const result = spawnSync(command!, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Same as `run`, but a non-zero exit is an error carrying stderr. */
export function runOk(argv: string[], options: Parameters<typeof run>[1] = {}): string {
  const result = run(argv, options);
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** True when `path` exists (a small readability helper for assertions). */
export function exists(path: string): boolean {
  return existsSync(path);
}
