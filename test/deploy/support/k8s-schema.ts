// Offline validation of rendered Kubernetes objects against the API of Kubernetes 1.31, as packaged by
// kubernetes-models (and @kubernetes-models/gateway-api for HTTPRoute), two ways:
//  - each object through its model's JSON-schema validator: types, required fields, formats;
//  - every object at once through TypeScript, typed with the models' interfaces: the excess-property
//    check rejects unknown fields (a misspelt `readinesProbe`), which those JSON schemas let through.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './tools.ts';

/** A rendered object: at least apiVersion, kind and a name. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are walked freely by the assertions
  spec?: any;
  data?: Record<string, string>;
}

/** The module holding the model of apiVersion/kind, e.g. kubernetes-models/apps/v1/Deployment. */
function modelModule(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'gateway.networking.k8s.io')
    return `@kubernetes-models/gateway-api/${group}/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

const label = (o: K8sObject) => `${o.kind} ${o.metadata?.name}`;

/** Problems found by the JSON-schema validators, one line each (empty: all valid). */
export async function schemaProblems(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    let Model: (new (data: unknown) => { validate(): void }) | undefined;
    try {
      Model = (await import(modelModule(object.apiVersion, object.kind)))[object.kind];
    } catch {}
    if (!Model) {
      problems.push(`${label(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${label(object)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Problems TypeScript finds typing each object with its model's interface (unknown fields, wrong types). */
export function typeProblems(objects: K8sObject[]): string[] {
  const dir = join(repoRoot, 'node_modules', '.cache', 'cortado-deploy', `k8s-types-${process.pid}`);
  const file = join(dir, 'objects.ts');
  const imports = new Map<string, string>();
  const body: string[] = [];
  const owners: Array<{ line: number; label: string }> = [];
  for (const [i, object] of objects.entries()) {
    const module = modelModule(object.apiVersion, object.kind);
    if (!imports.has(module)) imports.set(module, `T${imports.size}`);
    owners.push({ line: body.length, label: label(object) });
    body.push(
      ...`export const o${i}: ${imports.get(module)} = ${JSON.stringify(object, null, 2)};`.split('\n'),
    );
  }
  const header = [...imports].map(([module, alias]) => {
    const kind = module.slice(module.lastIndexOf('/') + 1);
    return `import type { I${kind} as ${alias} } from '${module}';`;
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, [...header, ...body].join('\n'));
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file || !d.file)
      .map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
        if (!d.file || d.start === undefined) return message;
        const line = d.file.getLineAndCharacterOfPosition(d.start).line - header.length;
        const owner = owners.filter((o) => o.line <= line).at(-1);
        return `${owner?.label ?? '?'}: ${body[line]?.trim()} -> ${message}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
