import { readFileSync } from 'node:fs';
import type { Doc } from '../../model/document/doc.ts';
import { docExists, getDoc, insertDoc, updateDoc } from '../../model/document/index.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { asAdministrator, type SiteAppsEnv } from './site-apps-env.ts';

/** A fixture file's records, checked: a JSON list of objects of the file's DocType. */
export function readFixtureFile(
  app: LoadedApp,
  file: { doctype: string; path: string },
): Record<string, unknown>[] {
  const where = `app ${app.name}: fixture ${file.path}`;
  let records: unknown;
  try {
    records = JSON.parse(readFileSync(file.path, 'utf8'));
  } catch (error) {
    throw new Error(`${where} is not readable JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(records)) throw new Error(`${where} must be a JSON list of records`);
  return records.map((record, i) => {
    if (!record || typeof record !== 'object' || Array.isArray(record))
      throw new Error(`${where}: record ${i + 1} is not an object`);
    const doctype = (record as { doctype?: unknown }).doctype ?? file.doctype;
    if (doctype !== file.doctype)
      throw new Error(`${where}: record ${i + 1} is a ${String(doctype)}, not a ${file.doctype}`);
    return { ...(record as Record<string, unknown>), doctype };
  });
}

/**
 * Imports the app's fixture files (Frappe's `sync_fixtures`): each record inserted under its name, or, when
 * the site has it with other values, updated to the file's values. All of one app in one transaction, through
 * the document engine (controllers and validation run); a bad record stops the import and changes nothing.
 *
 * @returns the number of records written (a migrate with nothing new writes none)
 */
export async function importFixtures(env: SiteAppsEnv, app: LoadedApp): Promise<number> {
  if (app.fixtures.length === 0) return 0;
  const files = app.fixtures.map((file) => ({ file, records: readFixtureFile(app, file) }));
  return asAdministrator(env, async (_actx, dctx) => {
    let written = 0;
    for (const { file, records } of files) {
      for (const record of records) {
        const { modified: _modified, creation: _creation, ...values } = record;
        const name = typeof values.name === 'string' ? values.name : undefined;
        try {
          if (name && (await docExists(dctx, file.doctype, name))) {
            if (holds(await getDoc(dctx, file.doctype, name), values)) continue;
            await updateDoc(dctx, file.doctype, name, values, { ignorePermissions: true });
          } else await insertDoc(dctx, values as never, { ignorePermissions: true, nameSet: Boolean(name) });
        } catch (error) {
          throw new Error(
            `app ${app.name}: fixture ${file.doctype} ${name ?? ''} could not be imported: ${(error as Error).message}`,
          );
        }
        written++;
      }
    }
    return written;
  });
}

// Whether the stored document already has every value of the fixture record. Child tables are compared as a
// whole (their rows' own keys); anything else as text, as the database returns it.
function holds(stored: Doc, values: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(values)) {
    if (key === 'doctype') continue;
    const have = (stored as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      if (!Array.isArray(have) || have.length !== value.length) return false;
      for (let i = 0; i < value.length; i++) {
        const row = value[i];
        if (!row || typeof row !== 'object' || !holds(have[i] as Doc, row as Record<string, unknown>))
          return false;
      }
    } else if (String(have ?? '') !== String(value ?? '')) return false;
  }
  return true;
}
