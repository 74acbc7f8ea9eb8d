// Renders the Helm chart with `helm template` and reads back the objects.
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './k8s-schema.ts';
import { deployDir, run, runOk, type Tool, toolArgv } from './tools.ts';

export const chartDir = join(deployDir, 'helm', 'cortado');
export const release = 'demo';
export const fullname = 'demo-cortado';

/** `--values <file>` (relative to the chart) for each variant file, then `--set` pairs. */
function valueArgs(valueFiles: string[], set: string[]): string[] {
  return [...valueFiles.flatMap((f) => ['--values', join(chartDir, f)]), ...set.flatMap((s) => ['--set', s])];
}

/** Every object `helm template` renders (hooks included) for these values. */
export function renderChart(helm: Tool, valueFiles: string[] = [], set: string[] = []): K8sObject[] {
  const out = runOk([...toolArgv(helm), 'template', release, chartDir, ...valueArgs(valueFiles, set)]);
  // YAML 1.1, as Kubernetes reads manifests: an unquoted `off` or `1e3` would not be a string there.
  return parseAllDocuments(out, { version: '1.1' })
    .map((doc) => {
      if (doc.errors.length) throw new Error(`helm template printed invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** `helm template`'s failure message for values that must be refused. */
export function renderError(helm: Tool, valueFiles: string[], set: string[]): string {
  const result = run([...toolArgv(helm), 'template', release, chartDir, ...valueArgs(valueFiles, set)]);
  if (result.status === 0) throw new Error('helm template succeeded but should have failed');
  return result.stderr;
}

/** `helm lint --strict` output; throws when the chart fails. */
export function lintChart(helm: Tool, valueFiles: string[] = []): string {
  return runOk([...toolArgv(helm), 'lint', '--strict', chartDir, ...valueArgs(valueFiles, [])]);
}

/** The one object of this kind and name (the chart's fullname prefix added when `name` starts with `-`). */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const full = name.startsWith('-') ? fullname + name : name;
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === full);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${full}, found ${found.length}`);
  return found[0]!;
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

// biome-ignore lint/suspicious/noExplicitAny: a rendered pod spec
export type PodSpec = any;

/** The pod spec of a Deployment, Job or CronJob. */
export function podSpec(object: K8sObject): PodSpec {
  if (object.kind === 'CronJob') return object.spec.jobTemplate.spec.template.spec;
  return object.spec.template.spec;
}

/** A container's env as name -> value, or name -> `secret:<name>/<key>` for secret references. */
// biome-ignore lint/suspicious/noExplicitAny: a rendered container
export function envOf(container: { env?: Array<Record<string, any>> }): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      return [e.name, ref ? `secret:${ref.name}/${ref.key}` : String(e.value)];
    }),
  );
}
