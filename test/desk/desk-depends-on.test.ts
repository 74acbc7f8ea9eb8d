// What a desk user without System Manager sees, and forms that follow their fields' depends_on rules, in
// Chromium against the real stack: the home lists the DocTypes the user may read (the boot's `can_read`),
// and `depends_on` / `mandatory_depends_on` / `read_only_depends_on` show, require and lock fields as the
// document changes.
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

const agent = { email: 'agent@example.com', password: 'agent-Pa55word' };

const ticketFields = [
  { fieldname: 'subject', fieldtype: 'Data', label: 'Subject', reqd: 1 },
  { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed', default: 'Open' },
  {
    fieldname: 'resolution',
    fieldtype: 'Data',
    label: 'Resolution',
    depends_on: "eval:doc.status == 'Closed'",
    mandatory_depends_on: "eval:doc.status=='Closed'",
  },
  { fieldname: 'priority', fieldtype: 'Select', label: 'Priority', options: 'Low\nHigh', default: 'High' },
  {
    fieldname: 'escalation',
    fieldtype: 'Data',
    label: 'Escalation',
    read_only_depends_on: 'eval:doc.priority === "Low" && !doc.urgent',
  },
  { fieldname: 'urgent', fieldtype: 'Check', label: 'Urgent' },
  { fieldname: 'details', fieldtype: 'Small Text', label: 'Details', depends_on: 'urgent' },
  {
    fieldname: 'notes_section',
    fieldtype: 'Section Break',
    label: 'Closing notes',
    depends_on: 'resolution',
  },
  { fieldname: 'closing_notes', fieldtype: 'Small Text', label: 'Closing notes' },
];

describe('the desk: can_read on the home page, and depends_on in forms', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let user: { context: BrowserContext; page: Page };
  let errors: string[];

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    const admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    const role = await pageApi(admin.page, 'POST', '/api/resource/Role', { role_name: 'Ticket Agent' });
    assert.equal(role.status, 200, JSON.stringify(role.body));
    const created = await pageApi(admin.page, 'POST', '/api/resource/DocType', {
      name: 'Ticket',
      module: 'Support',
      custom: 1,
      fields: ticketFields,
      permissions: [
        { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
        { role: 'Ticket Agent', read: 1, write: 1, create: 1, delete: 0 },
      ],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await admin.context.close();
    await createUser(ds.stack.runtime.databases.get('localhost'), {
      email: agent.email,
      firstName: 'Agent',
      password: agent.password,
      roles: ['Ticket Agent'],
    });
    user = await loggedIn(browser, ds.base, agent.email, agent.password);
    errors = collectErrors(user.page);
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('lists the DocTypes the user may read, from the boot, though the DocType list is refused', async () => {
    const { page } = user;
    await page.goto('/app');
    await page.waitForSelector('.modules');
    const boot = await page.evaluate(() =>
      JSON.parse(document.querySelector('#cortado-boot')?.textContent ?? '{}'),
    );
    assert.ok(boot.can_read.includes('Ticket'), JSON.stringify(boot.can_read));
    assert.ok(boot.can_read.includes('ToDo'));
    assert.ok(!boot.can_read.includes('DocType'));
    assert.ok(!boot.can_read.includes('User'));
    const modules = await page.$$eval('.module', (cards) =>
      Object.fromEntries(
        cards.map((c) => [
          c.querySelector('h2')?.textContent,
          [...c.querySelectorAll('li a')].map((a) => a.textContent),
        ]),
      ),
    );
    assert.deepEqual(modules.Support, ['Ticket']);
    assert.ok(!modules.Core?.includes('User'), JSON.stringify(modules));
    assert.ok(!modules.Core?.includes('DocType'));
    assert.equal(await page.locator('.notice').count(), 0, 'no "may not list DocTypes" notice');
    assert.equal(
      await page.locator('a[href="/app/doctype"]').count(),
      0,
      'no shortcut to what is unreadable',
    );
  });

  it('shows, requires and locks fields as their expressions change', async () => {
    const { page } = user;
    await page.goto('/app/ticket/new');
    await page.waitForSelector('#field-subject');
    await page.fill('#field-subject', 'Printer on fire');
    const shown = (fieldname: string) => page.locator(`[data-fieldname="${fieldname}"]`).count();

    assert.equal(await shown('resolution'), 0, 'hidden while status is Open');
    assert.equal(await shown('details'), 0, 'plain fieldname form: hidden while urgent is unset');
    assert.equal(await page.locator('section[aria-label="Closing notes"]').count(), 0, 'section hidden');
    assert.equal(await page.isDisabled('#field-escalation'), false);

    await page.selectOption('#field-status', 'Closed');
    await page.waitForSelector('[data-fieldname="resolution"].reqd');
    assert.equal(await page.getAttribute('#field-resolution', 'aria-required'), 'true');

    await page.click('button[data-action=save]');
    await page.waitForSelector('#field-resolution-error');
    assert.match((await page.textContent('#field-resolution-error')) ?? '', /Resolution is required/);

    await page.fill('#field-resolution', 'Replaced the toner');
    await page.waitForSelector('section[aria-label="Closing notes"]');

    await page.selectOption('#field-priority', 'Low');
    await page.waitForSelector('#field-escalation:disabled');
    await page.check('#field-urgent');
    await page.waitForSelector('[data-fieldname="details"]');
    assert.equal(await page.isDisabled('#field-escalation'), false, '!doc.urgent no longer holds');

    await page.click('button[data-action=save]');
    await page.waitForURL(/\/app\/ticket\/(?!new)[^/]+$/);
    const saved = await pageApi<{ data: Array<Record<string, unknown>> }>(
      page,
      'GET',
      '/api/resource/Ticket?fields=["subject","status","resolution","urgent"]',
    );
    assert.deepEqual(saved.body.data, [
      { subject: 'Printer on fire', status: 'Closed', resolution: 'Replaced the toner', urgent: 1 },
    ]);
    assert.deepEqual(errors, []);
  });
});
