// Scheduled jobs of the app (hooks.ts `scheduler_events`).
import type { AppContext } from 'cortado';
import { addDays, isoDate } from './dates.ts';
import { libraryRules } from './settings.ts';

/**
 * Daily: flags every submitted Issue whose article is still out after the Loan Period (no later Return of
 * that article by that member). Saved through the document engine (`overdue` may change after submit), so
 * the flag shows in the desk at once and the change is in the document's history.
 */
export async function mark_overdue(ctx: AppContext): Promise<number> {
  const { loanPeriod } = await libraryRules(ctx);
  const dueBefore = addDays(isoDate(ctx.now()), -loanPeriod);
  const late = await ctx.getAll<{ name: string; article: string; library_member: string; date: string }>(
    'Library Transaction',
    {
      fields: ['name', 'article', 'library_member', 'date'],
      filters: { type: 'Issue', docstatus: 1, overdue: 0, date: ['<', dueBefore] },
      order_by: 'date asc',
    },
  );
  let marked = 0;
  for (const issue of late) {
    const returned = await ctx.exists('Library Transaction', {
      type: 'Return',
      docstatus: 1,
      article: issue.article,
      library_member: issue.library_member,
      date: ['>=', issue.date],
    });
    if (returned) continue;
    const doc = await ctx.getDoc('Library Transaction', issue.name);
    doc.overdue = 1;
    await ctx.save(doc, { ignorePermissions: true });
    marked++;
  }
  return marked;
}
