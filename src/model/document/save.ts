import { normalizeTemporal } from '../../db/values.ts';
import { DoesNotExistError, TimestampMismatchError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import type { Right } from '../permissions/rights.ts';
import { bindChildren, stampDoc } from './bind.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc, DocInput } from './doc.ts';
import { docstatusTransition } from './docstatus.ts';
import { assertStandalone, insertDoc } from './insert.ts';
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
import { setSingle } from './single.ts';
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
 * Needs write permission (submit/cancel for those actions). When `input.modified` is given and differs from
 * the stored one: TimestampMismatchError. A submitted document changes only in `allow_on_submit` fields; a
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
  const before = await loadDoc(ctx, meta, childMetas, String(name), { forUpdate: true });
  if (!before) throw new DoesNotExistError(`${meta.name} ${String(name)} not found`);
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
  if (!options.ignorePermissions) await resetUnwritable(ctx, doc, meta, childMetas, before);
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
