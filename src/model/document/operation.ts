import { UniqueViolation } from '../../db/errors.ts';
import { DuplicateEntryError } from '../../errors/index.ts';
import { type DocContext, nowOf } from '../context.ts';
import type { DocEvent, HookArgs } from '../controllers/events.ts';
import type { Meta } from '../meta/meta.ts';
import { permlevelAccess, stripUnreadable } from '../permissions/permlevels.ts';
import { virtualOperation } from '../virtual/virtual-doctypes.ts';
import { bindChildren, type Stamp, storedChildNames } from './bind.ts';
import type { Doc } from './doc.ts';
import { notifyUpdate } from './notify.ts';
import { savePasswords } from './passwords.ts';
import { serializeDoc } from './serialize.ts';
import { keepTreeFields, placeInTree } from './tree/place-node.ts';
import { coerceAll } from './validation/coerce-all.ts';
import { applyFetchFrom } from './validation/fetch-from.ts';
import { checkLinks } from './validation/links.ts';
import { checkMandatory } from './validation/mandatory.ts';
import { checkUnique, duplicateField, duplicateName } from './validation/unique.ts';
import { checkAllValues } from './validation/values.ts';
import { saveVersion } from './version.ts';
import { insertRow, updateRow, writeChildren } from './write.ts';

/** Options of insert, save, submit, cancel, amend and delete. */
export interface WriteOptions {
  /** Skip permission checks (Frappe's `ignore_permissions`): for system writes such as Version records. */
  ignorePermissions?: boolean | undefined;
  /** Skip Link existence checks (Frappe's `ignore_links`). */
  ignoreLinks?: boolean | undefined;
  /** Skip mandatory checks (Frappe's `ignore_mandatory`). */
  ignoreMandatory?: boolean | undefined;
}

/** What a write does (Frappe's `_action`). */
export type WriteAction = 'save' | 'submit' | 'cancel' | 'update_after_submit';

/** One insert or save in progress: the document, its stored state, and what the write does. */
export interface Operation {
  ctx: DocContext;
  meta: Meta;
  childMetas: ReadonlyMap<string, Meta>;
  doc: Doc;
  /** The stored document (undefined for an insert). */
  before: Doc | undefined;
  action: WriteAction;
  stamp: Stamp;
  /** Names given to new child rows during this write. */
  fresh: Set<string>;
  options: WriteOptions;
  /** What a new document's Version compares with (the amended document). */
  versionBase?: Doc | undefined;
}

/** Starts an operation (the clock read once, so every stamp of the write agrees). */
export function operation(
  init: Omit<Operation, 'stamp' | 'fresh' | 'options'> & { options?: WriteOptions },
): Operation {
  return {
    ...init,
    options: init.options ?? {},
    stamp: { user: init.ctx.user, now: nowOf(init.ctx) },
    fresh: new Set(),
  };
}

/** The arguments every hook of the operation receives. */
export function hookArgs(op: Operation): HookArgs {
  return {
    ctx: op.ctx,
    meta: op.meta,
    action: op.before ? op.action : 'insert',
    before: op.before,
    flags: {},
  };
}

/** Runs controller hooks for each event in order. */
export async function runEvents(op: Operation, events: readonly DocEvent[]): Promise<void> {
  for (const event of events) await op.ctx.controllers.run(event, op.doc, hookArgs(op));
}

/** The hooks before the write (Frappe's `run_before_save_methods`). */
export function beforeEvents(action: WriteAction): DocEvent[] {
  switch (action) {
    case 'save':
      return ['before_validate', 'validate', 'before_save'];
    case 'submit':
      return ['before_validate', 'validate', 'before_submit'];
    case 'cancel':
      return ['before_cancel'];
    case 'update_after_submit':
      return ['before_update_after_submit'];
  }
}

/** The hooks after the write (Frappe's `run_post_save_methods`), before notify/version/on_change. */
export function afterEvents(action: WriteAction, isNew: boolean): DocEvent[] {
  const first: DocEvent[] = isNew ? ['after_insert'] : [];
  switch (action) {
    case 'save':
      return [...first, 'on_update'];
    case 'submit':
      return [...first, 'on_update', 'on_submit'];
    case 'cancel':
      return ['on_cancel'];
    case 'update_after_submit':
      return ['on_update_after_submit'];
  }
}

