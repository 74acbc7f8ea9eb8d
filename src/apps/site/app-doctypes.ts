import type { Database } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { syncStandardDocType } from '../../site/apps/index.ts';
import type { AppDocType, LoadedApp } from '../loaded-app.ts';
import type { AppsProgress } from './site-apps-env.ts';

/** An app's DocType as a site stores it: standard (`custom: 0`), owned by its module. */
export function standardMeta(doctype: AppDocType): DocTypeMeta {
  return { ...doctype.meta, custom: 0, module: doctype.meta.module } as DocTypeMeta;
}

/**
 * Syncs every DocType of the app from its JSON (new ones created, changed ones altered), each in its own
 * transaction: MariaDB commits DDL by itself anyway, and a large app should not hold one long lock.
 *
 * @returns the changes made and the DocTypes whose meta changed
 */
export async function syncAppDocTypes(
  db: Database,
  app: LoadedApp,
  onProgress?: AppsProgress,
): Promise<{ changes: string[]; changed: string[] }> {
  const changes: string[] = [];
  const changed: string[] = [];
  let done = 0;
  for (const doctype of app.doctypes) {
    const meta = standardMeta(doctype);
    const made = await db.transaction((tx) => syncStandardDocType(tx, meta));
    if (made.length) changed.push(meta.name);
    changes.push(...made);
    onProgress?.(`DocType ${meta.name}`, ++done, app.doctypes.length);
  }
  return { changes, changed };
}
