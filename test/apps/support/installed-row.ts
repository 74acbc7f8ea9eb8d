// Records an app as installed on a site the way install-app does (a row of Installed Applications), for tests
// of the wiring that do not go through install-app itself. Creates the child table when the site lacks it.
import type { Database } from '../../../src/db/database.ts';
import { syncTable } from '../../../src/db/schema/index.ts';

export async function recordInstalled(db: Database, app: string, idx: number): Promise<void> {
  await syncTable(db, {
    name: 'Installed Application',
    module: 'Core',
    istable: 1,
    fields: [{ fieldname: 'app_name', fieldtype: 'Data' }],
    permissions: [],
  });
  const q = db.dialect.quote;
  await db.run(
    `INSERT INTO ${q('tabInstalled Application')} (${q('name')}, ${q('parent')}, ${q('parenttype')}, ${q('parentfield')}, ${q('idx')}, ${q('app_name')})
      VALUES (?, 'Installed Applications', 'Installed Applications', 'installed_applications', ?, ?)`,
    [`installed-${app}`, idx, app],
  );
}