/**
 * Validates the document as it will be written (Frappe's `_validate` and link checks): `fetch_from` values,
 * types, mandatory fields, Select options, lengths, Link targets, unique values. A cancel skips everything but binding.
 */
export async function validate(op: Operation): Promise<void> {
  const { ctx, doc, meta, childMetas } = op;
  bindChildren(doc, meta, childMetas, op.before, op.stamp, op.fresh);
  if (op.action === 'cancel') return;
  keepTreeFields(op);
  // Fetched values are copied before types, mandatory fields and links are checked, as Frappe's link pass does.
  if (!op.options.ignoreLinks) {
    const afterSubmit = op.action === 'update_after_submit';
    await applyFetchFrom({ ctx, doc, meta, childMetas, before: op.before, afterSubmit });
  }
  coerceAll(doc, meta, childMetas);
  if (!op.options.ignoreMandatory) checkMandatory(doc, meta, childMetas);
  checkAllValues(doc, meta, childMetas);
  if (!op.options.ignoreLinks) await checkLinks(ctx, doc, meta, childMetas);
  if (!meta.isSingle && !meta.isVirtual) await checkUnique(ctx, doc, meta, !op.before);
}

/**
 * Writes the document's row and child rows, after placing a tree DocType's document in its nested set;
 * a unique index violation becomes DuplicateEntryError (409).
 */
export async function write(op: Operation): Promise<void> {
  const { ctx, doc, meta, childMetas } = op;
  if (meta.isVirtual) {
    // A virtual DocType's controller stores the document (`db_insert` / `db_update`).
    await virtualOperation(ctx, meta, op.before ? 'update' : 'insert')(ctx, doc);
    return;
  }
  await placeInTree(op);
  await savePasswords(ctx, doc, meta);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (child) for (const row of doc[table.fieldname] as Doc[]) await savePasswords(ctx, row, child);
  }
  try {
    if (op.before) await updateRow(ctx.db, meta, doc);
    else await insertRow(ctx.db, meta, doc);
    await writeChildren(ctx.db, meta, childMetas, doc, storedChildNames(meta, op.before), !op.before);
  } catch (error) {
    throw duplicateFrom(error, op) ?? error;
  }
}

/**
 * After the write: the after-hooks (then `afterHooks`, e.g. the back-link check of a cancel), the realtime notices (sent on commit), a Version record for
 * `track_changes` DocTypes, then `on_change`. Returns the document as the user may read it.
 */
export async function finish(op: Operation, afterHooks?: () => Promise<void>): Promise<Doc> {
  await runEvents(op, afterEvents(op.action, !op.before));
  await afterHooks?.();
  notifyUpdate(op.ctx, op.meta, op.doc);
  await saveVersion(op.ctx, op.meta, op.childMetas, op.before ?? op.versionBase, op.doc);
  await runEvents(op, ['on_change']);
  return output(op.ctx, op.meta, op.childMetas, op.doc);
}

/** A document serialised for the wire with the fields the user may not read removed. */
export async function output(
  ctx: DocContext,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  doc: Doc,
): Promise<Doc> {
  const out = serializeDoc(doc, meta, childMetas);
  if (meta.hasHighPermlevels || [...childMetas.values()].some((child) => child.hasHighPermlevels))
    stripUnreadable(out, meta, childMetas, await permlevelAccess(ctx, meta, 'read'));
  return out;
}

function duplicateFrom(error: unknown, op: Operation): DuplicateEntryError | undefined {
  if (!(error instanceof UniqueViolation)) return undefined;
  if (error.primaryKey || error.column === 'name') return duplicateName(op.meta, String(op.doc.name));
  if (error.column && op.meta.field(error.column)) {
    return duplicateField(op.meta, error.column, op.doc[error.column]);
  }
  const duplicate = new DuplicateEntryError(error.message, { cause: error });
  duplicate.fieldname = error.column;
  return duplicate;
}
