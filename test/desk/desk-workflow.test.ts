// The desk as a user works with it, in Chromium against the real stack: build a DocType, add
// documents, filter and sort, collaborate live, see errors at their field, upload, edit child rows,
// submit / cancel / amend, bulk delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/auth/users.ts';
import type { BrowserDocument, BrowserLocation } from './browser-globals.ts';
import {
  adminPassword,
  animationsSettled,
  collectErrors,
  type DeskStack,
  launchChromium,
  layoutShift,
  loggedIn,
  needsChromium,
  pageApi,
  startDeskStack,
  watchLayoutShift,
} from './support.ts';

// Browser globals inside page callbacks (see browser-globals.ts).
declare const document: BrowserDocument;
declare const location: BrowserLocation;

type Doc = Record<string, unknown> & { name: string };

const editor = { email: 'editor@example.com', password: 'editor-Pa55word' };
// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function confirmDialog(page: Page): Promise<void> {
  await page.click('dialog.confirm[open] .actions button:last-child');
  await page.waitForSelector('dialog.confirm', { state: 'hidden' });
}

interface FieldSpec {
  type?: string;
  label?: string;
  options?: string;
  reqd?: boolean;
  inList?: boolean;
  filter?: boolean;
}

async function fieldRow(page: Page, index: number, spec: FieldSpec): Promise<void> {
  if (spec.type) await page.selectOption(`select[name=field-type-${index}]`, spec.type);
  if (spec.label) await page.fill(`input[name=field-label-${index}]`, spec.label);
  if (spec.options) await page.fill(`[name=field-options-${index}]`, spec.options);
  if (spec.reqd) await page.check(`input[name=field-reqd-${index}]`);
  if (spec.inList) await page.check(`input[name=field-in-list-${index}]`);
  if (spec.filter) await page.check(`input[name=field-in-filter-${index}]`);
}

async function getDoc(page: Page, doctype: string, name: string): Promise<Doc> {
  const reply = await pageApi<{ data: Doc }>(
    page,
    'GET',
    `/api/resource/${encodeURIComponent(doctype)}/${encodeURIComponent(name)}`,
  );
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.data;
}

/** The document name in a form URL `/app/library-book/<name>`. */
function nameInUrl(page: Page): string {
  return decodeURIComponent(new URL(page.url()).pathname.split('/')[3] ?? '');
}

async function saveForm(page: Page): Promise<void> {
  await page.keyboard.press('Control+s');
}

async function waitSaved(page: Page, status = 'Draft'): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid=doc-status]')?.textContent?.trim() === expected &&
      !location.pathname.endsWith('/new'),
    status,
  );
}

