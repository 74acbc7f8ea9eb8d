// Where a bench keeps its apps (docs/apps.md): `<bench>/apps/<app>/`, listed one per line in `sites/apps.txt`.
// The bench root is the parent of `sites/`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type Bench, writeFileAtomic } from '../../config/bench.ts';
import { appsTxtPath } from '../bench-apps.ts';

export { appsTxtPath, benchAppsPath } from '../bench-apps.ts';

/** The apps listed in `sites/apps.txt`, in order (blank lines and surrounding spaces ignored). */
export function readAppsTxt(bench: Bench): string[] {
  const path = appsTxtPath(bench);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Adds an app to the end of `sites/apps.txt` unless listed; written atomically. */
export function addToAppsTxt(bench: Bench, app: string): void {
  const apps = readAppsTxt(bench);
  if (apps.includes(app)) return;
  writeAppsTxt(bench, [...apps, app]);
}

export function writeAppsTxt(bench: Bench, apps: readonly string[]): void {
  mkdirSync(bench.sitesPath, { recursive: true });
  writeFileAtomic(appsTxtPath(bench), apps.map((app) => `${app}\n`).join(''), 0o644);
}
