// What the form's timeline shows, newest first, built from docinfo: comments, the Version history as
// sentences ("changed Status from Open to Closed"), assignments, attachments, likes, shares and other
// logs, and the creation. Pure: no DOM, no requests (unit-tested in test/desk/timeline.test.ts); values are
// shown through the `format` the view hands in (the desk's formatValue).
import type { CommentEntry, Docinfo, VersionEntry } from '../../../model/docinfo.ts';
import type { Doc, DocField, DocTypeMeta } from '../../../model/types.ts';

/** What the timeline needs to know besides docinfo: metas for labels, names of users, value display. */
export interface TimelineContext {
  meta: DocTypeMeta | undefined;
  childMetas: ReadonlyMap<string, DocTypeMeta>;
  nameOf: (user: string) => string;
  format: (field: DocField, value: unknown) => string;
}

export type EntryKind =
  | 'comment'
  | 'version'
  | 'assignment'
  | 'attachment'
  | 'like'
  | 'share'
  | 'info'
  | 'workflow'
  | 'created';

export interface TimelineEntry {
  /** Unique in one timeline (kind + record name). */
  key: string;
  kind: EntryKind;
  creation: string;
  owner: string;
  /** Plain-text lines (versions, shares, creation). */
  lines?: string[];
  /** Server HTML (comments and logs): sanitise before showing. */
  html?: string;
  /** The log's text already names who did it (Frappe's assignment logs): no name before it. */
  named?: boolean;
  /** The Comment, for a user's own comments (edit, delete). */
  comment?: CommentEntry;
}

interface VersionData {
  creation?: unknown;
  changed?: Array<[string, unknown, unknown]>;
  added?: Array<[string, Doc]>;
  removed?: Array<[string, Doc]>;
  row_changed?: Array<[string, number, string, Array<[string, unknown, unknown]>]>;
}

const docstatusField: DocField = { fieldname: 'docstatus', fieldtype: 'Int', label: 'Status' };
const docstatusNames = ['Draft', 'Submitted', 'Cancelled'];

function fieldOf(meta: DocTypeMeta | undefined, fieldname: string): DocField | undefined {
  if (fieldname === 'docstatus') return docstatusField;
  return meta?.fields.find((f) => f.fieldname === fieldname);
}

function shown(format: TimelineContext['format'], field: DocField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field === docstatusField) return docstatusNames[Number(value)] ?? String(value);
  const text = format(field, value)
    .replace(/<[^>]*>/g, '')
    .trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const labelOf = (field: DocField) => field.label || field.fieldname;

/** Fields a person sees: changes to hidden fields are left out, as Frappe's timeline does. */
function describeChanges(
  meta: DocTypeMeta | undefined,
  changes: Array<[string, unknown, unknown]>,
  format: TimelineContext['format'],
): string[] {
  const out: string[] = [];
  for (const change of changes) {
    if (!Array.isArray(change)) continue;
    const [fieldname, before, after] = change;
    const field = fieldOf(meta, String(fieldname));
    if (!field || field.hidden) continue;
    out.push(`${labelOf(field)} from ${shown(format, field, before)} to ${shown(format, field, after)}`);
  }
  return out;
}

function countByTable(meta: DocTypeMeta | undefined, rows: Array<[string, Doc]> | undefined): string[] {
  const counts = new Map<string, number>();
  for (const row of rows ?? []) {
    if (!Array.isArray(row)) continue;
    const field = fieldOf(meta, String(row[0]));
    if (field && !field.hidden) counts.set(labelOf(field), (counts.get(labelOf(field)) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${n} ${n === 1 ? 'row' : 'rows'} in ${label}`);
}

/**
 * The sentences of one Version (without the person's name), or none when nothing visible changed.
 *
 * @example versionLines({ meta, childMetas, format }, '{"changed":[["status","Open","Closed"]]}') // ['changed Status from Open to Closed']
 */
export function versionLines(context: Omit<TimelineContext, 'nameOf'>, json: string): string[] {
  const { meta, childMetas, format } = context;
  let data: VersionData;
  try {
    data = JSON.parse(json) as VersionData;
  } catch {
    return [];
  }
  if (!data || typeof data !== 'object') return [];
  if (data.creation) return ['created this'];
  const lines: string[] = [];
  const changed = describeChanges(meta, data.changed ?? [], format);
  if (changed.length) lines.push(`changed ${changed.join(', ')}`);
  const added = countByTable(meta, data.added);
  if (added.length) lines.push(`added ${added.join(', ')}`);
  const removed = countByTable(meta, data.removed);
  if (removed.length) lines.push(`removed ${removed.join(', ')}`);
  for (const row of data.row_changed ?? []) {
    if (!Array.isArray(row)) continue;
    const [table, index, , changes] = row;
    const field = fieldOf(meta, String(table));
    if (!field || field.hidden) continue;
    const rowChanges = Array.isArray(changes) ? changes : [];
    const inRow = describeChanges(childMetas.get(field.options ?? ''), rowChanges, format);
    if (inRow.length) lines.push(`changed ${inRow.join(', ')} in ${labelOf(field)} row ${Number(index) + 1}`);
  }
  return lines;
}

function logEntries(kind: EntryKind, rows: CommentEntry[]): TimelineEntry[] {
  return rows.map((c) => ({
    named: kind === 'assignment',
    key: `${kind}:${c.name}`,
    kind,
    creation: c.creation,
    owner: c.owner,
    html: c.content,
  }));
}

function versionEntries(versions: VersionEntry[], context: TimelineContext): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const v of versions) {
    const lines = versionLines(context, v.data);
    if (lines.length)
      out.push({ key: `version:${v.name}`, kind: 'version', creation: v.creation, owner: v.owner, lines });
  }
  return out;
}

/** Every entry of the timeline, newest first. */
export function buildTimeline(info: Docinfo, doc: Doc, context: TimelineContext): TimelineEntry[] {
  const { nameOf } = context;
  const entries: TimelineEntry[] = [
    ...info.comments.map((c) => ({
      key: `comment:${c.name}`,
      kind: 'comment' as const,
      creation: c.creation,
      owner: c.owner,
      html: c.content,
      comment: c,
    })),
    ...versionEntries(info.versions, context),
    ...logEntries('assignment', info.assignment_logs),
    ...logEntries('attachment', info.attachment_logs),
    ...logEntries('like', info.like_logs),
    ...logEntries('info', info.info_logs),
    ...logEntries('workflow', info.workflow_logs),
    ...info.shared
      .filter((s) => s.creation && s.owner)
      .map((s) => ({
        key: `share:${s.name}`,
        kind: 'share' as const,
        creation: s.creation!,
        owner: s.owner!,
        lines: [`shared this document with ${s.everyone ? 'everyone' : nameOf(s.user ?? '')}`],
      })),
  ];
  const createdLogged = entries.some((e) => e.kind === 'version' && e.lines?.[0] === 'created this');
  if (!createdLogged && doc.creation && doc.owner)
    entries.push({
      key: 'created',
      kind: 'created',
      creation: doc.creation,
      owner: doc.owner,
      lines: ['created this'],
    });
  // Frappe datetimes sort as strings; the creation always goes last among equals.
  return entries.sort((a, b) =>
    a.creation === b.creation
      ? Number(a.kind === 'created') - Number(b.kind === 'created')
      : a.creation < b.creation
        ? 1
        : -1,
  );
}
