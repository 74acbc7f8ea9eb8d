// Administration in the desk, in Chromium against the real stack: users and their roles, API keys,
// and the background job list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BrowserDocument } from './browser-globals.ts';
import {
  adminPassword,
  type DeskStack,
  launchChromium,
  loggedIn,
  needsChromium,
  pageApi,
  startDeskStack,
} from './support.ts';

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;

type Doc = Record<string, unknown> & { name: string };

/** Waits until the form shows its document saved (no unsaved changes left). */
async function saved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=doc-status]')?.textContent?.trim() === 'Saved',
  );
}

describe('the desk: users, roles, API keys and jobs', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('creates a user in the User form', async () => {
    const { page } = admin;
    await page.goto('/app/user/new');
    await page.fill('#field-email', 'librarian@example.com');
    await page.fill('#field-first_name', 'Lena');
    await page.keyboard.press('Control+s');
    await page.waitForURL('**/app/user/librarian%40example.com');
    const user = await pageApi<{ data: Doc }>(page, 'GET', '/api/resource/User/librarian@example.com');
    assert.equal(user.status, 200);
    assert.equal(user.body.data.first_name, 'Lena');
  });

  it("assigns roles from the user's role checklist", async () => {
    const { page } = admin;
    const role = await pageApi(page, 'POST', '/api/resource/Role', {
      role_name: 'Librarian',
      desk_access: 1,
    });
    assert.equal(role.status, 200, JSON.stringify(role.body));
    await page.goto('/app/user/librarian%40example.com');
    await page.waitForSelector('.role-grid input[name="role-Librarian"]');
    await page.check('.role-grid input[name="role-Librarian"]');
    await page.check('.role-grid input[name="role-System Manager"]');
    await page.click('[data-action=save]');
    await saved(page);
    const user = await pageApi<{ data: Doc }>(page, 'GET', '/api/resource/User/librarian@example.com');
    const roles = ((user.body.data.roles as Doc[]) ?? []).map((r) => r.role).sort();
    assert.deepEqual(roles, ['Librarian', 'System Manager']);

    await page.uncheck('.role-grid input[name="role-Librarian"]');
    await page.click('[data-action=save]');
    await saved(page);
    const after = await pageApi<{ data: Doc }>(page, 'GET', '/api/resource/User/librarian@example.com');
    assert.deepEqual(
      ((after.body.data.roles as Doc[]) ?? []).map((r) => r.role),
      ['System Manager'],
    );
  });

  it('generates API keys that authenticate at once', async () => {
    const { page } = admin;
    await page.goto('/app/user/librarian%40example.com');
    // API Access is a collapsed section, as in Frappe's User form.
    await page.click('summary:has-text("API Access")');
    await page.click('[data-action=generate-keys]');
    await page.waitForSelector('[data-testid=api-secret]');
    const secret = (await page.textContent('[data-testid=api-secret] p code'))?.trim();
    await page.waitForFunction(() => document.querySelector('[data-testid=api-key]')?.textContent !== 'none');
    const key = (await page.textContent('[data-testid=api-key]'))?.trim();
    assert.ok(secret && key);
    const who = await fetch(`${ds.base}/api/method/frappe.auth.get_logged_user`, {
      headers: { Authorization: `token ${key}:${secret}` },
    });
    assert.equal(who.status, 200);
    assert.deepEqual(await who.json(), { message: 'librarian@example.com' });
  });

  it('shows the background job list (RQ Job)', async () => {
    const { page } = admin;
    await page.goto('/app/rq-job');
    await page.waitForSelector('.list, .empty-state');
    assert.equal((await page.textContent('h1'))?.trim(), 'RQ Job');
    const meta = await pageApi(page, 'GET', '/api/v2/doctype/RQ%20Job/meta');
    assert.equal(meta.status, 200);
    assert.ok(await page.isVisible('.list'));
  });
});
