// Two people on one document, in two Chromium contexts against the real stack: Alice comments with an
// @mention of Bob and assigns the document to him; Bob's open form shows the comment and the assignment
// without a reload, his bell counts both notifications live, and marking them read brings it down.
// Also: the Version history as sentences, one's own comment edited, and server HTML rendered inert.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import type { BrowserWindow } from './browser-globals.ts';
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
declare const window: BrowserWindow & { __pwned?: number };

const alice = { email: 'alice@example.com', firstName: 'Alice', lastName: 'Able', password: 'alice-Pw-1234' };
const bob = { email: 'bob@example.com', firstName: 'Bob', lastName: 'Baker', password: 'bob-Pw-1234' };

describe('the form timeline, live between two people', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let incident: string;
  const contexts: BrowserContext[] = [];
  let a: Page;
  let b: Page;
  const errors: string[] = [];

  before(async () => {
    ds = await startDeskStack();
    browser = await launchChromium();
    const admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    const created = await pageApi(admin.page, 'POST', '/api/resource/DocType', {
      name: 'Incident',
      module: 'Support',
      custom: 1,
      track_changes: 1,
      autoname: 'INC-.####',
      fields: [
        { fieldname: 'title', fieldtype: 'Data', label: 'Title', in_list_view: 1 },
        {
          fieldname: 'status',
          fieldtype: 'Select',
          label: 'Status',
          options: 'Open\nClosed',
          default: 'Open',
        },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, share: 1 }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const doc = await pageApi<{ data: { name: string } }>(admin.page, 'POST', '/api/resource/Incident', {
      title: 'Printer on fire',
    });
    assert.equal(doc.status, 200, JSON.stringify(doc.body));
    incident = doc.body.data.name;
    // A document that links here, for "Linked with".
    const noteType = await pageApi(admin.page, 'POST', '/api/resource/DocType', {
      name: 'Incident Note',
      module: 'Support',
      custom: 1,
      autoname: 'hash',
      fields: [
        { fieldname: 'incident', fieldtype: 'Link', label: 'Incident', options: 'Incident', in_list_view: 1 },
        { fieldname: 'note', fieldtype: 'Data', label: 'Note', in_list_view: 1 },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    });
    assert.equal(noteType.status, 200, JSON.stringify(noteType.body));
    const note = await pageApi(admin.page, 'POST', '/api/resource/Incident Note', {
      incident,
      note: 'smells of toner',
    });
    assert.equal(note.status, 200, JSON.stringify(note.body));
    await admin.context.close();
    const db = ds.stack.runtime.databases.get('localhost');
    for (const user of [alice, bob]) await createUser(db, { ...user, roles: ['System Manager'] });
    const path = `/app/incident/${incident}`;
    const sessionA = await loggedIn(browser, ds.base, alice.email, alice.password, path);
    const sessionB = await loggedIn(browser, ds.base, bob.email, bob.password, path);
    contexts.push(sessionA.context, sessionB.context);
    a = sessionA.page;
    b = sessionB.page;
    for (const page of [a, b]) page.on('pageerror', (error) => errors.push(error.message));
    await Promise.all([
      a.waitForSelector('[data-testid=timeline]'),
      b.waitForSelector('[data-testid=timeline]'),
    ]);
    // Both forms follow the document (two viewers), so realtime reaches Bob's form.
    await b.waitForSelector('[data-testid=viewers] .avatar');
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await ds?.close();
  });

  it("shows Alice's comment with an @mention on Bob's open form, and counts it on his bell", async () => {
    assert.equal(await b.locator('[data-testid=unread-count]').count(), 0, 'nothing unread at first');
    await a.click('#new-comment');
    await a.keyboard.type('Please have a look @bo');
    await a.waitForSelector(`#new-comment-users li[data-user="${bob.email}"]`);
    await a.keyboard.press('Enter');
    await a.keyboard.type('thanks');
    await a.click('[data-testid=timeline] [data-action=comment]');

    const mention = b.locator(`.timeline-comment .comment-content .mention[data-id="${bob.email}"]`);
    await mention.waitFor();
    assert.match(
      (await b.locator('.timeline-comment .comment-content').first().textContent()) ?? '',
      /Please have a look @Bob Baker\s+thanks/,
    );
    await b.waitForSelector('[data-testid=unread-count]:text-is("1")');
    assert.equal(await a.locator('#new-comment').textContent(), '', "Alice's box is empty once sent");
  });

  it("shows the assignment in Bob's sidebar live, and his bell counts it too", async () => {
    await a.click('[data-testid=form-sidebar] [data-action=assign]');
    await a.fill('#sidebar-assign', 'bob');
    await a.waitForSelector(`#sidebar-assign-options li[data-user="${bob.email}"]`);
    await a.keyboard.press('Enter');

    await b.waitForSelector(`[data-section=assigned] [data-assignee="${bob.email}"]`);
    assert.match((await b.locator(`[data-assignee="${bob.email}"]`).textContent()) ?? '', /Bob Baker/);
    await b.waitForSelector('[data-testid=unread-count]:text-is("2")');
  });

  it('lets Bob read one notification and then all, the count going down each time', async () => {
    await b.click('[data-testid=notifications] summary');
    await b.waitForSelector('.bell-list li.unread >> nth=1');
    assert.equal(await b.locator('.bell-list li').count(), 2);
    await b.locator('.bell-list li.unread a').first().click();
    await b.waitForSelector('[data-testid=unread-count]:text-is("1")');
    await b.click('[data-testid=notifications] summary');
    await b.waitForSelector('.bell-list li.unread');
    await b.click('[data-action=mark-all-read]');
    await b.locator('[data-testid=unread-count]').waitFor({ state: 'detached' });
    assert.equal(await b.locator('.bell-list li.unread').count(), 0);
  });

  it('tells Bob what Alice changed, as a sentence', async () => {
    await a.selectOption('#field-status', 'Closed');
    await a.click('[data-action=save]');
    const line = b.locator('.timeline-entry.version', { hasText: 'changed Status from Open to Closed' });
    await line.waitFor();
    assert.match((await line.textContent()) ?? '', /Alice Able changed Status from Open to Closed/);
  });

  it('lists the documents linking here under "Linked with"', async () => {
    await b.click('[data-action=linked-with]');
    const rows = b.locator('dialog.linked-with [data-linked-doctype="Incident Note"] li');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    await b.click('dialog.linked-with .actions button');
    await b.locator('dialog.linked-with').waitFor({ state: 'detached' });
  });

  it('lets Alice edit her own comment, and Bob may not edit it', async () => {
    await a.click('.timeline-comment [data-action=edit-comment]');
    const box = a.locator('.timeline-comment .comment-body');
    await box.click();
    await a.keyboard.press('End');
    await a.keyboard.type(' (edited)');
    await a.click('.timeline-comment [data-action=comment]');
    await a.waitForSelector('.timeline-comment .comment-content:has-text("(edited)")');
    assert.equal(await b.locator('.timeline-comment [data-action=edit-comment]').count(), 0);
  });

  it("shows a tag, a like and an attachment Alice adds in Bob's sidebar live", async () => {
    await a.fill('[data-section=tags] input', 'hardware');
    await a.press('[data-section=tags] input', 'Enter');
    await a.click('[data-action=like]');
    await a.setInputFiles('[data-section=attachments] input[type=file]', {
      name: 'smoke.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('there was smoke'),
    });

    await b.waitForSelector('[data-section=tags] [data-tag=hardware]');
    await b.waitForSelector('[data-action=like]:has-text("1 like")');
    assert.equal(await b.getAttribute('[data-action=like]', 'aria-pressed'), 'false', 'Bob has not liked it');
    assert.equal(await a.getAttribute('[data-action=like]', 'aria-pressed'), 'true');
    const file = b.locator('[data-section=attachments] a', { hasText: 'smoke.txt' });
    await file.waitFor();
    assert.equal(await (await b.request.get((await file.getAttribute('href'))!)).text(), 'there was smoke');
    await b.waitForSelector('.timeline-entry.attachment');
  });

  it('renders script in a comment inert', async () => {
    const sent = await pageApi(a, 'POST', '/api/method/frappe.desk.form.utils.add_comment', {
      reference_doctype: 'Incident',
      reference_name: incident,
      content: '<p>inert check</p><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">',
      comment_email: alice.email,
      comment_by: 'Alice Able',
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const shown = b.locator('.timeline-comment .comment-content', { hasText: 'inert check' });
    await shown.waitFor();
    assert.equal(await shown.locator('script, img').count(), 0);
    assert.equal(await b.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(errors, []);
  });
});
