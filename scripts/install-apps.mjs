#!/usr/bin/env node
// The custom-image build step (deploy/Containerfile, docs/deploy.md "Custom images"): installs the apps listed in
// APPS_JSON_BASE64 (frappe_docker's build argument) into the bench whose sites folder is --sites-path: each one
// fetched into apps/ as `cortado get-app` does, type-checked, listed in sites/apps.txt. With --cortado-path, the
// apps' link to Cortado is pointed where the final image keeps it.
//
//   APPS_JSON_BASE64=$(base64 -w 0 apps.json) node scripts/install-apps.mjs [--sites-path sites] [--cortado-path /home/cortado/app]
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { 'sites-path': { type: 'string' }, 'cortado-path': { type: 'string' } },
});

// The compiled modules when built (the image's build stage), else the sources through tsx (a clone, tests).
async function load(module) {
  const compiled = new URL(`../dist/${module}.js`, import.meta.url);
  if (existsSync(compiled)) return import(compiled.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`../src/${module}.ts`, import.meta.url).href);
}

try {
  const { Bench } = await load('config/bench');
  const { installImageApps } = await load('apps/scaffold/image-apps');
  const bench = new Bench(values['sites-path']);
  const apps = await installImageApps(bench, {
    appsJsonBase64: process.env.APPS_JSON_BASE64 ?? '',
    cortadoPath: values['cortado-path'],
    onApp: (app) => process.stdout.write(`installed ${app.name} ${app.version} (type-checked)\n`),
  });
  process.stdout.write(`${apps.length} app(s) in ${bench.sitesPath}/apps.txt\n`);
} catch (error) {
  process.stderr.write(
    `install-apps: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`,
  );
  process.exit(1);
}
