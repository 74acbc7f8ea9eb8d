// `<app>/fixtures/<scrubbed doctype>.json`: lists of records (Frappe's fixture files), each record naming its
// `doctype`. Read once at load so a malformed file stops start-up rather than a later migrate half-way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scrub } from '../model/meta/scrub.ts';
import { AppLoadError } from './app-load-error.ts';
import type { AppLocation } from './app-modules.ts';
import type { AppDefinition } from './define-app.ts';
import type { AppFixtureFile } from './loaded-app.ts';

/** The app's fixture files with the DocType each holds (from its records, else from the `fixtures` hook). */
export function appFixtures(location: AppLocation, definition: AppDefinition): AppFixtureFile[] {
  const folder = join(location.packagePath, 'fixtures');
  if (!existsSync(folder)) return [];
  const declared = new Map(
    (definition.fixtures ?? []).map((spec) => {
      const doctype = typeof spec === 'string' ? spec : spec.doctype;
      return [scrub(doctype), doctype] as const;
    }),
  );
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const path = join(folder, name);
      const fail = (problem: string) => new AppLoadError(location.name, path, problem, location.appsPath);
      let records: unknown;
      try {
        records = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw fail(`invalid JSON: ${(error as Error).message}`);
      }
      if (!Array.isArray(records)) throw fail('a fixture file is a JSON list of records');
      const stem = name.slice(0, -'.json'.length);
      const named = (records as Array<{ doctype?: unknown }>).find((r) => typeof r?.doctype === 'string');
      const doctype = (named?.doctype as string | undefined) ?? declared.get(stem);
      if (!doctype) throw fail('its records name no doctype and the fixtures hook lists none for it');
      if (scrub(doctype) !== stem) throw fail(`records of ${doctype} belong in ${scrub(doctype)}.json`);
      return { doctype, path };
    });
}
