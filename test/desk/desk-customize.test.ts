// The desk's own machinery in Chromium against the real stack: a System Manager customizes a standard DocType
// (a field added to ToDo, shown in its list) and the list and form use it at once; fetch_from fills fields
// when a link is picked; and a list reopens with the filters, sort, page length and columns it was left with.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BrowserDocument, BrowserElement } from './browser-globals.ts';
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

/** The value of the form's input `#field-<fieldname>` once it equals `expected`. */
async function fieldBecomes(page: Page, fieldname: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ({ id, want }) => (document.querySelector(id) as { value?: string } | null)?.value === want,
    { id: `#field-${fieldname}`, want: expected },
  );
}

describe('the desk: customize, fetch on link selection, list settings', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let errors: string[];

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    errors = collectErrors(admin.page);
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('saves a new DocType with the default permission rule, and a success leaves no stale error toast', async () => {
    const { page } = admin;
    await page.goto('/app/doctype/new');
    await page.fill('#b-name', 'Plain Note');
    // Not submittable: the default rule has no submit, cancel or amend (the server would refuse them).
    for (const right of ['submit', 'cancel', 'amend']) {
      assert.equal(await page.isChecked(`input[name=perm-${right}-0]`), false, right);
      assert.equal(await page.isDisabled(`input[name=perm-${right}-0]`), true, right);
    }
    // Submittable ticks them for a rule that may write; unticking takes them away again.
    await page.check('input[name=is_submittable]');
    assert.equal(await page.isChecked('input[name=perm-submit-0]'), true);
    await page.uncheck('input[name=is_submittable]');
    assert.equal(await page.isChecked('input[name=perm-submit-0]'), false);

    // A first attempt fails in the browser (no label): an error toast.
    await page.click('button[data-action=save]');
    await page.waitForSelector('.toast[data-kind=error]');
    await page.fill('input[name=field-label-0]', 'Body');
    await page.click('button[data-action=save]');
    await page.waitForURL('**/app/doctype/Plain%20Note');
    await page.waitForSelector('.toast[data-kind=success]');
    assert.equal(await page.locator('.toast[data-kind=error]').count(), 0, 'the earlier error is gone');
    const stored = await pageApi<{ data: { permissions: Doc[] } }>(
      page,
      'GET',
      '/api/resource/DocType/Plain Note',
    );
    assert.deepEqual(
      stored.body.data.permissions.map((p) => [p.role, p.read, p.write, p.create, p.delete, p.submit]),
      [['System Manager', 1, 1, 1, 1, 0]],
    );
  });

  it("lays the User form out as Frappe's: internals folded away, Gender a link to Frappe's genders", async () => {
    const { page } = admin;
    await page.goto('/app/user/Administrator');
    await page.waitForSelector('summary:has-text("Security Settings")');
    assert.equal(await page.isVisible('#field-login_after'), false, 'Login After is folded away');
    await page.click('summary:has-text("More Information")');
    await page.type('#field-gender', 'Fem');
    await page.waitForSelector('#field-gender-options [role=option]:has-text("Female")');
  });

  it('customizes ToDo: a field added in Customize Form shows in the ToDo list and form, and keeps its value', async () => {
    const { page } = admin;
    await page.goto('/app/todo');
    await page.click('[data-action=customize]');
    await page.waitForURL((url) => url.pathname === '/app/customize-form' && url.search === '?doc_type=ToDo');
    await page.waitForSelector('.builder-row[data-fieldname=description]');
    // The app's own fields can be changed, not removed.
    assert.equal(
      await page.locator('.builder-row[data-fieldname=status] [aria-label^="Remove field"]').count(),
      0,
    );

    await page.click('[data-action=add-field]');
    const row = page.locator('.builder-row').last();
    await row.locator('[data-prop=label]').fill('Customer Reference');
    await row.locator('input[name^=field-in-list-]').check();
    await page.click('[data-action=save]');
    await page.waitForSelector('.toast[data-kind=success]');
    // Fetched again after saving: the new row is a stored Custom Field now, with the name the server gave it.
    const fieldname = await page.$$eval('.builder-row', (rows) => {
      for (const row of rows as unknown as BrowserElement[])
        if (row.querySelector('[data-prop=label]')?.value === 'Customer Reference')
          return row.querySelector('[data-prop=fieldname]')?.value ?? '';
      return '';
    });
    assert.match(fieldname, /^[a-z][a-z0-9_]*customer_reference$/);

    // The list (a new visit in the same page: the desk's meta cache was refreshed) shows the column.
    await page.click('[data-action=open-list]');
    await page.waitForSelector(`[role=columnheader]:has-text("Customer Reference")`);

    // The form has the field; a value saved in it persists and shows in the list.
    await page.goto('/app/todo/new');
    await page.waitForSelector(`#field-${fieldname}`);
    await page.click('.field[data-fieldname=description] [role=textbox]');
    await page.keyboard.type('Call the customer back');
    await page.fill(`#field-${fieldname}`, 'CR-0042');
    await page.click('[data-action=save]');
    await page.waitForURL(
      (url) => /^\/app\/todo\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
    );
    const name = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const stored = await pageApi<{ data: Doc }>(
      page,
      'GET',
      `/api/resource/ToDo/${encodeURIComponent(name)}`,
    );
    assert.equal(stored.body.data[fieldname], 'CR-0042');
    await page.reload();
    await fieldBecomes(page, fieldname, 'CR-0042');
    await page.goto('/app/todo');
    await page.waitForSelector(`[data-name="${name}"] [data-field=${fieldname}]:has-text("CR-0042")`);
    assert.deepEqual(errors, []);
  });

  it('fills fetch_from fields when a link is picked, honouring fetch_if_empty, and clears them with the link', async () => {
    const { page } = admin;
    const customer = await pageApi(page, 'POST', '/api/resource/DocType', {
      name: 'Fetch Customer',
      module: 'Custom',
      custom: 1,
      autoname: 'field:customer_name',
      fields: [
        { fieldname: 'customer_name', fieldtype: 'Data', label: 'Customer Name', reqd: 1 },
        { fieldname: 'city', fieldtype: 'Data', label: 'City' },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    });
    assert.equal(customer.status, 200, JSON.stringify(customer.body));
    const order = await pageApi(page, 'POST', '/api/resource/DocType', {
      name: 'Fetch Order',
      module: 'Custom',
      custom: 1,
      fields: [
        { fieldname: 'customer', fieldtype: 'Link', label: 'Customer', options: 'Fetch Customer' },
        { fieldname: 'city', fieldtype: 'Data', label: 'City', fetch_from: 'customer.city' },
        {
          fieldname: 'contact',
          fieldtype: 'Data',
          label: 'Contact',
          fetch_from: 'customer.customer_name',
          fetch_if_empty: 1,
        },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    });
    assert.equal(order.status, 200, JSON.stringify(order.body));
    for (const [customer_name, city] of [
      ['Acme', 'Lisbon'],
      ['Globex', 'Porto'],
    ])
      assert.equal(
        (await pageApi(page, 'POST', '/api/resource/Fetch Customer', { customer_name, city })).status,
        200,
      );

    await page.goto('/app/fetch-order/new');
    const pick = async (value: string) => {
      await page.fill('#field-customer', '');
      await page.type('#field-customer', value.slice(0, 3));
      await page.waitForSelector(`#field-customer-options [role=option]:has-text("${value}")`);
      await page.click(`#field-customer-options [role=option]:has-text("${value}")`);
    };
    await pick('Acme');
    await fieldBecomes(page, 'city', 'Lisbon');
    await fieldBecomes(page, 'contact', 'Acme');
    // Another customer: the city follows; the contact is fetched only while empty, so it stays.
    await pick('Globex');
    await fieldBecomes(page, 'city', 'Porto');
    assert.equal(await page.inputValue('#field-contact'), 'Acme');
    // Clearing the link clears what it fetched, except fetch_if_empty fields.
    await page.fill('#field-customer', '');
    await page.locator('#field-customer').blur();
    await fieldBecomes(page, 'city', '');
    assert.equal(await page.inputValue('#field-contact'), 'Acme');
    // Typed by hand (no pick) and left: fetched too; saved as shown.
    await page.fill('#field-customer', 'Acme');
    await page.locator('#field-customer').blur();
    await fieldBecomes(page, 'city', 'Lisbon');
    await page.click('[data-action=save]');
    await page.waitForURL((url) => !url.pathname.endsWith('/new'));
    const name = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const saved = await pageApi<{ data: Doc }>(
      page,
      'GET',
      `/api/resource/Fetch Order/${encodeURIComponent(name)}`,
    );
    assert.equal(saved.body.data.city, 'Lisbon');
    assert.equal(saved.body.data.contact, 'Acme');
  });

  it('reopens a list with the filters, sort, page length and columns the user left it with', async () => {
    const { page } = admin;
    await page.goto('/app/todo');
    await page.waitForSelector('[data-testid=list-count]');
    // The list sends the whole List settings each time; wait for the save that carries all the changes.
    const savedAll = page.waitForResponse((response) => {
      if (!response.url().endsWith('/api/method/frappe.model.utils.user_settings.save')) return false;
      const body = response.request().postDataJSON() as { user_settings?: string } | null;
      const list = (JSON.parse(body?.user_settings ?? '{}') as { List?: Record<string, unknown> }).List;
      return (
        list?.page_length === 100 &&
        list.sort_order === 'asc' &&
        Boolean((list.fields as string[] | undefined)?.includes('priority'))
      );
    });
    await page.selectOption('select[name=std-status]', 'Closed');
    await page.selectOption('select[name=page-length]', '100');
    await page.selectOption('#list-sort', 'creation');
    await page.click('[data-action=sort-order]');
    await page.click('[data-action=columns]');
    await page.check('input[name=column-priority]');
    await page.waitForSelector('[role=columnheader]:has-text("Priority")');
    assert.equal((await savedAll).status(), 200);
    // Kept in Frappe's shape.
    const kept = await pageApi<{ message: string }>(
      page,
      'GET',
      '/api/method/frappe.model.utils.user_settings.get?doctype=ToDo',
    );
    const settings = JSON.parse(kept.body.message) as { last_view?: string; List?: Record<string, unknown> };
    assert.equal(settings.last_view, 'List');
    assert.deepEqual(settings.List?.filters, [['ToDo', 'status', '=', 'Closed']]);
    assert.equal(settings.List?.sort_by, 'creation');

    await page.reload();
    await page.waitForSelector('[role=columnheader]:has-text("Priority")');
    assert.equal(await page.inputValue('select[name=std-status]'), 'Closed');
    assert.equal(await page.inputValue('select[name=page-length]'), '100');
    assert.equal(await page.inputValue('#list-sort'), 'creation');
    assert.equal(
      await page.getAttribute('[data-action=sort-order]', 'aria-label'),
      'Ascending; switch to descending',
    );
  });
});
