// Frappe's ToDo controller, as doc_events on the core ToDo: an assignment's ToDo keeps its document's
// `_assign` (the users with an open assignment), adds Assigned / Assignment Completed comments to the
// document's timeline, and tells open forms (`docinfo_update`, key `assignments`).
import type { AppContext, Doc } from 'cortado';
import { escapeHtml } from '../utils/html_utils.ts';
import { addTimelineComment, type DocRef, fullName, publishDocinfo, pythonJsonList } from './timeline.ts';

// What `validate` saw, for `on_update` of the same operation: the comment to add, and the status stored before.
const pending = new WeakMap<Doc, { comment?: { type: string; text: string }; before?: string | undefined }>();

const closed = new Set(['Cancelled', 'Closed']);

/** validate: works out the timeline comment (the stored status is only known before the write). */
export async function validate_todo(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = referenceOf(doc);
  if (!ref) return;
  const before = doc.name ? await ctx.getValue<string>('ToDo', String(doc.name), 'status') : undefined;
  const assignedBy = String(doc.assigned_by ?? '');
  const allocatedTo = String(doc.allocated_to ?? '');
  const description = String(doc.description ?? '');
  let comment: { type: string; text: string } | undefined;
  if (before === undefined) {
    const by = escapeHtml(await fullName(ctx, assignedBy));
    comment = {
      type: 'Assigned',
      text:
        assignedBy === allocatedTo
          ? `${by} self assigned this task: ${description}`
          : `${by} assigned ${escapeHtml(await fullName(ctx, allocatedTo))}: ${description}`,
    };
  } else if (before !== doc.status) {
    const me = escapeHtml(await fullName(ctx, ctx.user));
    comment = {
      type: 'Assignment Completed',
      text:
        allocatedTo === ctx.user
          ? `${me} removed their assignment.`
          : `Assignment of ${escapeHtml(await fullName(ctx, allocatedTo))} removed by ${me}`,
    };
  }
  pending.set(doc, { comment, before });
}

/** on_update: the comment, `_assign`, and the open forms' assignment list. */
export async function on_update_todo(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = referenceOf(doc);
  if (!ref) return;
  const seen = pending.get(doc);
  pending.delete(doc);
  if (seen?.comment) await addTimelineComment(ctx, ref, seen.comment.type, seen.comment.text);
  await updateInReference(ctx, ref);
  const wasOpen = seen?.before !== undefined && !closed.has(seen.before);
  const isOpen = !closed.has(String(doc.status ?? ''));
  if (isOpen !== wasOpen)
    publishDocinfo(ctx, ref, 'assignments', isOpen ? 'add' : 'delete', assignmentRow(doc));
  else if (isOpen) publishDocinfo(ctx, ref, 'assignments', 'update', assignmentRow(doc));
}

/** after_delete: `_assign` without it, and the open forms told. */
export async function after_delete_todo(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = referenceOf(doc);
  if (!ref) return;
  await updateInReference(ctx, ref);
  if (!closed.has(String(doc.status ?? '')))
    publishDocinfo(ctx, ref, 'assignments', 'delete', assignmentRow(doc));
}

// Frappe's `update_in_reference`: `_assign` is the JSON list of users with an open assignment, oldest first,
// written without touching `modified` (an open form is not made stale by an assignment).
async function updateInReference(ctx: AppContext, ref: DocRef): Promise<void> {
  if (!(await ctx.exists(ref.doctype, ref.name))) return;
  const rows = await ctx.getAll<{ allocated_to: string | null }>('ToDo', {
    fields: ['allocated_to'],
    filters: {
      reference_type: ref.doctype,
      reference_name: ref.name,
      status: ['not in', ['Cancelled', 'Closed']],
      allocated_to: ['is', 'set'],
    },
    order_by: 'modified desc',
  });
  const users = rows.map((row) => String(row.allocated_to)).reverse();
  await ctx.setValue(ref.doctype, ref.name, { _assign: pythonJsonList(users) }, { updateModified: false });
}

// A docinfo `assignments` entry (Frappe's `get_assignments` row).
function assignmentRow(doc: Doc): Record<string, unknown> {
  return { name: doc.name, owner: doc.allocated_to, description: doc.description, status: doc.status };
}

function referenceOf(doc: Doc): DocRef | undefined {
  const doctype = doc.reference_type;
  const name = doc.reference_name;
  return typeof doctype === 'string' && doctype && typeof name === 'string' && name
    ? { doctype, name }
    : undefined;
}
