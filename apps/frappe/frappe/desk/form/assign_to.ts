// Frappe's `frappe.desk.form.assign_to`: assigning a document to users. Each assignment is an open ToDo
// allocated to the user; the ToDo's own events (todo_events.ts) keep the document's `_assign`, its timeline
// and the open forms current, so a ToDo changed any other way does the same.
import { type AppContext, type Doc, PermissionError, ValidationError, whitelist } from 'cortado';
import { bold, escapeHtml } from '../../utils/html_utils.ts';
import { type DocRef, fullName, notifyUser, permittedDocument, titleHtml, titleOf } from '../timeline.ts';

/** An assignment as `get` lists it (Frappe's `allocated_to as owner`). */
export interface Assignment {
  owner: string;
  name: string;
}

const refParams = {
  doctype: { type: 'string', required: true },
  name: { type: 'string', required: true },
} as const;

/** `get`: the document's open assignments (at most 5, as Frappe's). Needs read permission on the document. */
export const get = whitelist({ params: refParams }, async (ctx, ref) => {
  await permittedDocument(ctx, ref);
  return assignments(ctx, ref);
});

/**
 * `add`: assigns the document to each user of `assign_to` (a JSON list): a ToDo with `description`,
 * `priority` (default Medium), `date` (default today), assigned by the session user. The session user needs
 * read permission on the document; a user who cannot read it is given read access through a share (which
 * needs the session user's share right) — otherwise refused, nothing changed. Users already assigned are
 * skipped. Replies with `get`'s list.
 */
export const add = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      ...refParams,
      assign_to: { type: 'json', required: true },
      description: { type: 'string' },
      priority: { type: 'string' },
      date: { type: 'string' },
      assignment_rule: { type: 'string' },
      notify: { type: 'any' },
    },
  },
  async (ctx, args) => {
    await addAssignments(ctx, args);
    return assignments(ctx, args);
  },
);

/** `add_multiple`: `add` for each document of `name` (a JSON list of names). */
export const add_multiple = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      doctype: { type: 'string', required: true },
      name: { type: 'array', required: true },
      assign_to: { type: 'json', required: true },
      description: { type: 'string' },
      priority: { type: 'string' },
      date: { type: 'string' },
    },
  },
  async (ctx, args) => {
    for (const name of args.name) await addAssignments(ctx, { ...args, name: String(name) });
    return null;
  },
);

/** `remove`: cancels `assign_to`'s assignment. Needs read permission on the document. Replies with `get`'s list. */
export const remove = whitelist(
  {
    methods: ['POST', 'PUT', 'DELETE'],
    params: { ...refParams, assign_to: { type: 'string', required: true } },
  },
  (ctx, { doctype, name, assign_to }) => setStatus(ctx, { doctype, name }, assign_to, 'Cancelled'),
);

/** `remove_multiple`: cancels every open assignment of each document of `names` (a JSON list). */
export const remove_multiple = whitelist(
  {
    methods: ['POST', 'PUT', 'DELETE'],
    params: { doctype: { type: 'string', required: true }, names: { type: 'array', required: true } },
  },
  async (ctx, { doctype, names }) => {
    for (const name of names) {
      const ref = { doctype, name: String(name) };
      for (const assignment of await assignments(ctx, ref))
        await setStatus(ctx, ref, assignment.owner, 'Cancelled');
    }
    return null;
  },
);

/** `close`: the assignee marks their own assignment done (status Closed). Replies with `get`'s list. */
export const close = whitelist(
  { methods: ['POST', 'PUT'], params: { ...refParams, assign_to: { type: 'string', required: true } } },
  (ctx, { doctype, name, assign_to }) => {
    if (assign_to !== ctx.user) throw new ValidationError('Only the assignee can complete this to-do.');
    return setStatus(ctx, { doctype, name }, assign_to, 'Closed');
  },
);

/** The document's open assignments, newest first (Frappe's `assign_to.get`). */
export async function assignments(ctx: AppContext, ref: DocRef): Promise<Assignment[]> {
  const rows = await ctx.getAll<{ name: string; allocated_to: string }>('ToDo', {
    fields: ['name', 'allocated_to'],
    filters: {
      reference_type: ref.doctype,
      reference_name: ref.name,
      status: ['not in', ['Cancelled', 'Closed']],
    },
    order_by: 'modified desc',
    limit: 5,
  });
  return rows.map((row) => ({ owner: row.allocated_to, name: row.name }));
}

interface AddArgs extends DocRef {
  assign_to: unknown;
  description?: string | undefined;
  priority?: string | undefined;
  date?: string | undefined;
  assignment_rule?: string | undefined;
}

