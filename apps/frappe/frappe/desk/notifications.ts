// Frappe's `frappe.desk.notifications.notify_mentions`: a comment's @mentions become Mention notifications for
// the mentioned desk users who may read the document, never for the one who wrote it.
import type { AppContext, Doc } from 'cortado';
import { escapeHtml, extractMentions } from '../utils/html_utils.ts';
import { fullName } from '../utils/user_info.ts';
import { make_notification_logs } from './doctype/notification_log/notification_log.ts';

// More mentions than this in one comment are not notified (a flood, not a conversation).
const maxMentions = 100;

/**
 * Notifies the users `content` mentions (Frappe's desk marks them `<span class="mention" data-id="user">`): enabled
 * System Users other than the author who can read `refDoctype` `refName` each get a Notification Log of type
 * Mention, "<author> mentioned you in a comment in <DocType> <title>", the comment as its content.
 */
export async function notify_mentions(
  ctx: AppContext,
  refDoctype: unknown,
  refName: unknown,
  content: unknown,
): Promise<void> {
  if (typeof refDoctype !== 'string' || typeof refName !== 'string' || !refDoctype || !refName) return;
  const mentions = extractMentions(content)
    .filter((user) => user !== ctx.user)
    .slice(0, maxMentions);
  if (!mentions.length) return;
  const users = await ctx.getAll<{ name: string }>('User', {
    fields: ['name'],
    filters: { name: ['in', mentions], enabled: 1, user_type: 'System User' },
  });
  // A comment may outlive its document (or name one that never was): then there is nothing to point at.
  if (!users.length || !(await ctx.exists(refDoctype, refName))) return;
  const doc = await ctx.getDoc(refDoctype, refName);
  const readers: string[] = [];
  for (const { name } of users)
    if (await ctx.hasPermission(refDoctype, 'read', doc, name)) readers.push(name);
  if (!readers.length) return;
  const subject =
    `<strong>${escapeHtml(await fullName(ctx, ctx.user))}</strong> mentioned you in a comment in ` +
    `<strong>${escapeHtml(refDoctype)}</strong> <b class="subject-title">${escapeHtml(await titleOf(ctx, doc))}</b>`;
  await make_notification_logs(
    ctx,
    {
      type: 'Mention',
      document_type: refDoctype,
      document_name: refName,
      subject,
      from_user: ctx.user,
      email_content: String(content),
    },
    readers,
  );
}

// Frappe's `get_title`: the document's title field, or its name.
async function titleOf(ctx: AppContext, doc: Doc): Promise<string> {
  const field = await ctx.getValue<string>('DocType', doc.doctype, 'title_field');
  const title = field ? doc[field] : undefined;
  return title === undefined || title === null || title === '' ? String(doc.name) : String(title);
}
