// The app's own test (what `npm test` runs in the app folder): a fresh SQLite site with the app installed,
// the tutorial's rules exercised through the document engine as a Frappe unit test would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AppContext } from 'cortado';
import { createTestSite } from 'cortado/testing';
import { addDays, isoDate } from '../library_management/dates.ts';
import { mark_overdue } from '../library_management/tasks.ts';

const appPath = fileURLToPath(new URL('../..', import.meta.url));
type Site = Awaited<ReturnType<typeof createTestSite>>;

describe('Library Management', () => {
  let site: Site;
  const today = isoDate(new Date());

  const member = (ctx: AppContext, first_name: string, last_name?: string) =>
    ctx.insert({ doctype: 'Library Member', first_name, last_name });
  const membership = async (ctx: AppContext, library_member: string, values: Record<string, unknown> = {}) =>
    ctx.submit(await ctx.insert({ doctype: 'Library Membership', library_member, paid: 1, ...values }));
  const article = (ctx: AppContext, article_name: string) =>
    ctx.insert({ doctype: 'Article', article_name, author: 'Tester' });
  const transaction = async (
    ctx: AppContext,
    values: { article: string; library_member: string; type: 'Issue' | 'Return'; date?: string },
  ) => ctx.submit(await ctx.insert({ doctype: 'Library Transaction', ...values }));

  before(async () => {
    site = await createTestSite({ appPath });
  });
  after(async () => {
    await site?.close();
  });

  it('keeps a member full name from first and last name', async () => {
    const saved = await site.run((ctx) => member(ctx, 'Ada', 'Lovelace'));
    assert.equal(saved.full_name, 'Ada Lovelace');
    assert.match(String(saved.name), /^LM\d{5}$/, "Frappe's naming series: LM.##### makes LM00001");
  });

  it('ends a membership after the loan period and refuses an overlapping one', async () => {
    await site.run(async (ctx) => {
      const who = await member(ctx, 'Grace', 'Hopper');
      const first = await membership(ctx, who.name!, { from_date: today });
      assert.equal(first.to_date, addDays(today, 30));
      assert.equal(first.full_name, 'Grace Hopper');
      await assert.rejects(membership(ctx, who.name!, { from_date: addDays(today, 10) }), (error: Error) => {
        assert.equal((error as Error & { excType?: string }).excType, 'ValidationError');
        assert.match(error.message, /already has an active membership/);
        return true;
      });
    });
  });

  it('issues an article to a paid member, refuses it twice, and returns it', async () => {
    await site.run(async (ctx) => {
      const who = await member(ctx, 'Alan', 'Turing');
      const book = await article(ctx, 'On Computable Numbers');
      await assert.rejects(
        transaction(ctx, { article: book.name!, library_member: who.name!, type: 'Issue' }),
        /no active paid membership/,
      );
      await membership(ctx, who.name!);
      await transaction(ctx, { article: book.name!, library_member: who.name!, type: 'Issue' });
      assert.equal(await ctx.getValue('Article', book.name!, 'status'), 'Issued');
      await assert.rejects(
        transaction(ctx, { article: book.name!, library_member: who.name!, type: 'Issue' }),
        /already issued/,
      );
      await transaction(ctx, { article: book.name!, library_member: who.name!, type: 'Return' });
      assert.equal(await ctx.getValue('Article', book.name!, 'status'), 'Available');
    });
  });

  it('refuses an issue beyond max_articles of Library Settings', async () => {
    await site.run(async (ctx) => {
      const settings = await ctx.getSingle('Library Settings');
      await ctx.save({ ...settings, max_articles: 1 });
      const who = await member(ctx, 'Barbara', 'Liskov');
      await membership(ctx, who.name!);
      const [one, two] = [await article(ctx, 'First'), await article(ctx, 'Second')];
      await transaction(ctx, { article: one.name!, library_member: who.name!, type: 'Issue' });
      await assert.rejects(
        transaction(ctx, { article: two.name!, library_member: who.name!, type: 'Issue' }),
        /Maximum limit reached/,
      );
      assert.equal(await ctx.getValue('Article', two.name!, 'status'), 'Available', 'nothing changed');
      await ctx.save({ ...(await ctx.getSingle('Library Settings')), max_articles: 2 });
    });
  });

  it('marks loans older than the loan period overdue, and only those', async () => {
    await site.run(async (ctx) => {
      const who = await member(ctx, 'Edsger', 'Dijkstra');
      await membership(ctx, who.name!, { from_date: addDays(today, -60), to_date: addDays(today, 5) });
      const [old, recent] = [await article(ctx, 'Old Loan'), await article(ctx, 'Recent Loan')];
      const late = await transaction(ctx, {
        article: old.name!,
        library_member: who.name!,
        type: 'Issue',
        date: addDays(today, -45),
      });
      const fresh = await transaction(ctx, {
        article: recent.name!,
        library_member: who.name!,
        type: 'Issue',
      });
      assert.equal(await mark_overdue(ctx), 1);
      assert.equal(await ctx.getValue('Library Transaction', late.name!, 'overdue'), 1);
      assert.equal(await ctx.getValue('Library Transaction', fresh.name!, 'overdue'), 0);
      assert.equal(await mark_overdue(ctx), 0, 'a second run finds nothing new');
    });
  });

  it('answers the available articles over /api/method', async () => {
    const response = await site.request(
      'GET',
      '/api/method/library_management.library_management.api.get_available_articles',
    );
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const names = (response.body as { message: Array<{ article_name: string }> }).message.map(
      (a) => a.article_name,
    );
    assert.ok(names.includes('Second'));
    assert.ok(!names.includes('Old Loan'), 'an issued article is not available');
  });
});
