// The Library Management example app's form script in Chromium: on a submitted Issue, Library Transaction's
// form shows the script's "Return Article" button; clicking it calls the app's whitelisted return_article, the
// user is told which Return was made, and the article is Available again. A Return's form has no such button;
// the list settings script shows each loan's pill.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { installExample } from '../apps/library-management/support.ts';
import { runCortado } from '../support/e2e.ts';
import {
  adminPassword,
  collectErrors,
  type DeskStack,
  launchChromium,
  loggedIn,
  needsChromium,
  pageApi,
  startDeskStack,
} from './support.ts';

type Doc = Record<string, unknown> & { name: string };

async function insert(page: Page, doctype: string, values: Record<string, unknown>): Promise<Doc> {
  const reply = await pageApi<{ data: Doc }>(
    page,
    'POST',
    `/api/resource/${encodeURIComponent(doctype)}`,
    values,
  );
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.data;
}

async function submit(page: Page, doctype: string, name: string): Promise<void> {
  const path = `/api/resource/${encodeURIComponent(doctype)}/${encodeURIComponent(name)}`;
  const reply = await pageApi(page, 'PUT', path, { docstatus: 1 });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

describe('Library Management form script in the desk', needsChromium, () => {
  let desk: DeskStack;
  let browser: Browser;

  before(async () => {
    desk = await startDeskStack({
      prepare: async (bench, site) => {
        await installExample(bench.sitesPath, site);
        // `cortado build`, as after get-app in a bench: the desk and the apps' desk scripts into sites/assets.
        await runCortado(['--sites-path', bench.sitesPath, 'build']);
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('returns an issued article with the "Return Article" button of a submitted Issue', async () => {
    const { context, page } = await loggedIn(browser, desk.base, 'Administrator', adminPassword);
    const errors = collectErrors(page);
    try {
      const member = await insert(page, 'Library Member', { first_name: 'Virginia', last_name: 'Woolf' });
      const membership = await insert(page, 'Library Membership', { library_member: member.name, paid: 1 });
      await submit(page, 'Library Membership', membership.name);
      const article = await insert(page, 'Article', { article_name: 'Orlando' });
      const issue = await insert(page, 'Library Transaction', {
        article: article.name,
        library_member: member.name,
        type: 'Issue',
      });
      await submit(page, 'Library Transaction', issue.name);

      await page.goto(`/app/library-transaction/${encodeURIComponent(issue.name)}`);
      const button = page.getByRole('button', { name: 'Return Article' });
      await button.click();
      const notice = page.getByText(new RegExp(`^${article.name} returned in (LT\\d{5})$`));
      await notice.waitFor();
      const returnName = /(LT\d{5})$/.exec((await notice.textContent()) ?? '')![1]!;
      const returned = await pageApi<{ data: Doc }>(
        page,
        'GET',
        `/api/resource/Library Transaction/${encodeURIComponent(returnName)}`,
      );
      assert.equal(returned.body.data.type, 'Return');
      assert.equal(returned.body.data.docstatus, 1);
      assert.equal(returned.body.data.article, article.name);
      const shelved = await pageApi<{ data: Doc }>(
        page,
        'GET',
        `/api/resource/Article/${encodeURIComponent(article.name)}`,
      );
      assert.equal(shelved.body.data.status, 'Available');

      // The Return's own form: rendered (its submitted state shows), and the script adds no button.
      await page.goto(`/app/library-transaction/${encodeURIComponent(returnName)}`);
      await page.getByText('Submitted', { exact: true }).first().waitFor();
      assert.equal(await page.locator('[data-custom-button]').count(), 0);

      // The list settings script: each submitted loan with its pill.
      await page.goto('/app/library-transaction');
      await page.getByText('Returned', { exact: true }).first().waitFor();
      await page.getByText('Issued', { exact: true }).first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
