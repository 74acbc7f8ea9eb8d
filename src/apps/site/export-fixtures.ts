import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDocs } from '../../backend/api/list-query.ts';
import { getDoc, getSingle } from '../../model/document/index.ts';
import { scrub } from '../../model/meta/scrub.ts';
import type { FixtureSpec } from '../define-app.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { asAdministrator, type SiteAppsEnv } from './site-apps-env.ts';

// Bookkeeping a fixture file leaves out, as Frappe's export does: another site makes its own.
const dropped = ['modified_by', 'creation', 'owner', 'idx', 'lft', 'rgt'];
const droppedInRows = [...dropped, 'docstatus', 'doctype', 'modified', 'name', 'parent', 'parenttype'];

/**
 * Writes the records the app's `fixtures` hook names (every record of a DocType, or those its filters match)
 * to `<app>/<app>/fixtures/<scrubbed doctype>.json`, sorted by name, one file per DocType, each atomically.
 *
 * @returns the files written
 */
export async function exportFixtures(env: SiteAppsEnv, app: LoadedApp): Promise<string[]> {
  const specs = app.definition.fixtures ?? [];
  if (specs.length === 0) return [];
  const folder = join(app.packagePath, 'fixtures');
  const byDoctype = await asAdministrator(env, async (_actx, dctx) => {
    const out = new Map<string, Record<string, unknown>[]>();
    for (const spec of specs) {
      const { doctype, filters } = normalizeSpec(spec);
      const meta = await dctx.metas.find(dctx.db, doctype);
      if (!meta)
        throw new Error(`app ${app.name}: fixtures name ${doctype}, which is not a DocType of this site`);
      const records = out.get(doctype) ?? [];
      if (meta.isSingle) records.push(await getSingle(dctx, doctype));
      else {
        const { data } = await listDocs(dctx, {
          doctype,
          fields: ['name'],
          filters,
          order_by: 'name asc',
          limit_page_length: 0,
        });
        for (const row of data as Array<{ name: string }>)
          records.push(await getDoc(dctx, doctype, row.name));
      }
      out.set(doctype, records);
    }
    return out;
  });
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const [doctype, records] of byDoctype) {
    const path = join(folder, `${scrub(doctype)}.json`);
    const unique = [...new Map(records.map((r) => [String(r.name), r])).values()].map(clean);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(unique, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
    written.push(path);
  }
  return written;
}

function normalizeSpec(spec: FixtureSpec): { doctype: string; filters?: unknown } {
  if (typeof spec === 'string') return { doctype: spec };
  const { doctype, filters } = spec;
  if (typeof doctype !== 'string' || !doctype) throw new Error('a fixtures entry names no doctype');
  return { doctype, filters };
}

/** A record as a fixture file keeps it: bookkeeping dropped, child rows without their identity. */
function clean(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (dropped.includes(key) || key.startsWith('_')) continue;
    out[key] = Array.isArray(value)
      ? value.map((row) =>
          Object.fromEntries(
            Object.entries(row as Record<string, unknown>).filter(
              ([k]) => !droppedInRows.includes(k) && !k.startsWith('_'),
            ),
          ),
        )
      : value;
  }
  return out;
}