describe('the desk: DocType builder, list, form and live collaboration', needsChromium, () => {
  let ds: DeskStack;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let errors: string[];

  before(async () => {
    ds = await startDeskStack();
    await createUser(ds.stack.runtime.databases.get('localhost'), {
      email: editor.email,
      firstName: 'Eddie',
      password: editor.password,
      roles: ['System Manager'],
    });
    browser = await launchChromium();
    admin = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
    errors = collectErrors(admin.page);
  });
  after(async () => {
    await browser?.close();
    await ds?.close();
  });

  it('creates a child table DocType and a submittable DocType in the builder', async () => {
    const { page } = admin;
    await page.goto('/app/doctype/new');
    await page.fill('#b-name', 'Book Chapter');
    await page.check('input[name=istable]');
    await fieldRow(page, 0, { type: 'Data', label: 'Chapter Title', inList: true });
    await page.click('[data-action=add-field]');
    await fieldRow(page, 1, { type: 'Int', label: 'Pages', inList: true });
    assert.equal(
      await page.inputValue('input[name=field-fieldname-0]'),
      'chapter_title',
      'fieldname follows the label',
    );
    await page.click('button[data-action=save]');
    await page.waitForURL('**/app/doctype/Book%20Chapter');

    await page.goto('/app/doctype/new');
    await page.fill('#b-name', 'Library Book');
    await page.check('input[name=is_submittable]');
    const fields: FieldSpec[] = [
      { type: 'Data', label: 'Title', reqd: true, inList: true },
      { type: 'Select', label: 'Status', options: 'Available\nLent', inList: true, filter: true },
      { type: 'Int', label: 'Pages', inList: true },
      { type: 'Link', label: 'Keeper', options: 'User' },
      { type: 'Attach Image', label: 'Cover' },
      { type: 'Section Break', label: 'Contents' },
      { type: 'Table', label: 'Chapters', options: 'Book Chapter' },
    ];
    for (const [i, spec] of fields.entries()) {
      if (i > 0) await page.click('[data-action=add-field]');
      await fieldRow(page, i, spec);
    }
    // A mistake is shown at its field before anything is sent.
    await page.fill('input[name=field-fieldname-2]', 'Bad Name');
    await page.click('button[data-action=save]');
    await page.waitForSelector('input[name=field-fieldname-2][aria-invalid=true]');
    await page.fill('input[name=field-fieldname-2]', 'pages');
    await page.click('button[data-action=save]');
    await page.waitForURL('**/app/doctype/Library%20Book');

    const meta = await pageApi<{
      data: { fields: Array<{ fieldname: string; fieldtype: string }>; is_submittable: number };
    }>(page, 'GET', '/api/v2/doctype/Library%20Book/meta');
    assert.equal(meta.status, 200);
    assert.equal(meta.body.data.is_submittable, 1);
    // The server adds `amended_from` to a submittable DocType, as Frappe does.
    assert.deepEqual(
      meta.body.data.fields
        .map((f) => `${f.fieldname}:${f.fieldtype}`)
        .filter((f) => f !== 'amended_from:Link'),
      [
        'title:Data',
        'status:Select',
        'pages:Int',
        'keeper:Link',
        'cover:Attach Image',
        'contents:Section Break',
        'chapters:Table',
      ],
    );

    // The list works at once.
    await page.click('[data-action=open-list]');
    await page.waitForURL('**/app/library-book');
    await page.waitForSelector('.list-empty');
  });

  it('adds a document in the form, with the mandatory error shown at its field first', async () => {
    const { page } = admin;
    await page.goto('/app/library-book/new');
    await page.waitForSelector('#field-title');
    await saveForm(page);
    await page.waitForSelector('.field[data-fieldname=title] .field-error');
    assert.equal(await page.getAttribute('#field-title', 'aria-invalid'), 'true');
    assert.match(
      (await page.textContent('.field[data-fieldname=title] .field-error')) ?? '',
      /Title is required/,
    );

    await page.fill('#field-title', 'Dune');
    await page.selectOption('#field-status', 'Available');
    await page.fill('#field-pages', '412');
    await saveForm(page);
    await waitSaved(page);
    const name = nameInUrl(page);
    assert.notEqual(name, 'new');
    const doc = await getDoc(page, 'Library Book', name);
    assert.equal(doc.title, 'Dune');
    assert.equal(doc.pages, 412);
    assert.equal(doc.docstatus, 0);
  });

  it('shows a server-side validation error at the field it is about', async () => {
    const { page } = admin;
    await page.goto('/app/library-book/new');
    await page.fill('#field-title', 'Broken link');
    await page.fill('#field-keeper', 'nobody@example.com');
    await saveForm(page);
    await page.waitForSelector('.field[data-fieldname=keeper] .field-error');
    assert.match(
      (await page.textContent('.field[data-fieldname=keeper] .field-error')) ?? '',
      /nobody@example\.com/,
    );
    assert.equal(await page.getAttribute('#field-keeper', 'aria-invalid'), 'true');
    assert.match(new URL(page.url()).pathname, /\/new$/, 'nothing was saved');
  });

  it('finds link values as you type (search_link)', async () => {
    const { page } = admin;
    await page.fill('#field-keeper', '');
    await page.type('#field-keeper', 'edit');
    await page.waitForSelector('#field-keeper-options [role=option]');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#field-keeper'), editor.email);
  });

  it('uploads a cover image through upload_file', async () => {
    const { page } = admin;
    await page.setInputFiles('input[type=file][name=cover]', {
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await page.waitForSelector('.field[data-fieldname=cover] [data-testid=attach-link]');
    await saveForm(page);
    await waitSaved(page);
    const doc = await getDoc(page, 'Library Book', nameInUrl(page));
    assert.match(String(doc.cover), /^\/(private\/)?files\/.*cover.*\.png$/);
    const image = await page.request.get(String(doc.cover));
    assert.equal(image.status(), 200);
    assert.deepEqual(Buffer.from(await image.body()), png);
  });

  it('edits child rows inline: add, change, delete', async () => {
    const { page } = admin;
    const name = nameInUrl(page);
    await page.click('[data-table=chapters] [data-action=add-row]');
    await page.fill('#chapters-1-chapter_title', 'Prologue');
    await page.fill('#chapters-1-pages', '12');
    await page.click('[data-table=chapters] [data-action=add-row]');
    await page.fill('#chapters-2-chapter_title', 'Arrakis');
    await page.fill('#chapters-2-pages', '80');
    await saveForm(page);
    await waitSaved(page);
    let doc = await getDoc(page, 'Library Book', name);
    assert.deepEqual(
      (doc.chapters as Doc[]).map((r) => [r.idx, r.chapter_title, r.pages]),
      [
        [1, 'Prologue', 12],
        [2, 'Arrakis', 80],
      ],
    );

    await page.fill('#chapters-1-chapter_title', 'Foreword');
    await page.check('[data-table=chapters] [aria-label="Select row 2"]');
    await page.click('[data-table=chapters] [data-action=delete-rows]');
    await saveForm(page);
    await waitSaved(page);
    doc = await getDoc(page, 'Library Book', name);
    assert.deepEqual(
      (doc.chapters as Doc[]).map((r) => [r.idx, r.chapter_title, r.pages]),
      [[1, 'Foreword', 12]],
    );
  });

  it('submits, cancels and amends a submittable document', async () => {
    const { page } = admin;
    const name = nameInUrl(page);
    await page.click('[data-action=submit]');
    await confirmDialog(page);
    await waitSaved(page, 'Submitted');
    assert.equal(await page.isDisabled('#field-title'), true, 'a submitted document is read only');
    assert.equal((await getDoc(page, 'Library Book', name)).docstatus, 1);

    await page.click('[data-action=cancel]');
    await confirmDialog(page);
    await waitSaved(page, 'Cancelled');
    assert.equal((await getDoc(page, 'Library Book', name)).docstatus, 2);

    await page.click('[data-action=amend]');
    await page.waitForURL('**/app/library-book/new');
    assert.equal(await page.inputValue('#field-title'), 'Broken link');
    await saveForm(page);
    await waitSaved(page);
    const amended = await getDoc(page, 'Library Book', nameInUrl(page));
    assert.equal(amended.amended_from, name);
    assert.equal(amended.docstatus, 0);
    assert.equal((amended.chapters as Doc[]).length, 1);
  });

  it('filters (standard and free, any operator) and sorts the list, with a count', async () => {
    const { page } = admin;
    const books: Array<[string, string, number]> = [
      ['Emma', 'Lent', 300],
      ['Ulysses', 'Lent', 730],
      ['Beloved', 'Available', 324],
      ['Walden', 'Lent', 150],
    ];
    for (const [title, status, pages] of books) {
      const reply = await pageApi(page, 'POST', '/api/resource/Library%20Book', { title, status, pages });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    }
    await page.goto('/app/library-book');
    await page.waitForSelector('.list-body .list-row');
    // Rows are in document order = display order (each is placed at index × row height).
    const titles = () =>
      page.$$eval('.list-body .list-row', (rows) =>
        rows.map((r) => r.querySelector('.col-title a')?.textContent?.trim()),
      );
    const countText = () => page.textContent('[data-testid=list-count]');
    await page.waitForFunction(() =>
      /of 7$/.test(document.querySelector('[data-testid=list-count]')?.textContent ?? ''),
    );

    await page.selectOption('select[name=std-status]', 'Lent');
    await page.waitForFunction(() =>
      /of 3$/.test(document.querySelector('[data-testid=list-count]')?.textContent ?? ''),
    );
    assert.deepEqual((await titles()).sort(), ['Emma', 'Ulysses', 'Walden']);

    await page.click('.popover summary');
    await page.selectOption('select[name=filter-field]', 'pages');
    await page.selectOption('select[name=filter-op]', '>');
    await page.fill('input[name=filter-value]', '200');
    await page.click('.filter-editor button[type=submit]');
    await page.waitForFunction(() =>
      /of 2$/.test(document.querySelector('[data-testid=list-count]')?.textContent ?? ''),
    );
    assert.match((await page.textContent('.chips')) ?? '', /Pages > 200/);

    // Sort by pages, ascending then descending, from the column header.
    await page.click('[role=columnheader] .sort-button:text("Pages")');
    await page.waitForSelector('[role=columnheader][aria-sort=descending] .sort-button:text("Pages")');
    await page.waitForFunction(() => {
      const first = [...document.querySelectorAll('.list-body .list-row')].find((r) =>
        r.style.transform.includes('(0px)'),
      );
      return first?.querySelector('.col-title a')?.textContent?.trim() === 'Ulysses';
    });
    assert.deepEqual(await titles(), ['Ulysses', 'Emma']);
    await page.click('[role=columnheader] .sort-button:text("Pages")');
    await page.waitForSelector('[role=columnheader][aria-sort=ascending] .sort-button:text("Pages")');
    await page.waitForFunction(() => {
      const first = [...document.querySelectorAll('.list-body .list-row')].find((r) =>
        r.style.transform.includes('(0px)'),
      );
      return first?.querySelector('.col-title a')?.textContent?.trim() === 'Emma';
    });
    assert.deepEqual(await titles(), ['Emma', 'Ulysses']);

    // `in` and `between` too.
    await page.click('.chips .link-button');
    await page.selectOption('select[name=std-status]', '');
    await page.click('.popover summary');
    await page.selectOption('select[name=filter-field]', 'title');
    await page.selectOption('select[name=filter-op]', 'in');
    await page.fill('input[name=filter-value]', 'Emma, Walden, Dune');
    await page.click('.filter-editor button[type=submit]');
    await page.waitForFunction(() =>
      /of 3$/.test(document.querySelector('[data-testid=list-count]')?.textContent ?? ''),
    );
    await page.click('.popover summary');
    await page.selectOption('select[name=filter-field]', 'pages');
    await page.selectOption('select[name=filter-op]', 'between');
    await page.fill('input[name=filter-value]', '100');
    await page.fill('input[name=filter-to]', '350');
    await page.click('.filter-editor button[type=submit]');
    await page.waitForFunction(() =>
      /of 2$/.test(document.querySelector('[data-testid=list-count]')?.textContent ?? ''),
    );
    assert.deepEqual((await titles()).sort(), ['Emma', 'Walden']);
    assert.match((await countText()) ?? '', /^1–2 of 2$/);
    // The list keeps a user's filters (user settings): cleared, so that the next visits show every book.
    const cleared = page.waitForResponse((response) => {
      if (!response.url().endsWith('/api/method/frappe.model.utils.user_settings.save')) return false;
      const body = response.request().postDataJSON() as { user_settings?: string } | null;
      const list = (JSON.parse(body?.user_settings ?? '{}') as { List?: { filters?: unknown[] } }).List;
      return list?.filters?.length === 0;
    });
    await page.click('.chips button:text("Clear all")');
    assert.equal((await cleared).status(), 200);
  });

  it('moves through rows with the keyboard and opens one with Enter', async () => {
    const { page } = admin;
    await page.goto('/app/library-book');
    await page.waitForSelector('.list-body .list-row');
    await page.focus('.list-body .list-row .col-title a');
    const before = await page.evaluate(() =>
      document.activeElement?.closest('[data-name]')?.getAttribute('data-name'),
    );
    await page.keyboard.press('ArrowDown');
    const after = await page.evaluate(() =>
      document.activeElement?.closest('[data-name]')?.getAttribute('data-name'),
    );
    assert.ok(after && after !== before, 'focus moved to another row');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/app/library-book/${encodeURIComponent(after)}`);
    await page.waitForSelector('#field-title');
  });

  it('shows a change made in another browser live: list_update in the list, doc_update and viewers in the form', async () => {
    const other = await loggedIn(browser, ds.base, editor.email, editor.password);
    try {
      const { page } = admin;
      const listPage = await admin.context.newPage();
      await listPage.goto('/app/library-book');
      await listPage.waitForSelector('.list-body .list-row');
      const target = (
        await pageApi<{ data: Doc[] }>(
          page,
          'GET',
          '/api/resource/Library%20Book?filters=[["title","=","Walden"]]',
        )
      ).body.data[0]!.name;

      // Both have the form open: each sees the other.
      await page.goto(`/app/library-book/${encodeURIComponent(target)}`);
      await page.waitForSelector('#field-title');
      await other.page.goto(`/app/library-book/${encodeURIComponent(target)}`);
      await other.page.waitForSelector('#field-title');
      await page.waitForFunction(
        (u) => document.querySelector('[data-testid=viewers]')?.textContent?.includes(u),
        editor.email,
      );
      await other.page.waitForFunction(() =>
        document.querySelector('[data-testid=viewers]')?.textContent?.includes('Administrator'),
      );

      // The other user saves: the (clean) form reloads and says who changed it; the list row updates.
      // Neither page's layout moves.
      await watchLayoutShift(listPage);
      await watchLayoutShift(page);
      await other.page.fill('#field-pages', '151');
      await other.page.keyboard.press('Control+s');
      await page.waitForSelector('[data-testid=remote-change]');
      assert.match(
        (await page.textContent('[data-testid=remote-change]')) ?? '',
        /modified by editor@example\.com after you opened it/,
      );
      await page.waitForFunction(() => document.querySelector('#field-pages')?.value === '151');
      await listPage.waitForFunction(
        (name) =>
          document
            .querySelector(`.list-body [data-name="${name}"] [data-field=pages]`)
            ?.textContent?.trim() === '151',
        target,
      );

      await animationsSettled(page);
      assert.equal(await layoutShift(page), 0, 'no layout shift in the form from a remote change');

      // With unsaved edits, the form keeps them and offers a reload instead.
      await page.fill('#field-title', 'Walden (mine)');
      await other.page.fill('#field-pages', '152');
      await other.page.keyboard.press('Control+s');
      await page.waitForSelector('[data-testid=remote-change] [data-action=reload]');
      assert.equal(await page.inputValue('#field-title'), 'Walden (mine)');
      await page.click('[data-testid=remote-change] [data-action=reload]');
      await page.waitForFunction(() => document.querySelector('#field-pages')?.value === '152');
      assert.equal(await page.inputValue('#field-title'), 'Walden');

      // A document created elsewhere appears in the open list without a reload, and nothing jumps.
      const created = await pageApi<{ data: Doc }>(other.page, 'POST', '/api/resource/Library%20Book', {
        title: 'Live arrival',
        status: 'Available',
        pages: 1,
      });
      assert.equal(created.status, 200);
      await listPage.waitForSelector(`.list-body [data-name="${created.body.data.name}"]`);
      await animationsSettled(listPage);
      assert.equal(await layoutShift(listPage), 0, 'no layout shift from live updates');

      // Deleted elsewhere: the open form says so, the list drops the row.
      const removed = await pageApi(
        other.page,
        'DELETE',
        `/api/resource/Library%20Book/${encodeURIComponent(target)}`,
      );
      assert.equal(removed.status, 202);
      await page.waitForSelector('[data-testid=remote-delete]');
      await listPage.waitForSelector(`.list-body [data-name="${target}"]`, { state: 'detached' });
      await listPage.close();
    } finally {
      await other.context.close();
    }
  });

  it('selects rows and deletes them in bulk', async () => {
    const { page } = admin;
    await page.goto('/app/library-book');
    await page.waitForSelector('.list-body .list-row');
    const victims = (
      await pageApi<{ data: Doc[] }>(
        page,
        'GET',
        '/api/resource/Library%20Book?filters=[["status","=","Lent"],["docstatus","=",0]]',
      )
    ).body.data.map((d) => d.name);
    assert.ok(victims.length >= 2);
    for (const name of victims.slice(0, 2))
      await page.check(`.list-body [data-name="${name}"] input[type=checkbox]`);
    await page.click('[data-action=bulk-delete]');
    await confirmDialog(page);
    for (const name of victims.slice(0, 2))
      await page.waitForSelector(`.list-body [data-name="${name}"]`, { state: 'detached' });
    for (const name of victims.slice(0, 2)) {
      const gone = await pageApi(page, 'GET', `/api/resource/Library%20Book/${encodeURIComponent(name)}`);
      assert.equal(gone.status, 404);
    }
  });

  it('logged no errors in the browser', () => {
    assert.deepEqual(
      errors.filter((e) => !/status of (404|417|409)/.test(e)),
      [],
    );
  });
});
