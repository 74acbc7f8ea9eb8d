// Library Settings (a Single): the rules in force, with the defaults its DocType declares (30 days, 2 articles)
// when a value is unset, so an empty field never means "no limit" or "no loan period".
import type { AppContext } from 'cortado';

export interface LibraryRules {
  /** Days an article may stay out, and a membership's default length. */
  loanPeriod: number;
  /** Articles one member may hold at once. */
  maxArticles: number;
}

export async function libraryRules(ctx: AppContext): Promise<LibraryRules> {
  const settings = await ctx.getSingle('Library Settings');
  return {
    loanPeriod: positive(settings.loan_period, 30),
    maxArticles: positive(settings.max_articles, 2),
  };
}

/**
 * Stores the rules in force on a site that has none yet, so the desk shows them (`after_install`, and the
 * v0_1 patch for sites installed before this existed).
 */
export async function store_default_settings(ctx: AppContext): Promise<void> {
  const settings = await ctx.getSingle('Library Settings');
  if (settings.loan_period && settings.max_articles) return;
  const rules = await libraryRules(ctx);
  await ctx.save(
    { ...settings, loan_period: rules.loanPeriod, max_articles: rules.maxArticles },
    { ignorePermissions: true },
  );
}

function positive(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
