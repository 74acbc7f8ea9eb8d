// The app's whitelisted methods, under /api/method/library_management.library_management.api.<name>.
import { type AppContext, ValidationError, whitelist } from 'cortado';

/** Articles on the shelf now, for the desk and for a catalogue page (the user's read permission applies). */
export const get_available_articles = whitelist({ methods: ['GET'] }, (ctx: AppContext) =>
  ctx.getList('Article', {
    fields: ['name', 'article_name', 'author', 'publisher', 'isbn'],
    filters: { status: 'Available' },
    order_by: 'article_name asc',
    limit: 500,
  }),
);

/**
 * Returns the article of a submitted Issue: makes and submits the matching Return, dated today, and
 * answers its name (the form script's "Return Article" button calls this).
 */
export const return_article = whitelist(
  { methods: ['POST'], params: { transaction: { type: 'string', required: true } } },
  async (ctx: AppContext, { transaction }: { transaction: string }) => {
    const issue = await ctx.getDoc('Library Transaction', transaction);
    if (issue.type !== 'Issue' || issue.docstatus !== 1)
      throw new ValidationError(`${transaction} is not a submitted issue`);
    const returned = await ctx.insert({
      doctype: 'Library Transaction',
      article: issue.article,
      library_member: issue.library_member,
      type: 'Return',
    });
    await ctx.submit(returned);
    return returned.name;
  },
);
