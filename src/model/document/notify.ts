import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';

/**
 * Queues Frappe's realtime notices of a saved or deleted document (`notify_update`): `doc_update`
 * `{modified, doctype, name}` to room `doc:<DocType>/<name>`, and `list_update` `{doctype, name, user}` to
 * room `doctype:<DocType>` unless the DocType is single, a child table or read-only. The context sends them
 * after commit only.
 */
export function notifyUpdate(ctx: DocContext, meta: Meta, doc: Doc): void {
  ctx.publish({
    event: 'doc_update',
    message: { modified: doc.modified, doctype: meta.name, name: doc.name },
    room: `doc:${meta.name}/${doc.name}`,
  });
  if (meta.isSingle || meta.isChild || meta.raw.read_only) return;
  ctx.publish({
    event: 'list_update',
    message: { doctype: meta.name, name: doc.name, user: ctx.user },
    room: `doctype:${meta.name}`,
  });
}
