// Runs on a temporary site with this app installed: `npm test`.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createTestSite } from 'cortado/testing';

const doctype = '{{doctype}}';
let site: Awaited<ReturnType<typeof createTestSite>>;

before(async () => {
  site = await createTestSite({ appPath: fileURLToPath(new URL('../../../../', import.meta.url)) });
});
after(() => site?.close());

test('a note is saved with its title trimmed, open', async () => {
  const note = await site.run((ctx) => ctx.insert({ doctype, title: '  Buy milk  ' }), {
    user: 'Administrator',
  });
  assert.equal(note.title, 'Buy milk');
  assert.equal(note.status, 'Open');
});

test('close_note marks a note done', async () => {
  const note = await site.run((ctx) => ctx.insert({ doctype, title: 'Call the library' }), {
    user: 'Administrator',
  });
  await site.request('POST', '/api/method/{{app_name}}.{{app_name}}.api.close_note', {
    name: note.name,
  });
  const status = await site.run((ctx) => ctx.getValue(doctype, String(note.name), 'status'), {
    user: 'Administrator',
  });
  assert.equal(status, 'Done');
});
