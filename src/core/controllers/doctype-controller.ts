import { tableName } from '../../db/meta.ts';
import { loadCustomizedMeta } from '../../db/schema/customizations.ts';
import { syncTable } from '../../db/schema/sync-table.ts';
import { LinkExistsError, NameError, ValidationError } from '../../errors/index.ts';
import type { HookArgs } from '../../model/controllers/events.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';
import { rebuildTree } from '../../model/document/tree/rebuild.ts';
import { Meta } from '../../model/meta/meta.ts';
import { ensureCustomModule } from '../apps/module-defs.ts';
import { checkFields } from './doctype-fields.ts';
import { checkPermissionRules } from './doctype-permissions.ts';
import { checkAutoname, checkListSettings, makeAmendable } from './doctype-rules.ts';
import { makeTree } from './doctype-tree.ts';

const doctypeNamePattern = /^[A-Za-z][A-Za-z0-9 _-]*$/;
const maxDoctypeNameLength = 61;

/**
 * DocType is itself a DocType: this controller makes saving a `DocType` document define a DocType. It
 * validates the definition, then creates or alters `tab<Name>` (`syncTable`: data in kept columns stays), and
 * has every process forget the old meta once the transaction commits. DocTypes created this way are custom;
 * standard ones (shipped as JSON) cannot be deleted or renamed through documents, and are changed only in
 * developer mode (`ctx.developerMode`; the apps layer then writes the JSON back on `on_update`). Deleting a DocType
 * with records is refused unless forced; its table is then dropped.
 */
export function registerDocTypeController(registry: ControllerRegistry): void {
  registry
    .on('DocType', 'validate', validateDocType)
    .on('DocType', 'on_update', syncDocType)
    .on('DocType', 'on_trash', refuseUnsafeDelete)
    .on('DocType', 'after_delete', dropDocType)
    .on('DocType', 'before_rename', () => {
      throw new ValidationError('DocTypes cannot be renamed');
    });
}

async function validateDocType(doc: Doc, { ctx, before }: HookArgs): Promise<void> {
  const name = String(doc.name ?? '');
  if (!doctypeNamePattern.test(name) || name.length > maxDoctypeNameLength) {
    throw new NameError(
      "DocType's name should start with a letter and it can only consist of letters, numbers, spaces, underscores and hyphens",
    );
  }
  // Standard DocTypes belong to an app's files: only developer mode edits them (and keeps them standard).
  const standard = Boolean(before && !before.custom);
  if (standard && !ctx.developerMode)
    throw new ValidationError(
      `Standard DocType ${name} cannot be changed unless the site is in developer mode`,
    );
  if (before) {
    if (
      Boolean(before.istable) !== Boolean(doc.istable) ||
      Boolean(before.issingle) !== Boolean(doc.issingle)
    )
      throw new ValidationError(
        `Cannot change whether ${name} is a child table or a single after it is created`,
      );
  }
  doc.custom = standard ? 0 : 1;
  // A custom DocType may start its own module (its Link to Module Def then holds).
  if (!standard && typeof doc.module === 'string' && doc.module.trim())
    await ensureCustomModule(ctx.db, doc.module.trim());
  if (doc.issingle) {
    doc.is_submittable = 0;
    doc.istable = 0;
  }
  if (doc.autoname === 'autoincrement') doc.allow_rename = 0;
  makeTree(doc);
  await checkFields(ctx, doc);
  makeAmendable(doc);
  checkAutoname(doc);
  checkListSettings(doc);
  checkPermissionRules(doc, !before);
}

async function syncDocType(doc: Doc, { ctx, before }: HookArgs): Promise<void> {
  const meta = await loadCustomizedMeta(ctx.db, String(doc.name));
  if (!meta) return;
  await syncTable(ctx.db, meta);
  // Documents stored before the DocType became a tree get their nested set numbered from their parents.
  const tree = new Meta(meta);
  if (tree.isTree && !before?.is_tree && !meta.issingle) await rebuildTree(ctx.db, tree);
  ctx.metas.invalidateOnCommit(ctx.db, meta.name);
}

async function refuseUnsafeDelete(doc: Doc, { ctx, flags }: HookArgs): Promise<void> {
  const name = String(doc.name);
  if (!doc.custom) throw new ValidationError(`Standard DocType ${name} cannot be deleted`);
  const q = ctx.db.dialect.quote;
  const parent = await ctx.db.one<{ parent: string }>(
    `SELECT ${q('parent')} FROM ${q('tabDocField')} WHERE ${q('fieldtype')} IN ('Table', 'Table MultiSelect') AND ${q('options')} = ? AND ${q('parent')} <> ? AND ${q('parenttype')} = 'DocType'`,
    [name, name],
  );
  if (parent) {
    throw new LinkExistsError(
      `Cannot delete DocType ${name}: it is a child table of DocType ${parent.parent}`,
    );
  }
  if (doc.issingle || flags.force) return;
  const row = await ctx.db.one<{ n: number }>(`SELECT COUNT(*) AS ${q('n')} FROM ${q(tableName(name))}`);
  const count = Number(row?.n ?? 0);
  if (count > 0) {
    throw new ValidationError(
      `DocType ${name} has ${count} record${count === 1 ? '' : 's'}: delete them first, or delete the DocType with force`,
    );
  }
}

async function dropDocType(doc: Doc, { ctx }: HookArgs): Promise<void> {
  const name = String(doc.name);
  const q = ctx.db.dialect.quote;
  for (const table of (doc.fields as Doc[] | undefined) ?? []) {
    if ((table.fieldtype === 'Table' || table.fieldtype === 'Table MultiSelect') && table.options) {
      const child = await ctx.metas.find(ctx.db, String(table.options));
      if (child)
        await ctx.db.run(`DELETE FROM ${q(tableName(child.name))} WHERE ${q('parenttype')} = ?`, [name]);
    }
  }
  await ctx.db.run(`DELETE FROM ${q('tabSingles')} WHERE ${q('doctype')} = ?`, [name]);
  if (!doc.issingle) await ctx.db.run(`DROP TABLE IF EXISTS ${q(tableName(name))}`);
  ctx.metas.invalidateOnCommit(ctx.db, name);
}
