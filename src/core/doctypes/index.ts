// The DocTypes Cortado itself needs (Frappe's core module, trimmed to the fields that matter), and their install.
import type { Database, Transaction } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import {
  applyCustomizations,
  installSystemTables,
  schemaAdapter,
  storeMeta,
  syncTable,
} from '../../db/schema/index.ts';
import { withTransaction } from '../../db/with-transaction.ts';
import { recordCoreApp } from '../apps/core-app.ts';
import comment from './comment.json' with { type: 'json' };
import defaultValue from './defaultvalue.json' with { type: 'json' };
import docField from './docfield.json' with { type: 'json' };
import docPerm from './docperm.json' with { type: 'json' };
import docShare from './docshare.json' with { type: 'json' };
import docType from './doctype.json' with { type: 'json' };
import file from './file.json' with { type: 'json' };
import hasRole from './has_role.json' with { type: 'json' };
import installedApplication from './installed_application.json' with { type: 'json' };
import installedApplications from './installed_applications.json' with { type: 'json' };
import moduleDef from './module_def.json' with { type: 'json' };
import patchLog from './patch_log.json' with { type: 'json' };
import role from './role.json' with { type: 'json' };
import rqJob from './rq_job.json' with { type: 'json' };
import scheduledJobLog from './scheduled_job_log.json' with { type: 'json' };
import scheduledJobType from './scheduled_job_type.json' with { type: 'json' };
import sessions from './sessions.json' with { type: 'json' };
import toDo from './todo.json' with { type: 'json' };
import user from './user.json' with { type: 'json' };
import userPermission from './user_permission.json' with { type: 'json' };
import version from './version.json' with { type: 'json' };

/**
 * Core DocTypes, in install order: DocType, DocField and DocPerm first, since every DocType's meta is
 * stored as rows of their tables. Version, Comment, ToDo and File serve the document engine (change history,
 * timeline, assignments, attachments); DocShare and User Permission the permission rules (shared documents,
 * Link restrictions per user); Scheduled Job Type/Log and the virtual RQ Job serve background jobs; Module Def,
 * Installed Applications (with its rows, Installed Application) and Patch Log record the apps on the site.
 */
export const coreDocTypes: readonly DocTypeMeta[] = [
  docType,
  docField,
  docPerm,
  role,
  hasRole,
  defaultValue,
  user,
  sessions,
  version,
  comment,
  toDo,
  file,
  docShare,
  userPermission,
  scheduledJobType,
  scheduledJobLog,
  rqJob,
  moduleDef,
  installedApplication,
  installedApplications,
  patchLog,
] as unknown as DocTypeMeta[];

/** Reports progress of a long install: the step just done, how many are done, of how many. */
export type ProgressListener = (step: string, done: number, total: number) => void;

/**
 * Installs the core schema: system tables, one table per core DocType (synced to its meta) and the metas
 * themselves in `tabDocType`/`tabDocField`/`tabDocPerm`, and the core as the installed app `frappe`. Idempotent: a second run changes nothing and
 * returns no changes. Runs in one transaction (MariaDB commits each DDL statement by itself).
 *
 * @example await installCoreSchema(db, (step, done, total) => bar.update(done, { step }));
 */
export async function installCoreSchema(
  db: Database | Transaction,
  onProgress?: ProgressListener,
): Promise<{ changes: string[] }> {
  const total = 1 + coreDocTypes.length * 2;
  let done = 0;
  const step = (name: string) => onProgress?.(name, ++done, total);
  const changes: string[] = [];
  await withTransaction(db, async (tx) => {
    // On an installed site, tables follow the metas with their customizations (a Custom Field on ToDo keeps its
    // column); a new site has no tabDocType yet, and nothing to read them from.
    const installed = Boolean(await schemaAdapter(tx.dialect.type).describe(tx, 'tabDocType'));
    await installSystemTables(tx);
    step('system tables');
    for (const meta of coreDocTypes) {
      const result = await syncTable(tx, installed ? await applyCustomizations(tx, meta) : meta);
      changes.push(...result.changes);
      step(`table ${meta.name}`);
    }
    for (const meta of coreDocTypes) {
      if (await storeMeta(tx, meta)) changes.push(`store meta ${meta.name}`);
      step(`meta ${meta.name}`);
    }
    await recordCoreApp(tx, coreDocTypes);
  });
  return { changes };
}
