// upload_file and private files: what lands on disk and in `tabFile`, who may download what, and what a
// hostile client cannot do.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type ApiSite, createApiSite, type Json, siteHeaders, userPassword, users } from './support.ts';

const maxFileSize = 64 * 1024;

for (const kind of databases) {
  describe(`${kind}: upload_file and private files`, () => {
    let t: ApiSite;
    let publicDir: string;
    let privateDir: string;
    const sids = new Map<string, string>();

    const sid = async (user: string) => {
      if (!sids.has(user)) {
        const r = await fetch(`${t.url}/api/method/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...siteHeaders },
          body: JSON.stringify({ usr: user, pwd: user === 'Administrator' ? 'admin-Pa55' : userPassword }),
        });
        sids.set(user, /sid=([^;]+)/.exec(r.headers.getSetCookie().join(';'))![1]!);
      }
      return sids.get(user)!;
    };
    const upload = async (
      user: string,
      fields: Record<string, string>,
      file?: { name: string; data: Buffer | string },
    ) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      if (file) form.append('file', new Blob([file.data]), file.name);
      const headers: Record<string, string> = { ...siteHeaders, accept: 'application/json' };
      if (user !== 'Guest') headers.cookie = `sid=${await sid(user)}`;
      const response = await fetch(`${t.url}/api/method/upload_file`, {
        method: 'POST',
        headers,
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, Json> };
    };
    const download = async (user: string, path: string, extra: Record<string, string> = {}) => {
      const headers: Record<string, string> = { ...siteHeaders, ...extra };
      if (user !== 'Guest') headers.cookie = `sid=${await sid(user)}`;
      const response = await fetch(`${t.url}${path}`, { headers });
      return {
        status: response.status,
        headers: response.headers,
        body: Buffer.from(await response.arrayBuffer()),
      };
    };
    const files = async () => {
      const q = t.db.dialect.quote;
      return t.db.all(`select * from ${q('tabFile')} order by ${q('creation')}, ${q('name')}`);
    };
    const onDisk = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

    before(async () => {
      t = await createApiSite(kind, { siteConfig: { max_file_size: maxFileSize } });
      publicDir = join(t.bench.sitePath(t.site), 'public', 'files');
      privateDir = join(t.bench.sitePath(t.site), 'private', 'files');
      await createUser(t.db, {
        email: 'portal@example.com',
        firstName: 'Portal',
        password: userPassword,
        userType: 'Website User',
      });
      const widget = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Attached' });
      assert.equal(widget.status, 200);
      t.app.model.controllers.on('File', 'before_insert', (doc) => {
        if (doc.file_name === 'refused.txt') throw new ValidationError('refused by a controller');
      });
    });
    after(() => t.close());

    it('uploads through frappe-js-sdk as a public file with its hash', async () => {
      const sdk = await t.sdkAs(users.clerk);
      const content = 'hello, public world';
      const response = (await sdk
        .file()
        .uploadFile(new File([content], 'hello.txt', { type: 'text/plain' }), { isPrivate: false })) as {
        data: { message: Record<string, unknown> };
      };
      const file = response.data.message;
      assert.equal(file.doctype, 'File');
      assert.equal(file.file_url, '/files/hello.txt');
      assert.equal(file.is_private, 0);
      assert.equal(file.file_size, content.length);
      assert.equal(file.content_hash, createHash('md5').update(content).digest('hex'));
      assert.equal(file.owner, users.clerk);
      assert.equal(readFileSync(join(publicDir, 'hello.txt'), 'utf8'), content);
    });

    it('stores identical content once and keeps names unique', async () => {
      const again = await upload(
        users.clerk,
        { is_private: '0' },
        { name: 'copy.txt', data: 'hello, public world' },
      );
      assert.equal(again.body.message.file_url, '/files/hello.txt', 'same content, same privacy: reused');
      const other = await upload(users.clerk, { is_private: '0' }, { name: 'hello.txt', data: 'different' });
      assert.match(other.body.message.file_url, /^\/files\/hello[0-9a-f]{6}\.txt$/);
      assert.deepEqual(onDisk(publicDir).length, 2);
    });

    it('keeps private files private: owner, attached readers and Administrator only', async () => {
      const uploaded = await upload(
        users.clerk,
        { is_private: '1', doctype: 'Widget', docname: 'Attached' },
        { name: 'secret report.pdf', data: '%PDF-1.4 secret' },
      );
      assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
      const url = uploaded.body.message.file_url as string;
      assert.equal(url, '/private/files/secret report.pdf');
      assert.equal(uploaded.body.message.attached_to_doctype, 'Widget');
      assert.ok(existsSync(join(privateDir, 'secret report.pdf')));
      assert.ok(!existsSync(join(publicDir, 'secret report.pdf')));

      const path = '/private/files/secret%20report.pdf';
      const owner = await download(users.clerk, path);
      assert.equal(owner.status, 200);
      assert.equal(owner.body.toString(), '%PDF-1.4 secret');
      assert.equal(owner.headers.get('content-type'), 'application/pdf');
      assert.equal(
        (await download(users.reader, path)).status,
        200,
        'the reader may read the Widget it is attached to',
      );
      assert.equal((await download('Administrator', path)).status, 200);
      for (const user of [users.nobody, 'Guest']) {
        const denied = await download(user, path);
        assert.equal(denied.status, 403, user);
        assert.doesNotMatch(denied.body.toString(), /secret/);
      }
    });

    it('hands private files to the router through X-Accel-Redirect when it asks', async () => {
      const accel = await download(users.clerk, '/private/files/secret%20report.pdf', {
        'X-Use-X-Accel-Redirect': 'True',
      });
      assert.equal(accel.status, 200);
      assert.equal(accel.headers.get('x-accel-redirect'), '/protected/private/files/secret%20report.pdf');
      assert.equal(accel.body.length, 0);
      const denied = await download(users.nobody, '/private/files/secret%20report.pdf', {
        'X-Use-X-Accel-Redirect': 'True',
      });
      assert.equal(denied.status, 403);
      assert.equal(denied.headers.get('x-accel-redirect'), null);
    });

    it('sanitises hostile file names and never writes outside the files folder', async () => {
      const hostile = [
        ['../../site_config.json', 'site_config.json'],
        ['..\\..\\evil.txt', 'evil.txt'],
        ['.htaccess', 'htaccess'],
        ['a\u0000b\tc.txt', 'a_b_c.txt'],
        ['what?#.txt', 'what__.txt'],
      ] as const;
      for (const [name, stored] of hostile) {
        const r = await upload(users.clerk, { is_private: '1' }, { name, data: `content of ${stored}` });
        assert.equal(r.status, 200, `${JSON.stringify(name)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.message.file_name, stored);
        assert.equal(r.body.message.file_url, `/private/files/${stored}`);
        assert.ok(existsSync(join(privateDir, stored)));
      }
      const long = await upload(users.clerk, {}, { name: `${'é'.repeat(300)}.txt`, data: 'long' });
      assert.equal(long.status, 200);
      assert.ok(Buffer.byteLength(long.body.message.file_name) <= 180);
      assert.match(long.body.message.file_name, /\.txt$/);
      const dots = await upload(users.clerk, {}, { name: '..', data: 'dots' });
      assert.match(dots.body.message.file_name, /^file-[0-9a-f]{10}$/);
      const expected = new Set([
        'private',
        'public',
        'site.db',
        'site.db-shm',
        'site.db-wal',
        'site_config.json',
      ]);
      for (const entry of readdirSync(t.bench.sitePath(t.site)))
        assert.ok(expected.has(entry), `unexpected ${entry}`);
      for (const entry of readdirSync(t.bench.sitesPath))
        assert.ok(!/evil|\.txt$/.test(entry), `unexpected ${entry}`);
      assert.equal(readFileSync(t.bench.siteConfigPath(t.site), 'utf8').includes('content of'), false);
    });

    it('refuses path tricks on download', async () => {
      for (const path of [
        '/private/files/..%2Fsite_config.json',
        '/private/files/..%2F..%2Fsite_config.json',
        '/private/files/%2e%2e/site_config.json',
      ]) {
        const r = await download('Administrator', path);
        assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
        assert.doesNotMatch(r.body.toString(), /db_type/);
      }
    });

    it('limits the size and leaves nothing behind', async () => {
      const before_ = await files();
      const r = await upload(users.clerk, {}, { name: 'big.bin', data: Buffer.alloc(maxFileSize + 1, 1) });
      assert.equal(r.status, 417);
      assert.equal(r.body.exc_type, 'MaxFileSizeReachedError');
      assert.deepEqual(await files(), before_);
      assert.ok(!onDisk(publicDir).includes('big.bin'));
    });

    it('removes the file again when the upload fails after writing it', async () => {
      const before_ = await files();
      const r = await upload(users.clerk, { is_private: '1' }, { name: 'refused.txt', data: 'never kept' });
      assert.equal(r.status, 417);
      assert.deepEqual(await files(), before_);
      await until(() => !onDisk(privateDir).includes('refused.txt'), 'refused.txt removed');
    });

    it('checks write permission on the document an upload attaches to', async () => {
      const before_ = await files();
      const r = await upload(
        users.reader,
        { doctype: 'Widget', docname: 'Attached' },
        { name: 'x.txt', data: 'x' },
      );
      assert.equal(r.status, 403);
      assert.deepEqual(await files(), before_);
    });

    it('refuses Guests, and website users outside the allowed types', async () => {
      const guest = await upload('Guest', {}, { name: 'g.txt', data: 'g' });
      assert.equal(guest.status, 403);
      const portalHtml = await upload('portal@example.com', {}, { name: 'page.html', data: '<script>' });
      assert.equal(portalHtml.status, 417);
      const portalPdf = await upload('portal@example.com', {}, { name: 'ok.pdf', data: '%PDF' });
      assert.equal(portalPdf.status, 200);
    });

    it('does not let anyone claim a private file by pointing a new File at it', async () => {
      const before_ = await files();
      const viaUpload = await upload(users.nobody, { file_url: '/private/files/secret report.pdf' });
      assert.equal(viaUpload.status, 417);
      const viaResource = await t.call(users.nobody, 'POST', '/api/resource/File', {
        file_name: 'mine.pdf',
        file_url: '/private/files/secret report.pdf',
        is_private: 1,
      });
      assert.equal(viaResource.status, 403, JSON.stringify(viaResource.body));
      assert.deepEqual(await files(), before_);
      assert.equal((await download(users.nobody, '/private/files/secret%20report.pdf')).status, 403);
    });

    it('serves active content as a download', async () => {
      const r = await upload(
        users.clerk,
        { is_private: '1' },
        { name: 'page.svg', data: '<svg onload="alert(1)"/>' },
      );
      const d = await download(users.clerk, r.body.message.file_url);
      assert.equal(d.status, 200);
      assert.match(d.headers.get('content-disposition') ?? '', /^attachment/);
      for (const name of ['report.html', 'page.xhtml', 'feed.xml']) {
        const html = await upload(users.clerk, { is_private: '1' }, { name, data: '<script>x</script>' });
        assert.equal(html.status, 200, name);
        const got = await download(users.clerk, html.body.message.file_url);
        assert.equal(got.status, 200, name);
        assert.equal(got.body.toString(), '<script>x</script>', name);
        assert.match(got.headers.get('content-disposition') ?? '', /^attachment/, name);
        assert.equal(got.headers.get('content-type'), 'application/octet-stream', name);
        assert.equal(got.headers.get('x-content-type-options'), 'nosniff', name);
      }
    });

    it('deletes the file from disk with its last File document', async () => {
      const r = await upload(users.clerk, { is_private: '1' }, { name: 'temporary.txt', data: 'soon gone' });
      assert.ok(existsSync(join(privateDir, 'temporary.txt')));
      const deleted = await t.call(users.clerk, 'DELETE', `/api/resource/File/${r.body.message.name}`);
      assert.equal(deleted.status, 202);
      await until(() => !existsSync(join(privateDir, 'temporary.txt')), 'temporary.txt removed');
    });
  });
}
