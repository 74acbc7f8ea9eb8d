// The shape of a document's "docinfo" as Frappe's `get_docinfo` sends it (comments, versions,
// assignments, attachments, shares, tags, user names), made whole so views need no checks.

/** A Comment row of docinfo (`comments`, `assignment_logs`, `like_logs`, …). */
export interface CommentEntry {
  name: string;
  creation: string;
  owner: string;
  content: string;
  comment_type?: string;
}
export interface VersionEntry {
  name: string;
  owner: string;
  creation: string;
  /** JSON: `{changed, added, removed, row_changed}` or `{creation}` */
  data: string;
}
/** An open ToDo on the document: `owner` is the assignee (Frappe's `allocated_to as owner`). */
export interface AssignmentEntry {
  name: string;
  owner: string;
  description?: string;
}
export interface AttachmentEntry {
  name: string;
  file_name?: string;
  file_url: string;
  is_private?: number;
}
export interface ShareEntry {
  name: string;
  user?: string | null;
  everyone?: number;
  read?: number;
  write?: number;
  share?: number;
  owner?: string;
  creation?: string;
}
export interface UserInfo {
  fullname?: string;
  image?: string | null;
}

export interface Docinfo {
  comments: CommentEntry[];
  assignment_logs: CommentEntry[];
  attachment_logs: CommentEntry[];
  info_logs: CommentEntry[];
  like_logs: CommentEntry[];
  workflow_logs: CommentEntry[];
  versions: VersionEntry[];
  assignments: AssignmentEntry[];
  attachments: AttachmentEntry[];
  shared: ShareEntry[];
  tags: string[];
  user_info: Record<string, UserInfo>;
}

const lists = [
  'comments',
  'assignment_logs',
  'attachment_logs',
  'info_logs',
  'like_logs',
  'workflow_logs',
  'versions',
  'assignments',
  'attachments',
  'shared',
] as const;

/** Docinfo with every key present: lists default to empty, `tags` (Frappe: "a,b") becomes a list. */
export function normalizeDocinfo(raw: unknown): Docinfo {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out = {} as Docinfo;
  for (const key of lists) {
    const value = source[key];
    (out as unknown as Record<string, unknown[]>)[key] = Array.isArray(value) ? value : [];
  }
  const tags = source.tags;
  out.tags = (Array.isArray(tags) ? tags.map(String) : typeof tags === 'string' ? tags.split(',') : [])
    .map((t) => t.trim())
    .filter(Boolean);
  const info = source.user_info;
  out.user_info = info && typeof info === 'object' ? (info as Record<string, UserInfo>) : {};
  return out;
}

/** The name to show for `user`: their full name from docinfo's `user_info`, else the id. */
export function fullName(info: Docinfo, user: string): string {
  return info.user_info[user]?.fullname || user;
}
