// An app's build step on the server side: TypeScript checks it (apps run through tsx, uncompiled).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Type-checks `apps/<app>` with its tsconfig.json and the TypeScript the bench links (apps/node_modules);
 * throws the first error with the count.
 */
export function typecheckApp(appsDir: string, app: string): void {
  const tsc = join(appsDir, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc))
    throw new Error(
      'TypeScript is not installed with Cortado: type-checking apps needs its dev dependencies',
    );
  const result = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '--pretty', 'false', '-p', join(appsDir, app)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    },
  );
  if (result.error) throw new Error(`cannot run tsc: ${result.error.message}`);
  if (result.status === 0) return;
  const errors = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  const first = errors[0]?.trim() ?? `tsc exited with ${result.status}`;
  throw new Error(`${app} does not type-check (${errors.length || 1} errors): ${first}`);
}
