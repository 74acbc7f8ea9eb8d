// The `cortado` a benchmark runs: compiled by tsc, as the container image runs it (tsx's on-the-fly transform is
// for development and costs CPU per request), unless BENCH_TSX=1 asks for the sources through tsx.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles `src` once (into `.bench-build/`, beside `dist/`: the compiled files find the dependencies and
 * `package.json` as the image's do) and
 * returns the compiled CLI's path; with BENCH_TSX=1, `bin/cortado.js` on the sources instead.
 *
 * @example spawn(process.execPath, [benchCli(), 'backend', '--port', '8000'])
 */
export function benchCli(): string {
  if (process.env.BENCH_TSX === '1') return join(root, 'bin', 'cortado.js');
  const out = join(root, '.bench-build');
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  process.stderr.write('compiling the sources (tsc) for the benchmark...\n');
  execFileSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', out, '--sourceMap', 'false'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  return join(out, 'cli', 'main.js');
}
