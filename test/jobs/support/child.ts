import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const jobModule = fileURLToPath(new URL('./test-jobs.ts', import.meta.url));

/** A `cortado <args>` child process with the test job methods registered; `env` adds variables. */
export function spawnCortado(
  sitesPath: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, '--sites-path', sitesPath, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', CORTADO_JOB_MODULES: jobModule, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code (or signal) of a child, and what it printed. */
export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode, output });
      return;
    }
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}
