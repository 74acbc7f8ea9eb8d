// Field-level permissions in the desk form, in Chromium against the real stack: a field at permlevel 1
// is read-only for a role that may only read that level (and its edits cannot reach the server through
// the form), absent for a role with no level-1 rights, and editable for System Manager and Administrator.
// The desk learns this from the boot's roles and the meta's DocPerm rows, as any client could.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import type { BrowserDocument } from './browser-globals.ts';
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

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;

type Doc = Record<string, unknown> & { name: string };

const password = 'claims-Pa55word';
const clerk = 'clerk@example.com'; // level 0 read/write, level 1 read
const viewer = 'viewer@example.com'; // level 0 read/write only
const manager = 'manager@example.com'; // System Manager: both levels

/** Waits until the form shows its document saved (no unsaved changes left). */
async function saved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=doc-status]')?.textContent?.trim() === 'Saved',
  );
}

describe('the desk: field-level permissions (permlevel)', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let claim: string;
  const errors: string[] = [];

  const open = async (user: string): Promise<Page> => {
    const { page } = await loggedIn(browser, ds.base, user, password);
    errors.push(...collectErrors(page));
    await page.goto(`/app/expense-claim/${claim}`);
    await page.waitForSelector('#field-title');
    return page;
  };
  const stored = async (): Promise<Doc> =>
    (await pageApi<{ data: Doc }>(admin.page, 'GET', `/api/resource/Expense Claim/${claim}`)).body.data;

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    const api = (method: string, path: string, body?: unknown) => pageApi(admin.page, method, path, body);
    for (const role_name of ['Expense Clerk', 'Expense Viewer']) {
      const role = await api('POST', '/api/resource/Role', { role_name, desk_access: 1 });
      assert.equal(role.status, 200, JSON.stringify(role.body));
    }
    const line = await api('POST', '/api/resource/DocType', {
      name: 'Expense Line',
      module: 'Accounts',
      custom: 1,
      istable: 1,
      fields: [
        { fieldname: 'description', fieldtype: 'Data', label: 'Description', in_list_view: 1 },
        {
          fieldname: 'approved_amount',
          fieldtype: 'Currency',
          label: 'Approved Amount',
          in_list_view: 1,
          permlevel: 1,
        },
      ],
    });
    assert.equal(line.status, 200, JSON.stringify(line.body));
    const doctype = await api('POST', '/api/resource/DocType', {
      name: 'Expense Claim',
      module: 'Accounts',
      custom: 1,
      fields: [
        { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, in_list_view: 1 },
        {
          fieldname: 'approved_by',
          fieldtype: 'Data',
          label: 'Approved By',
          permlevel: 1,
          in_list_view: 1,
        },
        { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: 'Expense Line' },
      ],
      permissions: [
        { role: 'System Manager', permlevel: 0, read: 1, write: 1, create: 1, delete: 1 },
        { role: 'System Manager', permlevel: 1, read: 1, write: 1, create: 0, delete: 0 },
        { role: 'Expense Clerk', permlevel: 0, read: 1, write: 1, create: 1, delete: 0 },
        { role: 'Expense Clerk', permlevel: 1, read: 1, write: 0, create: 0, delete: 0 },
        { role: 'Expense Viewer', permlevel: 0, read: 1, write: 1, create: 1, delete: 0 },
      ],
    });
    assert.equal(doctype.status, 200, JSON.stringify(doctype.body));
    const created = await api('POST', '/api/resource/Expense Claim', {
      title: 'Trip to Lyon',
      approved_by: 'boss@example.com',
      lines: [{ description: 'Taxi', approved_amount: 20 }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    claim = (created.body as { data: Doc }).data.name;

    const db = ds.stack.runtime.databases.get('localhost');
    for (const [email, role] of [
      [clerk, 'Expense Clerk'],
      [viewer, 'Expense Viewer'],
      [manager, 'System Manager'],
    ] as const)
      await createUser(db, { email, firstName: role, password, roles: [role] });
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('shows a field the user may only read as read-only, and keeps it through a save', async () => {
    const page = await open(clerk);
    assert.equal(await page.inputValue('#field-approved_by'), 'boss@example.com');
    assert.equal(await page.isDisabled('#field-approved_by'), true);
    assert.equal(await page.isEditable('#field-approved_by'), false);
    // The same level in a child row: its column is shown, its cells locked.
    assert.equal(
      await page.locator('[data-table=lines] [role=columnheader]', { hasText: 'Approved Amount' }).count(),
      1,
    );
    assert.equal(await page.isDisabled('#lines-1-approved_amount'), true);
    assert.equal(await page.isDisabled('#lines-1-description'), false);

    await page.fill('#field-title', 'Trip to Lyon and back');
    await page.keyboard.press('Control+s');
    await saved(page);
    const doc = await stored();
    assert.equal(doc.title, 'Trip to Lyon and back');
    assert.equal(doc.approved_by, 'boss@example.com');
    await page.context().close();
  });

  it('does not show a field the user may not read', async () => {
    const page = await open(viewer);
    assert.equal(await page.locator('[data-fieldname=approved_by]').count(), 0);
    assert.equal(
      await page.locator('[data-table=lines] [role=columnheader]', { hasText: 'Approved Amount' }).count(),
      0,
    );
    assert.equal(await page.locator('#lines-1-description').count(), 1);
    assert.equal(await page.isEditable('#field-title'), true);
    await page.context().close();
  });

  it('lists, sorts and filters only by fields the user may read', async () => {
    const sortKeys = async (user: string) => {
      const { page } = await loggedIn(browser, ds.base, user, password);
      errors.push(...collectErrors(page));
      await page.goto('/app/expense-claim');
      await page.waitForSelector('#list-sort');
      const keys = await page.$$eval('#list-sort option', (options) =>
        options.map((o) => o.getAttribute('value') ?? ''),
      );
      const column = await page.locator('[role=columnheader]', { hasText: 'Approved By' }).count();
      await page.context().close();
      return { keys, column };
    };
    const reader = await sortKeys(clerk);
    assert.ok(reader.keys.includes('approved_by'), JSON.stringify(reader.keys));
    assert.equal(reader.column, 1);
    const other = await sortKeys(viewer);
    assert.ok(!other.keys.includes('approved_by'), JSON.stringify(other.keys));
    assert.equal(other.column, 0);
  });

  it('lets System Manager and Administrator edit it', async () => {
    const page = await open(manager);
    assert.equal(await page.isEditable('#field-approved_by'), true);
    await page.fill('#field-approved_by', 'chief@example.com');
    await page.fill('#lines-1-approved_amount', '25');
    await page.keyboard.press('Control+s');
    await saved(page);
    const doc = await stored();
    assert.equal(doc.approved_by, 'chief@example.com');
    assert.equal((doc.lines as Doc[])[0]?.approved_amount, 25);
    await page.context().close();

    await admin.page.goto(`/app/expense-claim/${claim}`);
    await admin.page.waitForSelector('#field-approved_by');
    assert.equal(await admin.page.isEditable('#field-approved_by'), true);
    assert.equal(await admin.page.isEditable('#lines-1-approved_amount'), true);
  });

  it('logged no errors in the browser', () => {
    assert.deepEqual(errors, []);
  });
});
