// Request bodies on any method: forwarded with proper framing, and a body the upstream does not read
// (it answered first, as a backend does for GET or HEAD) never stalls the client's keep-alive
// connection: the next request on it is answered.
import assert from 'node:assert/strict';
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { startRouter, startUpstream, tempSites, type Upstream } from './helpers.ts';

const sites = tempSites();
after(() => sites.remove());

const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

// One request through `agent`, the body written in 64 KiB pieces (as a real client streams it).
function send(
  agent: Agent,
  port: number,
  opts: { method: string; path: string; body?: Buffer; chunked?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: 'site1.test' };
    if (opts.body && !opts.chunked) headers['Content-Length'] = String(opts.body.length);
    if (opts.body && opts.chunked) headers['Transfer-Encoding'] = 'chunked';
    const req = request(
      { host: '127.0.0.1', port, agent, method: opts.method, path: opts.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            reusedSocket: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    const body = opts.body;
    if (!body) {
      req.end();
      return;
    }
    let offset = 0;
    const pump = (): void => {
      while (offset < body.length) {
        const piece = body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

// Node's client never reuses a connection after a HEAD: HEAD is tested on a raw connection, with the
// next request written right behind the body. Resolves with what was read once `last` arrived.
function headThenGet(port: number, body: Buffer, chunked: boolean, last: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`;
    socket.write(`HEAD /api/method/first HTTP/1.1\r\nHost: site1.test\r\n${framing}\r\n\r\n`);
    socket.write(
      chunked
        ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
        : body,
    );
    socket.write('GET /api/method/second HTTP/1.1\r\nHost: site1.test\r\n\r\n');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to the request after the HEAD; read: ${JSON.stringify(text)}`));
    }, 10_000);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (text.endsWith(last)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

describe('request bodies on any method', () => {
  let early: Server;
  let earlyPort: number;
  let reader: Upstream;
  let toEarly: FrontendServer;
  let toReader: FrontendServer;

  before(async () => {
    // Answers at once without reading the body (Node then drains it), like a backend on a GET.
    early = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
    await new Promise<void>((resolve) => early.listen(0, '127.0.0.1', resolve));
    earlyPort = (early.address() as AddressInfo).port;
    reader = await startUpstream((r, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          method: r.method,
          length: r.body.length,
          contentLength: r.headers['content-length'] ?? null,
          transferEncoding: r.headers['transfer-encoding'] ?? null,
        }),
      );
    });
    toEarly = await startRouter({ SITES_PATH: sites.path, BACKEND: `127.0.0.1:${earlyPort}` });
    toReader = await startRouter({ SITES_PATH: sites.path, BACKEND: reader.address });
  });
  after(async () => {
    await Promise.all([toEarly.close(), toReader.close(), reader.close()]);
    early.closeAllConnections();
    await new Promise<void>((resolve) => early.close(() => resolve()));
  });

  for (const chunked of [false, true]) {
    it(`HEAD with an unread 2 MB ${chunked ? 'chunked' : 'sized'} body: answered without a body, and the next request on the connection too`, async () => {
      const second = JSON.stringify({ method: 'GET', url: '/api/method/second' });
      const text = await headThenGet(toEarly.port, Buffer.alloc(2 * MB, 'a'), chunked, second);
      const [head, rest] = [
        text.slice(0, text.indexOf('\r\n\r\n')),
        text.slice(text.indexOf('\r\n\r\n') + 4),
      ];
      assert.match(head, /^HTTP\/1\.1 200 /);
      assert.match(rest, /^HTTP\/1\.1 200 /, 'the HEAD answer has no body; the GET answer follows it');
      assert.ok(rest.endsWith(second));
    });
  }

  for (const method of ['GET', 'OPTIONS', 'DELETE', 'POST', 'PUT']) {
    for (const chunked of [false, true]) {
      it(`${method} with an unread 2 MB ${chunked ? 'chunked' : 'sized'} body: answered, and the next request on the connection too`, async () => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const first = await send(agent, toEarly.port, {
            method,
            path: '/api/method/first',
            body: Buffer.alloc(2 * MB, 'a'),
            chunked,
          });
          assert.equal(first.status, 200);
          assert.equal(first.body, JSON.stringify({ method, url: '/api/method/first' }));
          const second = await send(agent, toEarly.port, { method: 'GET', path: '/api/method/second' });
          assert.equal(second.status, 200);
          assert.equal(second.body, JSON.stringify({ method: 'GET', url: '/api/method/second' }));
          assert.ok(second.reusedSocket, 'the same keep-alive connection carried the second request');
        } finally {
          agent.destroy();
        }
      });
    }
  }

  it('forwards a GET or HEAD body whole, with its length or chunked', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.alloc(MB + 7, 'b');
      const sized = await send(agent, toReader.port, { method: 'GET', path: '/api/x', body });
      assert.deepEqual(JSON.parse(sized.body), {
        method: 'GET',
        length: body.length,
        contentLength: String(body.length),
        transferEncoding: null,
      });
      const chunked = await send(agent, toReader.port, {
        method: 'GET',
        path: '/api/x',
        body,
        chunked: true,
      });
      assert.deepEqual(JSON.parse(chunked.body), {
        method: 'GET',
        length: body.length,
        contentLength: null,
        transferEncoding: 'chunked',
      });
      assert.ok(chunked.reusedSocket, 'the connection is kept after a GET with a body');
      const head = await send(agent, toReader.port, { method: 'HEAD', path: '/api/x', body });
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
      assert.equal(reader.requests.at(-1)!.method, 'HEAD');
      assert.equal(reader.requests.at(-1)!.body.length, body.length);
      assert.equal(
        JSON.parse((await send(agent, toReader.port, { method: 'GET', path: '/api/x' })).body).length,
        0,
      );
    } finally {
      agent.destroy();
    }
  });
});
