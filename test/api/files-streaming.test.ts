// upload_file's body as it streams in: the file goes to disk while the request is still arriving (never
// held whole in memory), an aborted or hostile body leaves nothing behind and gets Frappe's error envelope.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uploadTempDir } from '../../src/backend/files/upload-state.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type ApiSite, createApiSite, type Json, siteHeaders } from './support.ts';

const maxFileSize = 24 * 1024 * 1024;
const boundary = '----cortado-test-boundary';

/** The start of a multipart body up to the file's content, and its end after it. */
function envelope(fields: Record<string, string>, filename: string): { head: Buffer; tail: Buffer } {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

for (const kind of databases) {
  describe(`${kind}: upload_file streams its body`, () => {
    let t: ApiSite;
    let temp: string;
    let publicDir: string;
    let privateDir: string;
    let auth: string;

    const fileRows = async () => {
      const q = t.db.dialect.quote;
      return t.db.all(`select ${q('name')} from ${q('tabFile')} order by ${q('name')}`);
    };
    const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
    const stored = () => ({ public: listing(publicDir), private: listing(privateDir) });
    const tempsGone = () => until(() => listing(temp).length === 0, 'temporary upload files removed');

    /** A POST to upload_file whose body the test writes piece by piece. */
    const open = (length: number) => {
      const req = httpRequest(`${t.url}/api/method/upload_file`, {
        method: 'POST',
        headers: {
          ...siteHeaders,
          authorization: auth,
          accept: 'application/json',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
        },
      });
      const response = new Promise<{ status: number; body: Json }>((resolve, reject) => {
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
          );
        });
        req.on('error', reject);
      });
      return { req, response };
    };
    const post = async (body: Buffer, contentType = `multipart/form-data; boundary=${boundary}`) => {
      const r = await fetch(`${t.url}/api/method/upload_file`, {
        method: 'POST',
        headers: {
          ...siteHeaders,
          authorization: auth,
          accept: 'application/json',
          'content-type': contentType,
        },
        body,
      });
      return { status: r.status, body: (await r.json()) as Json };
    };

    before(async () => {
      t = await createApiSite(kind, { siteConfig: { max_file_size: maxFileSize } });
      const sitePath = t.bench.sitePath(t.site);
      temp = uploadTempDir(sitePath);
      publicDir = join(sitePath, 'public', 'files');
      privateDir = join(sitePath, 'private', 'files');
      auth = `token ${t.clerkKeys.apiKey}:${t.clerkKeys.apiSecret}`;
    });
    after(() => t.close());

    // First: the sweep runs at a site's first upload in the process.
    it('removes temporary files a crash left, not those of uploads in progress', async () => {
      mkdirSync(temp, { recursive: true });
      const stale = join(temp, 'crashed.upload');
      const fresh = join(temp, 'in-progress.upload');
      writeFileSync(stale, 'cut off');
      writeFileSync(fresh, 'arriving');
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      utimesSync(stale, twoHoursAgo, twoHoursAgo);
      const r = await post(
        Buffer.concat([envelope({}, 'sweep.txt').head, Buffer.from('x'), envelope({}, '').tail]),
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await until(() => !existsSync(stale), 'the stale upload removed');
      assert.ok(existsSync(fresh));
      rmSync(fresh);
    });

    it('writes the file to disk while the request is still arriving, then moves it into place', async () => {
      const content = randomBytes(16 * 1024 * 1024);
      const { head, tail } = envelope({ is_private: '1' }, 'large.bin');
      const { req, response } = open(head.length + content.length + tail.length);
      const half = content.length / 2;
      req.write(head);
      req.write(content.subarray(0, half));
      // The body is half sent: a parser that buffered it would have written nothing yet.
      const partial = await until(() => {
        const [name] = listing(temp);
        const size = name ? statSync(join(temp, name)).size : 0;
        return size >= half - 1024 * 1024 ? size : undefined;
      }, 'the first half of the upload on disk');
      assert.ok(partial < content.length, 'on disk before the rest was sent');
      req.end(Buffer.concat([content.subarray(half), tail]));
      const r = await response;
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.message.file_url, '/private/files/large.bin');
      assert.equal(r.body.message.file_size, content.length);
      assert.equal(r.body.message.content_hash, createHash('md5').update(content).digest('hex'));
      assert.ok(readFileSync(join(privateDir, 'large.bin')).equals(content));
      await tempsGone();
    });

    it('leaves nothing behind when the client goes away mid-upload', async () => {
      const rows = await fileRows();
      const files = stored();
      const content = randomBytes(4 * 1024 * 1024);
      const { head, tail } = envelope({}, 'aborted.bin');
      const { req, response } = open(head.length + content.length + tail.length);
      response.catch(() => undefined);
      req.write(head);
      req.write(content.subarray(0, content.length / 2));
      await until(() => listing(temp).length > 0, 'the upload started on disk');
      req.destroy();
      await tempsGone();
      assert.deepEqual(await fileRows(), rows);
      assert.deepEqual(stored(), files);
    });

    const hostile: Array<[string, RegExp, Buffer, string?]> = [
      ['no boundary', /no boundary/, Buffer.from('--x\r\n\r\n'), 'multipart/form-data'],
      [
        'a boundary the body never uses',
        /truncated/,
        Buffer.concat([envelope({}, 'a.txt').head, Buffer.from('data\r\n--other--\r\n')]),
      ],
      [
        'a truncated body',
        /truncated/,
        Buffer.concat([envelope({}, 'a.txt').head, Buffer.from('data without end')]),
      ],
      [
        'too many parts',
        /too many parts/,
        Buffer.concat([
          envelope(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`f${i}`, 'v'])), 'a.txt').head,
          Buffer.from('x'),
          envelope({}, '').tail,
        ]),
      ],
      [
        'two files',
        /more than one file/,
        Buffer.concat([
          envelope({}, 'one.txt').head,
          Buffer.from('one\r\n'),
          envelope({}, 'two.txt').head,
          Buffer.from('two'),
          envelope({}, '').tail,
        ]),
      ],
      [
        'a field over 1 MiB',
        /field docname too large/,
        Buffer.concat([
          envelope({ docname: 'x'.repeat((1 << 20) + 1) }, 'a.txt').head,
          Buffer.from('x'),
          envelope({}, '').tail,
        ]),
      ],
      [
        'a field named __proto__',
        /a reserved field name/,
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n{}\r\n--${boundary}--\r\n`,
        ),
      ],
      [
        'a part without a name',
        /a part without a name/,
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${boundary}--\r\n`),
      ],
      [
        // busboy keeps 16 KB of a part's headers: a Content-Disposition beyond them is not seen, so no file
        'a 100 KB part header',
        /`file_name` or `file_url` must be set/,
        Buffer.from(
          `--${boundary}\r\nX-Pad: ${'a'.repeat(100 * 1024)}\r\nContent-Disposition: form-data; name="file"; filename="pad.txt"\r\n\r\nv\r\n--${boundary}--\r\n`,
        ),
      ],
    ];
    for (const [what, message, body, contentType] of hostile) {
      it(`refuses ${what} with a 417 in Frappe's envelope, storing nothing`, async () => {
        const rows = await fileRows();
        const files = stored();
        const r = await post(body, contentType);
        assert.equal(r.status, 417, JSON.stringify(r.body).slice(0, 300));
        assert.equal(r.body.exc_type, 'ValidationError');
        assert.match(r.body.exception, message);
        assert.doesNotMatch(JSON.stringify(r.body), /at .*\.(ts|js):\d+/, 'no stack trace');
        assert.deepEqual(await fileRows(), rows);
        assert.deepEqual(stored(), files);
        await tempsGone();
      });
    }

    it("refuses a declared length over the server's body limit before reading the body", async () => {
      const { head } = envelope({}, 'declared.bin');
      const { req, response } = open(51 * 1024 * 1024);
      req.write(head);
      const r = await response;
      req.destroy();
      assert.equal(r.status, 413);
      assert.equal(r.body.exc_type, 'RequestEntityTooLarge');
      assert.deepEqual(listing(temp), []);
    });

    it('stops reading an oversized file at the limit and keeps nothing', async () => {
      const rows = await fileRows();
      const files = stored();
      const { head, tail } = envelope({}, 'huge.bin');
      const r = await post(Buffer.concat([head, Buffer.alloc(maxFileSize + 1, 7), tail]));
      assert.equal(r.status, 417);
      assert.equal(r.body.exc_type, 'MaxFileSizeReachedError');
      assert.match(r.body.exception ?? r.body._server_messages ?? '', /24\.0 MB/);
      assert.deepEqual(await fileRows(), rows);
      assert.deepEqual(stored(), files);
      await tempsGone();
    });

    it('keeps only the last segment of a hostile file name, however it is encoded', async () => {
      for (const [disposition, expected] of [
        [`filename="../../../site_config.json"`, 'site_config.json'],
        [`filename*=UTF-8''..%2F..%2Fr%C3%A9sum%C3%A9.txt`, 'résumé.txt'],
        [`filename="C:\\\\temp\\\\..\\\\evil.txt"`, 'evil.txt'],
      ] as const) {
        const body = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="is_private"\r\n\r\n1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n\r\n${expected} content\r\n--${boundary}--\r\n`,
        );
        const r = await post(body);
        assert.equal(r.status, 200, `${disposition}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.message.file_name, expected, disposition);
        assert.equal(readFileSync(join(privateDir, expected), 'utf8'), `${expected} content`);
      }
      assert.ok(!readFileSync(t.bench.siteConfigPath(t.site), 'utf8').includes('content'));
      await tempsGone();
    });
  });
}
