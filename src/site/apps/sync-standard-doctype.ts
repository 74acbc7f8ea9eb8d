import type { Transaction } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { applyCustomizations, storeMeta, syncTable } from '../../db/schema/index.ts';

/**
 * Makes a standard DocType (shipped as JSON by an app) what its JSON says: the meta stored as DocType rows and
 * the table created or altered (columns added or retyped; data in kept columns stays, removed fields' columns
 * stay as Frappe leaves them). The same two steps as saving a DocType document and as the core schema install.
 *
 * @returns one line per change (none when the JSON and table already match)
 */
export async function syncStandardDocType(tx: Transaction, meta: DocTypeMeta): Promise<string[]> {
  // The table follows the meta with the site's customizations (an upgrade keeps Custom Fields' columns and what
  // Property Setters changed); it is made before the meta is stored, so a stored DocType always has its table
  // (the customization tables are read only once their DocTypes are stored).
  const result = await syncTable(tx, await applyCustomizations(tx, meta));
  const changes: string[] = [];
  if (await storeMeta(tx, meta)) changes.push(`store meta ${meta.name}`);
  changes.push(...result.changes);
  return changes;
}
