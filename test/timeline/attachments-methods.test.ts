// frappe.client.attach_file and frappe.desk.form.utils.remove_attach as clients and the desk send them, on
// every database: the File and the stored content (through upload_file's path: names, limits), the Attachment /
// Attachment Removed comments, docinfo_update (key `attachments`), and refusals that leave nothing behind.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { createTimelineSite, excType, people, type TimelineSite } from './support.ts';

const attach = 'frappe.client.attach_file';
const base64 = (text: string) => Buffer.from(text).toString('base64');

for (const kind of databases) {
  describe(`attachments (${kind})`, () => {
    let t: TimelineSite;
    const publicFiles = () => join(t.bench.sitePath(t.site), 'public', 'files');
    const privateFiles = () => join(t.bench.sitePath(t.site), 'private', 'files');
    before(async () => {
      t = await createTimelineSite(kind, { siteConfig: { max_file_size: 64 } });
    });
    after(() => t.close());

    it('attaches base64 content: File, stored bytes, Attachment comment, docinfo, docfield', async () => {
      const note = await t.note('Attach One');
      const file = await t.ok(people.editor, attach, {
        filename: 'report.txt',
        filedata: `data:text/plain;base64,${base64('hello attachments')}`,
        doctype: 'Field Note',
        docname: note,
        decode_base64: 1,
        is_private: 1,
        docfield: 'attachment',
      });
      assert.equal(file.doctype, 'File');
      assert.equal(file.file_url, '/private/files/report.txt');
      assert.equal(file.attached_to_doctype, 'Field Note');
      assert.equal(file.attached_to_name, note);
      assert.equal(readFileSync(join(privateFiles(), 'report.txt'), 'utf8'), 'hello attachments');
      assert.equal((await t.rows('Field Note', { name: note }))[0].attachment, '/private/files/report.txt');
      const [comment] = await t.rows('Comment', { reference_name: note, comment_type: 'Attachment' });
      assert.match(
        comment.content,
        /Added <a href='\/private\/files\/report.txt' target='_blank'>report.txt<\/a> <i class="fa fa-lock/,
      );
      const event = await t.docinfo('Field Note', note, 'attachments', 'add');
      assert.equal(event.doc.name, file.name);
      assert.equal(event.doc.is_private, 1);
    });

    it('stores filedata as sent without decode_base64, and cleans hostile names', async () => {
      const note = await t.note('Attach Raw');
      const file = await t.ok(people.editor, attach, {
        filename: '../../<evil>.txt',
        filedata: 'plain text',
        doctype: 'Field Note',
        docname: note,
      });
      assert.match(file.file_url, /^\/files\/[^/]+$/);
      assert.ok(!file.file_name.includes('/'));
      assert.equal(
        readFileSync(join(publicFiles(), file.file_url.slice('/files/'.length)), 'utf8'),
        'plain text',
      );
    });

    it('refuses without write permission, bad base64 and content over max_file_size: nothing stored', async () => {
      const note = await t.note('Attach Refused');
      const before = existsSync(publicFiles()) ? readdirSync(publicFiles()).length : 0;
      const attempts = [
        [people.viewer, { filename: 'a.txt', filedata: 'x' }, 403],
        [people.outsider, { filename: 'a.txt', filedata: 'x' }, 403],
        [people.editor, { filename: 'a.txt', filedata: '***not base64***', decode_base64: 1 }, 417],
        [people.editor, { filename: 'a.txt', filedata: 'y'.repeat(65) }, 417],
      ] as const;
      for (const [user, args, status] of attempts) {
        const response = await t.call(user, attach, { ...args, doctype: 'Field Note', docname: note });
        assert.equal(response.statusCode, status, `${user} ${JSON.stringify(args).slice(0, 60)}`);
        assert.ok(excType(response));
      }
      assert.deepEqual(await t.rows('File', { attached_to_name: note }), []);
      assert.deepEqual(await t.rows('Comment', { reference_name: note }), []);
      assert.equal(existsSync(publicFiles()) ? readdirSync(publicFiles()).length : 0, before);
      const uploads = join(t.bench.sitePath(t.site), 'private', '.uploads');
      assert.deepEqual(existsSync(uploads) ? readdirSync(uploads) : [], [], 'no temporary file left');
    });

    it('remove_attach: a writer removes it (comment, docinfo delete, file gone); a reader cannot', async () => {
      const note = await t.note('Attach Remove');
      const file = await t.ok(people.editor, attach, {
        filename: 'gone.txt',
        filedata: base64('bye'),
        decode_base64: 1,
        doctype: 'Field Note',
        docname: note,
      });
      const denied = await t.call(people.viewer, 'frappe.desk.form.utils.remove_attach', {
        fid: file.name,
        dt: 'Field Note',
        dn: note,
      });
      assert.equal(denied.statusCode, 403);
      assert.equal((await t.rows('File', { name: file.name })).length, 1);
      await t.ok(
        people.editor,
        'frappe.desk.form.utils.remove_attach',
        { fid: file.name, dt: 'Field Note', dn: note },
        'DELETE',
      );
      assert.deepEqual(await t.rows('File', { name: file.name }), []);
      const [removed] = await t.rows('Comment', { reference_name: note, comment_type: 'Attachment Removed' });
      assert.equal(removed.content, 'Removed gone.txt');
      const event = await t.docinfo('Field Note', note, 'attachments', 'delete');
      assert.equal(event.doc.name, file.name);
      assert.equal(existsSync(join(publicFiles(), 'gone.txt')), false);
      const missing = await t.call(people.editor, 'frappe.desk.form.utils.remove_attach', { fid: 'nope' });
      assert.equal(missing.statusCode, 404);
    });
  });
}
