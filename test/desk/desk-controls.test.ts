// One control per field type: each is filled in the form the way a user would, saved through the API,
// and shown again after a reload — in Chromium against the real stack.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BrowserDocument, BrowserLocation } from './browser-globals.ts';
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
declare const location: BrowserLocation;

type Doc = Record<string, unknown> & { name: string };

const fields = [
  // Named `data` on purpose: Frappe reads a top-level `data` argument as the whole document.
  { fieldname: 'data', fieldtype: 'Data', label: 'Data', reqd: 1 },
  { fieldname: 'small_text', fieldtype: 'Small Text', label: 'Small Text' },
  { fieldname: 'text', fieldtype: 'Text', label: 'Text' },
  { fieldname: 'long_text', fieldtype: 'Long Text', label: 'Long Text' },
  { fieldname: 'code', fieldtype: 'Code', label: 'Code' },
  { fieldname: 'json', fieldtype: 'JSON', label: 'JSON' },
  { fieldname: 'col_1', fieldtype: 'Column Break' },
  { fieldname: 'int', fieldtype: 'Int', label: 'Int' },
  { fieldname: 'float', fieldtype: 'Float', label: 'Float' },
  { fieldname: 'currency', fieldtype: 'Currency', label: 'Currency' },
  { fieldname: 'percent', fieldtype: 'Percent', label: 'Percent' },
  { fieldname: 'check', fieldtype: 'Check', label: 'Check' },
  { fieldname: 'select', fieldtype: 'Select', label: 'Select', options: 'Red\nGreen\nBlue' },
  { fieldname: 'links', fieldtype: 'Section Break', label: 'Links and time' },
  { fieldname: 'link', fieldtype: 'Link', label: 'Link', options: 'User' },
  { fieldname: 'ref_type', fieldtype: 'Link', label: 'Reference Type', options: 'DocType' },
  { fieldname: 'ref_name', fieldtype: 'Dynamic Link', label: 'Reference Name', options: 'ref_type' },
  { fieldname: 'col_2', fieldtype: 'Column Break' },
  { fieldname: 'date', fieldtype: 'Date', label: 'Date' },
  { fieldname: 'datetime', fieldtype: 'Datetime', label: 'Datetime' },
  { fieldname: 'time', fieldtype: 'Time', label: 'Time' },
  { fieldname: 'password', fieldtype: 'Password', label: 'Password' },
  { fieldname: 'more', fieldtype: 'Tab Break', label: 'More' },
  { fieldname: 'attach', fieldtype: 'Attach', label: 'Attach' },
  { fieldname: 'editor', fieldtype: 'Text Editor', label: 'Editor' },
  { fieldname: 'readers', fieldtype: 'Table MultiSelect', label: 'Readers', options: 'Sample Reader' },
  { fieldname: 'computed', fieldtype: 'Read Only', label: 'Computed' },
];

