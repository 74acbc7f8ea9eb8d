#!/usr/bin/env node
// Regenerates docs/screenshots/list.png, form.png and builder.png: a fresh bench with sample data,
// the real stack, the built desk, and Chromium (playwright-core, /usr/bin/chromium or $CHROMIUM_PATH).
//
//   node scripts/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
process.env.LOG_LEVEL ??= 'warn';
const { adminPassword, launchChromium, loggedIn, pageApi, startDeskStack } = await import(
  '../test/desk/support.ts'
);
const { createUser } = await import('../src/auth/users.ts');

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

async function post(page, path, body) {
  const reply = await pageApi(page, 'POST', path, body);
  if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.data;
}

const ds = await startDeskStack();
const browser = await launchChromium();
try {
  await createUser(ds.stack.runtime.databases.get('localhost'), {
    email: 'maria@example.com',
    firstName: 'Maria',
    password: 'maria-Pa55word',
    roles: ['System Manager'],
  });
  const { page } = await loggedIn(browser, ds.base, 'Administrator', adminPassword);
  const perms = [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1, amend: 1 },
  ];
  await post(page, '/api/resource/DocType', {
    name: 'Book Chapter',
    module: 'Library',
    custom: 1,
    istable: 1,
    fields: [
      { fieldname: 'chapter_title', label: 'Chapter Title', fieldtype: 'Data', in_list_view: 1, reqd: 1 },
      { fieldname: 'pages', label: 'Pages', fieldtype: 'Int', in_list_view: 1 },
    ],
  });
  await post(page, '/api/resource/DocType', {
    name: 'Library Book',
    module: 'Library',
    custom: 1,
    is_submittable: 1,
    naming_rule: 'Expression',
    autoname: 'format:BOOK-{#####}',
    fields: [
      { fieldname: 'title', label: 'Title', fieldtype: 'Data', reqd: 1, in_list_view: 1 },
      { fieldname: 'author', label: 'Author', fieldtype: 'Data', in_list_view: 1, in_standard_filter: 1 },
      {
        fieldname: 'status',
        label: 'Status',
        fieldtype: 'Select',
        options: 'Available\nLent\nLost',
        in_list_view: 1,
        in_standard_filter: 1,
      },
      { fieldname: 'column_break_1', fieldtype: 'Column Break' },
      { fieldname: 'pages', label: 'Pages', fieldtype: 'Int', in_list_view: 1 },
      { fieldname: 'price', label: 'Price', fieldtype: 'Currency' },
      { fieldname: 'published_on', label: 'Published On', fieldtype: 'Date' },
      { fieldname: 'keeper', label: 'Keeper', fieldtype: 'Link', options: 'User', in_standard_filter: 1 },
      { fieldname: 'contents', label: 'Contents', fieldtype: 'Section Break' },
      { fieldname: 'chapters', label: 'Chapters', fieldtype: 'Table', options: 'Book Chapter' },
      { fieldname: 'notes', label: 'Notes', fieldtype: 'Text Editor' },
    ],
    permissions: perms,
  });
  const books = [
    ['Dune', 'Frank Herbert', 'Lent', 412, 9.99, '1965-08-01'],
    ['Emma', 'Jane Austen', 'Available', 474, 7.5, '1815-12-23'],
    ['Ulysses', 'James Joyce', 'Lent', 730, 12, '1922-02-02'],
    ['Beloved', 'Toni Morrison', 'Available', 324, 10.25, '1987-09-02'],
    ['Walden', 'Henry David Thoreau', 'Available', 352, 6, '1854-08-09'],
    ['Middlemarch', 'George Eliot', 'Lost', 880, 11.4, '1871-12-01'],
    ['The Left Hand of Darkness', 'Ursula K. Le Guin', 'Lent', 304, 8.75, '1969-03-01'],
  ];
  let featured;
  for (const [title, author, status, pages, price, published_on] of books) {
    const doc = await post(page, '/api/resource/Library%20Book', {
      title,
      author,
      status,
      pages,
      price,
      published_on,
      keeper: status === 'Lent' ? 'maria@example.com' : undefined,
      chapters:
        title === 'Dune'
          ? [
              { chapter_title: 'Book I: Dune', pages: 180 },
              { chapter_title: 'Book II: Muad’Dib', pages: 140 },
              { chapter_title: 'Book III: The Prophet', pages: 92 },
            ]
          : [],
      notes: title === 'Dune' ? '<p>Signed <b>first edition</b>; handle with care.</p>' : undefined,
    });
    if (title === 'Dune') featured = doc.name;
  }

  await page.goto('/app/library-book');
  await page.waitForSelector('.list-body .list-row');
  await page.check('.list-body .list-row:nth-child(3) input[type=checkbox]');
  await page.screenshot({ path: `${out}list.png` });

  // The form, with a second person looking at the same document.
  const other = await loggedIn(
    browser,
    ds.base,
    'maria@example.com',
    'maria-Pa55word',
    `/app/library-book/${featured}`,
  );
  await page.goto(`/app/library-book/${featured}`);
  await page.waitForSelector('.form-body');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=viewers]')?.textContent?.includes('maria'),
  );
  await page.screenshot({ path: `${out}form.png`, fullPage: true });
  await other.context.close();

  await page.goto('/app/doctype/Library%20Book');
  await page.waitForSelector('.builder-fields');
  await page.screenshot({ path: `${out}builder.png`, fullPage: true });
  console.log(`Screenshots written to ${out}`);
} finally {
  await browser.close();
  await ds.close();
}
