import { normalizeTemporal } from '../../db/values.ts';
import { DoesNotExistError, TimestampMismatchError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { checkPermission, checkUserPermissions } from '../permissions/has-permission.ts';
import type { Right } from '../permissions/rights.ts';
import { bindChildren, stampDoc } from './bind.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc, DocInput } from './doc.ts';
import { docstatusTransition } from './docstatus.ts';
import { assertStandalone, insertDoc } from './insert.ts';
import { keepReadOnlyValues } from './keep-read-only.ts';
import { checkNoLinks } from './links-to.ts';
import { loadDoc } from './load.ts';
import { normalizeDoc } from './normalize.ts';
import {
  beforeEvents,
  finish,
  operation,
  runEvents,
  validate,
  type WriteAction,
  type WriteOptions,
  write,
} from './operation.ts';
import { resetUnwritable } from './restrict-writes.ts';
import { loadSingle, setSingle } from './single.ts';
import { lockTree } from './tree/tree-lock.ts';
import { checkSetOnlyOnce, checkUpdateAfterSubmit } from './validation/after-submit.ts';

// The right each kind of save needs on the stored document.
const rightFor: Record<WriteAction, Right> = {
  save: 'write',
  submit: 'submit',
  cancel: 'cancel',
  update_after_submit: 'submit',
};

/**
 * Saves a stored document from the full intended state `input` (Frappe's `Document.save`; merging a partial
 * update is the caller's job): child rows missing from `input` are deleted. Its `docstatus` decides the
 * action (0→0 save, 0→1 submit, 1→1 update after submit, 1→2 cancel; others DocstatusTransitionError).
 * Needs write permission (submit/cancel for those actions), and the saved values must pass the user's User
 * Permissions. When `input.modified` is given and differs from
 * the stored one: TimestampMismatchError. Fields that `read_only_depends_on` makes read-only on the stored
 * document keep their stored values. A submitted document changes only in `allow_on_submit` fields; a
 * cancel changes nothing but the docstatus. Without a name (or with `__islocal`) it is an insert.
 *
 * @example await saveDoc(ctx, { ...todo, status: 'Closed' });
 */
export async function saveDoc(ctx: DocContext, input: DocInput, options: WriteOptions = {}): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, String(input?.doctype));
  if (meta.isSingle) return setSingle(ctx, input, options);
  const name = input.name;
  if (input.__islocal || name === undefined || name === null || name === '')
    return insertDoc(ctx, input, options);
  assertStandalone(meta);
  const childMetas = await childMetasOf(ctx, meta);
  await lockTree(ctx.db, meta);
  const before = await loadDoc(ctx, meta, childMetas, String(name), { forUpdate: true });
  if (!before) throw new DoesNotExistError(`${meta.name} ${String(name)} not found`);
  return saveOver(ctx, meta, childMetas, before, input, options);
}

/**
 * Applies `patch` to the stored document `name` and saves it (Frappe's `doc.update(patch); doc.save()`),
 * reading the document once: fields not in the patch keep their stored values, a table field in the patch
 * replaces the rows, identity and bookkeeping keys (`doctype`, `name`, `owner`, `creation`, `modified_by`,
 * `flags`) are ignored, and a `modified` in the patch must be the stored one (TimestampMismatchError).
 * A single DocType's document is patched the same way.
 *
 * @example await updateDoc(ctx, 'ToDo', name, { status: 'Closed' });
 */
export async function updateDoc(
  ctx: DocContext,
  doctype: string,
  name: string,
  patch: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  const childMetas = await childMetasOf(ctx, meta);
  if (meta.isSingle)
    return setSingle(ctx, mergePatch(await loadSingle(ctx, meta, childMetas), patch), options);
  assertStandalone(meta);
  await lockTree(ctx.db, meta);
  const before = await loadDoc(ctx, meta, childMetas, String(name), { forUpdate: true });
  if (!before) throw new DoesNotExistError(`${doctype} ${name} not found`);
  const input = mergePatch(before, patch);
  if (input.__islocal) return saveDoc(ctx, input, options); // as saveDoc would: an insert
  // `before` stays as loaded: normalizeDoc copies what it keeps, so the merged input shares nothing it changes.
  return saveOver(ctx, meta, childMetas, before, input, options);
}

/** Keys of a patch that never change a stored document through an update. */
const notUpdatable = new Set(['doctype', 'name', 'flags', 'owner', 'creation', 'modified_by']);

/** The stored document with the patch's fields laid over it; identity and bookkeeping fields stay stored. */
export function mergePatch(stored: Doc, patch: Record<string, unknown>): Doc {
  const out: Doc = { ...stored };
  for (const [key, value] of Object.entries(patch)) if (!notUpdatable.has(key)) out[key] = value;
  return out;
}

// The save of `input` over the stored `before` (loaded for update in this transaction).
async function saveOver(
  ctx: DocContext,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  before: Doc,
  input: DocInput,
  options: WriteOptions,
): Promise<Doc> {
  if (!options.ignorePermissions) await checkPermission(ctx, meta, 'write', before);
  const from = Number(before.docstatus ?? 0);
  const to = input.docstatus === undefined || input.docstatus === null ? from : Number(input.docstatus);
  const action = docstatusTransition(from, to);
  if (to === 1 && !meta.isSubmittable) throw new ValidationError(`${meta.name} is not submittable`);
  if (!options.ignorePermissions && action !== 'save')
    await checkPermission(ctx, meta, rightFor[action], before);
  checkModified(input.modified, before.modified);

  const doc = action === 'cancel' ? (structuredClone(before) as Doc) : normalizeDoc(meta, childMetas, input);
  doc.name = before.name;
  doc.docstatus = to;
  const op = operation({ ctx, meta, childMetas, doc, before, action, options });
  stampDoc(doc, op.stamp, before);
  bindChildren(doc, meta, childMetas, before, op.stamp, op.fresh);
  if (!options.ignorePermissions) {
    await resetUnwritable(ctx, doc, meta, childMetas, before);
    keepReadOnlyValues(doc, meta, childMetas, before);
    // The values being saved must pass the user's User Permissions too, not only the stored ones.
    if (action !== 'cancel') await checkUserPermissions(ctx, meta, 'write', doc);
  }
  await runEvents(op, beforeEvents(action));
  doc.docstatus = to;
  if (action === 'save') checkSetOnlyOnce(doc, before, meta);
  if (action === 'update_after_submit') {
    bindChildren(doc, meta, childMetas, before, op.stamp, op.fresh);
    checkUpdateAfterSubmit(doc, before, meta, childMetas);
  }
  await validate(op);
  await write(op);
  return finish(op, async () => {
    if (action === 'cancel') await checkNoLinks(ctx, meta.name, doc.name!, 'Cancel');
  });
}

/** Optimistic concurrency (Frappe's `check_if_latest`): a `modified` sent by the client must be the stored one. */
function checkModified(sent: unknown, stored: unknown): void {
  if (sent === undefined || sent === null || sent === '') return;
  if (normalizeTemporal(String(sent)) !== normalizeTemporal(String(stored ?? ''))) {
    throw new TimestampMismatchError(
      `Error: Document has been modified after you have opened it (${String(stored)}, ${String(sent)}). Please refresh to get the latest document.`,
    );
  }
}
