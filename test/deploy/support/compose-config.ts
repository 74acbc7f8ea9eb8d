// Renders compose files with `docker-compose config` and reads the result back in one shape, whichever
// Compose (v1.29 or v2) rendered it.
import { join } from 'node:path';
import { parse } from 'yaml';
import { deployDir, run, type Tool, toolArgv } from './tools.ts';

// biome-ignore lint/suspicious/noExplicitAny: docker-compose output, read field by field
export type Service = Record<string, any>;
export interface ComposeConfig {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** compose.yaml plus overrides/compose.<name>.yaml for each name, with example.env and `env` on top. */
export function composeArgs(compose: Tool, overrides: string[]): string[] {
  const files = ['compose.yaml', ...overrides.map((name) => `overrides/compose.${name}.yaml`)];
  return [
    ...toolArgv(compose),
    '--env-file',
    join(deployDir, 'example.env'),
    ...files.flatMap((file) => ['-f', join(deployDir, file)]),
  ];
}

/** A clean environment: nothing from the caller's shell leaks into the interpolation. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

/** The rendered configuration of compose.yaml + overrides. */
export function renderCompose(
  compose: Tool,
  overrides: string[],
  env: Record<string, string> = {},
): ComposeConfig {
  const result = run([...composeArgs(compose, overrides), 'config'], { env: cleanEnv(env) });
  if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  const config = parse(result.stdout) as ComposeConfig;
  return { services: config.services ?? {}, volumes: config.volumes ?? {} };
}

// `config` writes a literal `$` as `$$` (its output is a compose file again).
const unescapeDollars = (value: unknown) => String(value).replaceAll('$$', '$');

/** A service's environment as strings. */
export function envOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => [entry.split('=')[0], unescapeDollars(entry.slice(entry.indexOf('=') + 1))]),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : unescapeDollars(v)]));
}

/** depends_on as service -> condition. */
export function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(deps).map(([name, d]) => [
      name,
      (d as { condition?: string }).condition ?? 'service_started',
    ]),
  );
}

/** Published ports as "published:target[/udp]". */
export function portsOf(service: Service): string[] {
  return (service.ports ?? []).map((p: string | Record<string, unknown>) => {
    if (typeof p === 'string') return p.replace(/^0\.0\.0\.0:/, '');
    const udp = p.protocol === 'udp' ? '/udp' : '';
    return `${p.published}:${p.target}${udp}`;
  });
}

/** The command as a list. */
export function commandOf(service: Service): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command.map(String) : String(command).split(/\s+/);
}

/** Labels as a map (compose accepts a list of key=value too). */
export function labelsOf(service: Service): Record<string, string> {
  const labels = service.labels ?? {};
  if (Array.isArray(labels)) {
    return Object.fromEntries(labels.map((l: string) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** Bind-mount sources and volume names of a service, as `source:target`. */
export function mountsOf(service: Service): string[] {
  return (service.volumes ?? []).map((v: string | Record<string, unknown>) =>
    typeof v === 'string' ? v.replace(/:(rw|ro)$/, '') : `${v.source}:${v.target}`,
  );
}
