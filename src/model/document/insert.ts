import { DocstatusTransitionError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { setNewName } from '../naming/set-name.ts';
import { checkPermission, checkUserPermissions } from '../permissions/has-permission.ts';
import { bindChildren, stampDoc } from './bind.ts';
import { childMetasOf } from './child-metas.ts';
import { applyDefaults } from './defaults.ts';
import type { Doc, DocInput } from './doc.ts';
import { loadDoc } from './load.ts';
import { normalizeDoc } from './normalize.ts';
import {
  beforeEvents,
  finish,
  hookArgs,
  type Operation,
  operation,
  runEvents,
  validate,
  type WriteOptions,
  write,
} from './operation.ts';
import { resetUnwritable } from './restrict-writes.ts';
import { setSingle } from './single.ts';

/** Options of `insertDoc`. */
export interface InsertOptions extends WriteOptions {
  /** Keep the payload's `name` whatever the naming rule (Frappe's `flags.name_set`; v2's insert sets it). */
  nameSet?: boolean | undefined;
}

/**
 * Inserts a new document (Frappe's `Document.insert`), in Frappe's order: create permission, defaults
 * (`Today`, `Now`, `__user`, literals), owner and timestamps, the user's User Permissions on its Links,
 * `before_insert`, naming, field-level write
 * limits, `before_validate`, `validate`, `before_save` (or `before_submit` when inserted with docstatus 1),
 * type/mandatory/length/Select/Link/unique checks, the row and child rows written, `after_insert`,
 * `on_update` (`on_submit`), realtime notices queued for commit, `on_change`. Returns the document as stored,
 * serialised (nulls omitted) without the fields the user may not read. A single DocType is saved instead.
 *
 * @example const todo = await insertDoc(ctx, { doctype: 'ToDo', description: 'Call back' });
 */
export async function insertDoc(ctx: DocContext, input: DocInput, options: InsertOptions = {}): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, String(input?.doctype));
  if (meta.isSingle) return setSingle(ctx, input, options);
  assertStandalone(meta);
  const childMetas = await childMetasOf(ctx, meta);
  const doc = normalizeDoc(meta, childMetas, input);
  const docstatus = Number(input.docstatus ?? 0);
  if (docstatus === 2)
    throw new DocstatusTransitionError('Cannot change docstatus from 0 (Draft) to 2 (Cancelled)');
  if (docstatus !== 0 && docstatus !== 1)
    throw new ValidationError(`Invalid docstatus ${String(input.docstatus)}`);
  const op = operation({
    ctx,
    meta,
    childMetas,
    doc,
    before: undefined,
    action: docstatus ? 'submit' : 'save',
    options,
  });
  if (!options.ignorePermissions) {
    await checkPermission(ctx, meta, 'create');
    if (docstatus === 1) await checkPermission(ctx, meta, 'submit', { owner: ctx.user });
  }
  doc.docstatus = docstatus;
  applyDefaults(doc, meta, op.stamp);
  stampDoc(doc, op.stamp, undefined);
  if (!options.ignorePermissions) await checkUserPermissions(ctx, meta, 'create', doc);
  await runEvents(op, ['before_insert']);
  await checkAmendment(op);
  await setNewName(doc, hookArgs(op), { nameSet: options.nameSet });
  bindChildren(doc, meta, childMetas, undefined, op.stamp, op.fresh);
  if (!options.ignorePermissions) await resetUnwritable(ctx, doc, meta, childMetas, undefined);
  await runEvents(op, beforeEvents(op.action));
  doc.docstatus = docstatus;
  await validate(op);
  await write(op);
  return finish(op);
}

/** Refuses DocTypes whose documents are not written on their own. */
export function assertStandalone(meta: Meta): void {
  if (meta.isChild) {
    throw new ValidationError(`${meta.name} is a child table: save its rows through their parent document`);
  }
}

// An amendment (a new document with `amended_from`) must come from a cancelled document of the same DocType,
// and needs the amend right on it; the amended document is what its Version compares with.
async function checkAmendment(op: Operation): Promise<void> {
  const from = op.doc.amended_from;
  if (typeof from !== 'string' || from === '' || !op.meta.field('amended_from')) return;
  const original = await loadDoc(op.ctx, op.meta, op.childMetas, from);
  if (!original || Number(original.docstatus) !== 2) {
    throw new ValidationError(`${op.meta.name} ${from} must be cancelled before it can be amended`);
  }
  if (!op.options.ignorePermissions) await checkPermission(op.ctx, op.meta, 'amend', original);
  op.versionBase = original;
}
