// `frappe.desk.form.utils` (Frappe v15's desk form helpers): comments on a document, the form's next/previous.
import { PermissionError, whitelist } from 'cortado';
import { fullName } from '../../utils/user_info.ts';
import { nextDocName } from './next-doc.ts';

const text = { type: 'string', required: true } as const;

/**
 * Adds a comment to a document the user may read and answers the Comment. The author is the session user
 * (`comment_email`, and `comment_by` their full name, whatever the request says); the content is sanitized by
 * the Comment's controller.
 */
export const add_comment = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      reference_doctype: text,
      reference_name: text,
      content: text,
      comment_email: text,
      comment_by: text,
    },
  },
  async (ctx, { reference_doctype, reference_name, content }) => {
    const reference = await ctx.getDoc(reference_doctype, reference_name);
    if (!(await ctx.hasPermission(reference.doctype, 'read', reference)))
      throw new PermissionError(`No permission to read ${reference.doctype} ${reference.name}`);
    return ctx.insert(
      {
        doctype: 'Comment',
        comment_type: 'Comment',
        reference_doctype: reference.doctype,
        reference_name: reference.name,
        comment_email: ctx.user,
        comment_by: await fullName(ctx, ctx.user),
        content,
      },
      { ignorePermissions: true },
    );
  },
);

/** Changes a comment's content: its author, System Manager or Administrator, on a document they may read. */
export const update_comment = whitelist(
  { params: { name: text, content: text } },
  async (ctx, { name, content }) => {
    const comment = await ctx.getDoc('Comment', name);
    if (
      ctx.user !== 'Administrator' &&
      ctx.user !== comment.owner &&
      !(await ctx.roles()).includes('System Manager')
    )
      throw new PermissionError('Comment can only be edited by the owner');
    const { reference_doctype: dt, reference_name: dn } = comment;
    if (typeof dt === 'string' && dt && typeof dn === 'string' && dn) {
      const reference = await ctx.getDoc(dt, dn);
      if (!(await ctx.hasPermission(dt, 'read', reference)))
        throw new PermissionError(`No permission to read ${dt} ${dn}`);
    }
    await ctx.save({ ...comment, content }, { ignorePermissions: true });
    return null;
  },
);

/** The next/previous document's name in the list's order (`prev` 1 for previous); none at either end. */
export const get_next = whitelist(
  {
    params: {
      doctype: { type: 'string', required: true },
      value: { type: ['string', 'float'], required: true },
      prev: { type: ['int', 'boolean'], required: true },
      filters: { type: 'json' },
      sort_order: { type: 'string' },
      sort_field: { type: 'string' },
    },
  },
  (ctx, { doctype, value, prev, filters, sort_order, sort_field }) =>
    nextDocName(ctx, { doctype, value: String(value), prev: Boolean(prev), filters, sort_order, sort_field }),
);
