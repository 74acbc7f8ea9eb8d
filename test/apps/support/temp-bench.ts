// A throwaway bench folder (`sites/`, `apps/`) with small apps written into it by the test, file by file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Bench } from '../../../src/config/bench.ts';

/** A temporary bench whose apps a test writes. */
export interface TempBench {
  root: string;
  bench: Bench;
  /** Writes files under `apps/<app>/` (paths relative to it) and lists the app in apps.txt. */
  writeApp(app: string, files: Record<string, string>): string;
  /** Writes one file under the bench root. */
  write(path: string, text: string): void;
  close(): void;
}

/** A minimal valid app: package.json, hooks.ts declaring `modules`, and the module folders. */
export function appFiles(app: string, hooks = `modules: ['Things']`): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: app, version: '1.2.3', type: 'module' }),
    [`${app}/hooks.ts`]: `import { defineApp } from 'cortado';\nexport default defineApp({ name: '${app}', ${hooks} });\n`,
    [`${app}/things/.keep`]: '',
  };
}

/** A standard DocType JSON of module Things. */
export function docTypeJson(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    module: 'Things',
    custom: 0,
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
    permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    ...extra,
  });
}

export function createTempBench(): TempBench {
  const root = mkdtempSync(join(tmpdir(), 'cortado-apps-'));
  const bench = new Bench(join(root, 'sites'));
  bench.ensure();
  const apps: string[] = [];
  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  return {
    root,
    bench,
    write,
    writeApp(app, files) {
      for (const [path, text] of Object.entries(files)) write(join('apps', app, path), text);
      if (!apps.includes(app)) apps.push(app);
      write('sites/apps.txt', `frappe\n${apps.join('\n')}\n`);
      return join(root, 'apps', app);
    },
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}
