// Stores Library Settings' defaults on a site that has none yet, so the desk shows the rules in force.
import type { AppContext } from 'cortado';
import { libraryRules } from '../../library_management/settings.ts';

export default async function execute(ctx: AppContext): Promise<void> {
  const settings = await ctx.getSingle('Library Settings');
  if (settings.loan_period && settings.max_articles) return;
  const rules = await libraryRules(ctx);
  await ctx.save(
    { ...settings, loan_period: rules.loanPeriod, max_articles: rules.maxArticles },
    { ignorePermissions: true },
  );
}