async function addAssignments(ctx: AppContext, args: AddArgs): Promise<void> {
  const ref = { doctype: args.doctype, name: args.name };
  const users = assignees(args.assign_to);
  const doc = await permittedDocument(ctx, ref);
  // Frappe escapes the description: it reaches the timeline and the assignee's notification as HTML.
  const description = escapeHtml(
    args.description?.trim() ? args.description : `Assignment for ${ref.doctype} ${ref.name}`,
  );
  for (const user of users) {
    const open = await ctx.exists('ToDo', {
      reference_type: ref.doctype,
      reference_name: ref.name,
      status: 'Open',
      allocated_to: user,
    });
    if (open) continue;
    await giveReadAccess(ctx, doc, user);
    const todo = await ctx.insert(
      {
        doctype: 'ToDo',
        allocated_to: user,
        reference_type: ref.doctype,
        reference_name: ref.name,
        description,
        priority: args.priority || 'Medium',
        status: 'Open',
        date: args.date || today(ctx),
        assigned_by: ctx.user,
      },
      { ignorePermissions: true },
    );
    if (await hasAssignedTo(ctx, ref.doctype))
      await ctx.setValue(ref.doctype, ref.name, { assigned_to: user });
    await notifyAssignment(ctx, todo, 'ASSIGN', description);
  }
}

// Frappe's rule: an assignee who cannot read the document gets it shared with them (read only), which the
// session user must be allowed to do; otherwise the assignment is refused.
async function giveReadAccess(ctx: AppContext, doc: Doc, user: string): Promise<void> {
  if (!(await ctx.exists('User', user)))
    throw new ValidationError(`User ${user.slice(0, 140)} does not exist`);
  if (await ctx.hasPermission(doc.doctype, 'read', doc, user)) return;
  if (!(await ctx.hasPermission(doc.doctype, 'share', doc)))
    throw new PermissionError(`User ${user} is not permitted to access this document.`);
  await ctx.insert(
    {
      doctype: 'DocShare',
      user,
      share_doctype: doc.doctype,
      share_name: doc.name,
      read: 1,
      notify_by_email: 0,
    },
    { ignorePermissions: true },
  );
}

// Frappe's `set_status`: the assignment's ToDo gets `status`; the assignee hears it was removed.
async function setStatus(
  ctx: AppContext,
  ref: DocRef,
  assignTo: string,
  status: 'Cancelled' | 'Closed',
): Promise<Assignment[]> {
  await permittedDocument(ctx, ref);
  const name = await ctx.exists('ToDo', {
    reference_type: ref.doctype,
    reference_name: ref.name,
    allocated_to: assignTo,
    status: ['!=', status],
  });
  if (name) {
    const todo = await ctx.getDoc('ToDo', name);
    todo.status = status;
    await ctx.save(todo, { ignorePermissions: true });
    await notifyAssignment(ctx, todo, 'CLOSE');
  }
  if (await hasAssignedTo(ctx, ref.doctype)) await ctx.setValue(ref.doctype, ref.name, { assigned_to: null });
  return assignments(ctx, ref);
}

// Frappe's `notify_assignment`: a Notification Log (type Assignment) for the assignee, unless they assigned
// themselves.
async function notifyAssignment(
  ctx: AppContext,
  todo: Doc,
  action: 'ASSIGN' | 'CLOSE',
  description?: string,
): Promise<void> {
  const assignedBy = String(todo.assigned_by ?? '');
  const allocatedTo = String(todo.allocated_to ?? '');
  if (!assignedBy || !allocatedTo || assignedBy === allocatedTo) return;
  const ref = { doctype: String(todo.reference_type), name: String(todo.reference_name) };
  const by = await fullName(ctx, ctx.user);
  const title = titleHtml(await titleOf(ctx, ref));
  const subject =
    action === 'CLOSE'
      ? `Your assignment on ${bold(ref.doctype)} ${title} has been removed by ${bold(by)}`
      : `${bold(by)} assigned a new task ${bold(ref.doctype)} ${title} to you`;
  await notifyUser(ctx, allocatedTo, {
    type: 'Assignment',
    subject,
    ref,
    emailContent: description ? `<div>${description}</div>` : undefined,
  });
}

// `assign_to` as the desk sends it: a JSON list of users (a single user is taken as a list of one).
function assignees(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((user) => typeof user !== 'string' || !user.trim()))
    throw new ValidationError('assign_to must be a list of users');
  return [...new Set(list.map((user: string) => user.trim()))];
}

// Frappe keeps a DocType's own `assigned_to` field (when it has one) set to the latest assignee. The query
// builder checks names against the DocType's meta before any SQL runs, so asking is safe in any transaction.
async function hasAssignedTo(ctx: AppContext, doctype: string): Promise<boolean> {
  try {
    await ctx.qb.from(doctype).select('assigned_to').limit(1).run();
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

function today(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}
