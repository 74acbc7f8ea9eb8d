// Frappe's `frappe.desk.like`: a user likes (or unlikes) a document. `_liked_by` on the document is the JSON
// list of users who like it (written without touching `modified`); a like is a Like comment on its timeline,
// which reaches open forms as `docinfo_update` (key `like_logs`).
import { whitelist } from 'cortado';
import { addTimelineComment, permittedDocument, pythonJsonList } from './timeline.ts';

/**
 * `toggle_like`: `add` 'Yes' adds the session user to `_liked_by` (and a Like comment), anything else removes
 * them (and their Like comments). Needs read permission on the document; replies with nothing.
 */
export const toggle_like = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      doctype: { type: 'string', required: true },
      name: { type: 'string', required: true },
      add: { type: 'any' },
    },
  },
  async (ctx, { doctype, name, add }) => {
    const ref = { doctype, name };
    await permittedDocument(ctx, ref);
    const likedBy = parseLikedBy(await ctx.getValue<string>(doctype, name, '_liked_by'));
    const liked = likedBy.includes(ctx.user);
    if (add === 'Yes' && !liked) {
      likedBy.push(ctx.user);
      await addTimelineComment(ctx, ref, 'Like', 'Liked');
    } else if (add !== 'Yes' && liked) {
      likedBy.splice(likedBy.indexOf(ctx.user), 1);
      const likes = await ctx.getAll<{ name: string }>('Comment', {
        fields: ['name'],
        filters: { comment_type: 'Like', reference_doctype: doctype, reference_name: name, owner: ctx.user },
      });
      for (const like of likes) await ctx.delete('Comment', like.name, { ignorePermissions: true });
    } else return null;
    await ctx.setValue(doctype, name, { _liked_by: pythonJsonList(likedBy) }, { updateModified: false });
    return null;
  },
);

// A stored `_liked_by` that is not a JSON list of users is treated as empty, as nothing else writes it.
function parseLikedBy(stored: string | undefined): string[] {
  if (!stored) return [];
  try {
    const list: unknown = JSON.parse(stored);
    return Array.isArray(list) ? list.filter((user): user is string => typeof user === 'string') : [];
  } catch {
    return [];
  }
}