describe('the desk: a control for every field type', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let name: string;

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    const { page } = admin;
    const child = await pageApi(page, 'POST', '/api/resource/DocType', {
      name: 'Sample Reader',
      module: 'Custom',
      custom: 1,
      istable: 1,
      fields: [{ fieldname: 'reader', fieldtype: 'Link', label: 'Reader', options: 'User', in_list_view: 1 }],
    });
    assert.equal(child.status, 200, JSON.stringify(child.body));
    const parent = await pageApi(page, 'POST', '/api/resource/DocType', {
      name: 'Sample Kinds',
      module: 'Custom',
      custom: 1,
      fields,
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    });
    assert.equal(parent.status, 200, JSON.stringify(parent.body));
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('lays the form out in tabs, sections and columns', async () => {
    const { page } = admin;
    await page.goto('/app/sample-kinds/new');
    await page.waitForSelector('[role=tablist]');
    assert.deepEqual(await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => t.textContent?.trim())), [
      'Details',
      'More',
    ]);
    assert.deepEqual(
      await page.$$eval('[role=tabpanel] .section-title', (h) => h.map((e) => e.textContent?.trim())),
      ['Links and time'],
    );
    assert.equal(
      await page.$$eval('[role=tabpanel] .form-section:first-child .section-column', (c) => c.length),
      2,
    );
    // Arrow keys move between tabs.
    await page.focus('[role=tab][aria-selected=true]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[role=tab][aria-selected=true]:has-text("More")');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('[role=tab][aria-selected=true]:has-text("Details")');
  });

  it('fills every control and saves the values in their Frappe shapes', async () => {
    const { page } = admin;
    await page.fill('#field-data', 'Plain data');
    await page.fill('#field-small_text', 'two\nlines');
    await page.fill('#field-text', 'Some text');
    await page.fill('#field-long_text', 'A long text');
    await page.fill('#field-code', 'const x = 1;');
    await page.fill('#field-json', '{"a": [1, 2]}');
    await page.fill('#field-int', '42');
    await page.fill('#field-float', '3.25');
    await page.fill('#field-currency', '19.99');
    await page.fill('#field-percent', '12.5');
    await page.check('#field-check');
    await page.selectOption('#field-select', 'Green');
    await page.fill('#field-link', 'Administrator');
    assert.equal(await page.isDisabled('#field-ref_name'), true, 'a Dynamic Link waits for its DocType');
    await page.fill('#field-ref_type', 'User');
    await page.waitForSelector('#field-ref_name:not([disabled])');
    await page.type('#field-ref_name', 'Admin');
    await page.waitForSelector('#field-ref_name-options [role=option]:has-text("Administrator")');
    await page.keyboard.press('Enter');
    await page.fill('#field-date', '2024-05-06');
    await page.fill('#field-datetime', '2024-05-06T07:08:09');
    await page.fill('#field-time', '07:08:09');
    await page.fill('#field-password', 'not-shown-Pa55');

    await page.click('[role=tab]:has-text("More")');
    await page.setInputFiles('input[type=file][name=attach]', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await page.waitForSelector('.field[data-fieldname=attach] [data-testid=attach-link]');
    await page.click('.field[data-fieldname=editor] [role=textbox]');
    await page.keyboard.type('Rich ');
    await page.click('.field[data-fieldname=editor] button[aria-label=Bold]');
    await page.keyboard.type('bold');
    await page.type('#multi-readers', 'Admin');
    await page.waitForSelector('#multi-readers-options [role=option]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.field[data-fieldname=readers] .chip:has-text("Administrator")');
    assert.equal(
      await page.$('.field[data-fieldname=computed]'),
      null,
      'an empty Read Only field is not shown',
    );

    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => !location.pathname.endsWith('/new'));
    name = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!);
    const reply = await pageApi<{ data: Doc }>(
      page,
      'GET',
      `/api/resource/Sample%20Kinds/${encodeURIComponent(name)}`,
    );
    assert.equal(reply.status, 200);
    const doc = reply.body.data;
    assert.equal(doc.data, 'Plain data');
    assert.equal(doc.small_text, 'two\nlines');
    assert.equal(doc.text, 'Some text');
    assert.equal(doc.long_text, 'A long text');
    assert.equal(doc.code, 'const x = 1;');
    assert.deepEqual(typeof doc.json === 'string' ? JSON.parse(doc.json) : doc.json, { a: [1, 2] });
    assert.equal(doc.int, 42);
    assert.equal(doc.float, 3.25);
    assert.equal(doc.currency, 19.99);
    assert.equal(doc.percent, 12.5);
    assert.equal(doc.check, 1);
    assert.equal(doc.select, 'Green');
    assert.equal(doc.link, 'Administrator');
    assert.equal(doc.ref_type, 'User');
    assert.equal(doc.ref_name, 'Administrator');
    assert.equal(doc.date, '2024-05-06');
    assert.match(String(doc.datetime), /^2024-05-06 07:08:09/);
    assert.match(String(doc.time), /^0?7:08:09/);
    assert.notEqual(doc.password, 'not-shown-Pa55', 'a password never comes back in clear');
    assert.match(String(doc.attach), /^\/(private\/)?files\/notes.*\.txt$/);
    assert.match(String(doc.editor), /Rich <(b|strong)>bold<\/(b|strong)>/);
    assert.deepEqual(
      (doc.readers as Doc[]).map((r) => r.reader),
      ['Administrator'],
    );
  });

  it('shows the saved values again after a reload', async () => {
    const { page } = admin;
    await page.reload();
    await page.waitForSelector('#field-data');
    assert.equal(await page.inputValue('#field-data'), 'Plain data');
    assert.equal(await page.inputValue('#field-small_text'), 'two\nlines');
    assert.deepEqual(JSON.parse(await page.inputValue('#field-json')), { a: [1, 2] });
    assert.equal(await page.inputValue('#field-int'), '42');
    assert.equal(await page.inputValue('#field-float'), '3.25');
    assert.equal(await page.isChecked('#field-check'), true);
    assert.equal(await page.inputValue('#field-select'), 'Green');
    assert.equal(await page.inputValue('#field-ref_name'), 'Administrator');
    assert.equal(await page.inputValue('#field-date'), '2024-05-06');
    assert.equal(await page.inputValue('#field-datetime'), '2024-05-06T07:08:09');
    assert.equal(await page.inputValue('#field-time'), '07:08:09');
    await page.click('[role=tab]:has-text("More")');
    await page.waitForSelector('.field[data-fieldname=editor] [role=textbox] :is(b, strong)');
    assert.equal(
      await page.evaluate(
        () => document.querySelector('.field[data-fieldname=editor] [role=textbox]')?.textContent,
      ),
      'Rich bold',
    );
    assert.match(
      (await page.textContent('.field[data-fieldname=readers] .chip')) ?? '',
      /^\s*Administrator\s*×\s*$/,
    );
  });

  it('keeps a Text Editor value from running script (sanitised before display)', async () => {
    const { page } = admin;
    const evil = '<p>hi<img src=x onerror="window.__owned=1"><script>window.__owned=2</script></p>';
    const reply = await pageApi(page, 'PUT', `/api/resource/Sample%20Kinds/${encodeURIComponent(name)}`, {
      editor: evil,
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    await page.reload();
    await page.click('[role=tab]:has-text("More")');
    await page.waitForSelector('.field[data-fieldname=editor] [role=textbox]:has-text("hi")');
    assert.equal(await page.$('.field[data-fieldname=editor] [role=textbox] img'), null);
    assert.equal(await page.evaluate(() => (globalThis as { __owned?: number }).__owned), undefined);
  });
});
