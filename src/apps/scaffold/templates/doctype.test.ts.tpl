// Runs on a temporary site with this app installed: `npm test`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestSite, type TestSite } from 'cortado/testing';

const doctype = '{{doctype}}';
let site: TestSite;

before(async () => {
  site = await createTestSite({ appPath: fileURLToPath(new URL('../../../../', import.meta.url)) });
});
after(() => site?.close());

test('a note is saved with its title trimmed, open', async () => {
  const note = await site.run((ctx) => ctx.insert({ doctype, title: '  Buy milk  ' }));
  assert.equal(note.title, 'Buy milk');
  assert.equal(note.status, 'Open');
});

test('close_note marks a note done', async () => {
  const note = await site.run((ctx) => ctx.insert({ doctype, title: 'Call the library' }));
  const reply = await site.request('POST', '/api/method/{{app_name}}.api.close_note', {
    name: note.name,
  });
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body.message, { name: note.name, status: 'Done' });
  const status = await site.run((ctx) => ctx.getValue(doctype, String(note.name), 'status'));
  assert.equal(status, 'Done');
});

test('close_note needs the name of a note', async () => {
  const reply = await site.request('POST', '/api/method/{{app_name}}.api.close_note', {});
  assert.equal(reply.status, 417);
});
