// A document's docinfo, in the shape of Frappe v15's `frappe.desk.form.load.get_docinfo`: what the form's
// sidebar and timeline show, read straight from the tables that hold it (Comment, Version, File, ToDo,
// DocShare, Tag Link, View Log, ...). A table this site does not have (Communication, Tag Link before the tags
// DocTypes exist) gives an empty list, as an empty table would.
import type { AppContext, Doc } from 'cortado';

type Row = Record<string, unknown>;

/** Frappe's docinfo: every key the desk reads, lists empty when there is nothing. */
export interface Docinfo {
  doctype: string;
  name: string;
  attachments: Row[];
  attachment_logs: Row[];
  communications: Row[];
  automated_messages: Row[];
  comments: Row[];
  total_comments: number;
  versions: Row[];
  assignments: Row[];
  assignment_logs: Row[];
  permissions: Record<string, 0 | 1>;
  shared: Row[];
  share_logs: Row[];
  info_logs: Row[];
  like_logs: Row[];
  workflow_logs: Row[];
  views: Row[];
  energy_point_logs: Row[];
  additional_timeline_content: Row[];
  milestones: Row[];
  is_document_followed: string | null;
  tags: string;
  document_email: string | null;
  user_info: Record<string, Row>;
}

// Comment types and the docinfo list each goes to (Frappe's `add_comments`).
const commentLists: Record<string, keyof Docinfo> = {
  Comment: 'comments',
  Shared: 'share_logs',
  Unshared: 'share_logs',
  Assigned: 'assignment_logs',
  'Assignment Completed': 'assignment_logs',
  Attachment: 'attachment_logs',
  'Attachment Removed': 'attachment_logs',
  Info: 'info_logs',
  Edit: 'info_logs',
  Label: 'info_logs',
  Like: 'like_logs',
  Workflow: 'workflow_logs',
};

/**
 * The docinfo of `doc` (a document the caller has already checked the user may read), as Frappe v15 builds it.
 *
 * @example ctx.response.docinfo = await buildDocinfo(ctx, await ctx.readDoc('ToDo', name));
 */
export async function buildDocinfo(ctx: AppContext, doc: Doc): Promise<Docinfo> {
  const doctype = doc.doctype;
  const name = String(doc.name);
  const meta = await ctx.getMeta(doctype);
  const present = await existingDocTypes(ctx);
  const all = (dt: string, args: Parameters<AppContext['getAll']>[1]) =>
    present.has(dt) ? ctx.getAll<Row>(dt, args) : Promise.resolve([] as Row[]);

  const docinfo: Docinfo = {
    doctype,
    name,
    attachments: [],
    attachment_logs: [],
    communications: [],
    automated_messages: [],
    comments: [],
    total_comments: commentCount(doc._comments),
    versions: [],
    assignments: [],
    assignment_logs: [],
    permissions: {},
    shared: [],
    share_logs: [],
    info_logs: [],
    like_logs: [],
    workflow_logs: [],
    views: [],
    energy_point_logs: [],
    additional_timeline_content: [],
    milestones: [],
    is_document_followed: null,
    tags: '',
    document_email: null,
    user_info: {},
  };

  const comments = await all('Comment', {
    fields: ['name', 'creation', 'content', 'owner', 'comment_type'],
    filters: { reference_doctype: doctype, reference_name: name },
    order_by: 'creation asc',
  });
  for (const comment of comments) {
    const list = commentLists[String(comment.comment_type)];
    if (list) (docinfo[list] as Row[]).push(comment);
  }

  docinfo.attachments = await all('File', {
    fields: ['name', 'file_name', 'file_url', 'is_private'],
    filters: { attached_to_name: name, attached_to_doctype: doctype },
  });
  const communications = await all('Communication', {
    fields: [
      'name',
      'communication_type',
      'communication_medium',
      'comment_type',
      'communication_date',
      'content',
      'sender',
      'sender_full_name',
      'cc',
      'bcc',
      'creation',
      'subject',
      'delivery_status',
      '_liked_by',
      'reference_doctype',
      'reference_name',
      'read_by_recipient',
      'rating',
      'recipients',
    ],
    filters: { reference_doctype: doctype, reference_name: name },
    order_by: 'creation desc',
    limit: 21,
  });
  docinfo.communications = communications.filter((c) => c.communication_type !== 'Automated Message');
  docinfo.automated_messages = communications.filter((c) => c.communication_type === 'Automated Message');
  if (meta.track_changes)
    docinfo.versions = await all('Version', {
      fields: ['name', 'owner', 'creation', 'data'],
      filters: { ref_doctype: doctype, docname: name },
      order_by: 'creation desc',
      limit: 10,
    });
  docinfo.assignments = await assignments(ctx, present, doctype, name);
  docinfo.permissions = await ctx.getDocPermissions(doc);
  docinfo.shared = await all('DocShare', {
    fields: ['name', 'user', 'read', 'write', 'submit', 'share', 'everyone', 'owner', 'creation'],
    filters: { share_doctype: doctype, share_name: name },
  });
  if (meta.track_views)
    docinfo.views = await all('View Log', {
      fields: ['name', 'creation', 'owner'],
      filters: { reference_doctype: doctype, reference_name: name },
      order_by: 'creation desc',
    });
  docinfo.energy_point_logs = await all('Energy Point Log', {
    fields: ['*'],
    filters: { reference_doctype: doctype, reference_name: name, type: ['!=', 'Review'] },
    order_by: 'creation desc',
    limit: 20,
  });
  docinfo.milestones = await all('Milestone', {
    fields: ['creation', 'owner', 'track_field', 'value'],
    filters: { reference_type: doctype, reference_name: name },
  });
  if (present.has('Document Follow'))
    docinfo.is_document_followed =
      (await ctx.getValue<string>(
        'Document Follow',
        { ref_doctype: doctype, ref_docname: name, user: ctx.user },
        'name',
      )) ?? null;
  const tags = await all('Tag Link', {
    fields: ['tag'],
    filters: { document_type: doctype, document_name: name },
  });
  docinfo.tags = tags.map((t) => String(t.tag)).join(',');
  docinfo.user_info = await userInfo(ctx, docinfo);
  return docinfo;
}

