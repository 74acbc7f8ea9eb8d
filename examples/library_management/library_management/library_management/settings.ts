// Library Settings (a Single) read with the defaults its DocType declares (30 days, 2 articles), so an unset value never means
// "no limit" or "no loan period".
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

function positive(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