// Open assignments as Frappe lists them: the assignee as `owner`.
async function assignments(ctx: AppContext, present: Set<string>, doctype: string, name: string) {
  if (!present.has('ToDo')) return [];
  const rows = await ctx.getAll<Row>('ToDo', {
    fields: ['name', 'allocated_to', 'description', 'status'],
    filters: [
      ['reference_type', '=', doctype],
      ['reference_name', '=', name],
      ['status', 'not in', ['Cancelled', 'Closed']],
      ['allocated_to', 'is', 'set'],
    ],
  });
  return rows.map(({ allocated_to, ...row }) => ({ ...row, owner: allocated_to }));
}

/** The number of comments kept in a document's `_comments` (a JSON list), 0 when unreadable. */
function commentCount(value: unknown): number {
  if (typeof value !== 'string' || value === '') return 0;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.length : 0;
  } catch {
    return 0;
  }
}

/** The DocTypes this site has, read once per unit of work. */
async function existingDocTypes(ctx: AppContext): Promise<Set<string>> {
  const wanted = [
    'Comment',
    'File',
    'Communication',
    'Version',
    'ToDo',
    'DocShare',
    'View Log',
    'Energy Point Log',
    'Milestone',
    'Document Follow',
    'Tag Link',
  ];
  const rows = await ctx.getAll<{ name: string }>('DocType', {
    fields: ['name'],
    filters: { name: ['in', wanted] },
  });
  return new Set(rows.map((r) => r.name));
}

// Frappe's `update_user_info`: the people the timeline names, with their full names and images.
async function userInfo(ctx: AppContext, docinfo: Docinfo): Promise<Record<string, Row>> {
  const users = new Set<string>();
  const add = (v: unknown) => typeof v === 'string' && v && users.add(v);
  for (const c of docinfo.communications) add(c.sender);
  for (const s of docinfo.shared) add(s.user);
  for (const list of [
    docinfo.assignments,
    docinfo.views,
    docinfo.versions,
    docinfo.comments,
    docinfo.share_logs,
    docinfo.assignment_logs,
    docinfo.attachment_logs,
    docinfo.info_logs,
    docinfo.like_logs,
    docinfo.workflow_logs,
  ])
    for (const row of list) add(row.owner);
  if (!users.size) return {};
  const rows = await ctx.getAll<Row>('User', {
    fields: ['name', 'full_name', 'user_image', 'email', 'time_zone'],
    filters: { name: ['in', [...users]] },
  });
  return Object.fromEntries(
    rows.map((u) => [
      u.name as string,
      {
        fullname: u.full_name ?? u.name,
        image: u.user_image ?? null,
        name: u.name,
        email: u.email ?? u.name,
        time_zone: u.time_zone ?? null,
      },
    ]),
  );
}
