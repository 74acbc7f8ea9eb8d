// Rule 3 with real Socket.IO servers and clients: long-polling, WebSocket upgrade tunnelling, the
// headers the websocket service relies on, and sticky sessions across two websocket upstreams.
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { startRouter, tempSites, until } from './helpers.ts';

interface Realtime {
  http: HttpServer;
  io: Server;
  port: number;
  /** Handshake headers of each Socket.IO connection. */
  handshakes: Record<string, string | string[] | undefined>[];
  /** Engine.IO session ids seen in request URLs (polling and upgrades). */
  sids: Set<string>;
  close(): Promise<void>;
}

async function startRealtime(): Promise<Realtime> {
  const http = createServer();
  const sids = new Set<string>();
  const record = (url = '') => {
    const sid = new URL(url, 'http://x').searchParams.get('sid');
    if (sid) sids.add(sid);
  };
  const io = new Server(http);
  // After attaching Socket.IO, which re-registers the listeners it finds.
  http.prependListener('request', (req) => record(req.url));
  http.prependListener('upgrade', (req) => record(req.url));
  const handshakes: Realtime['handshakes'][number][] = [];
  io.on('connection', (socket) => {
    handshakes.push(socket.handshake.headers);
    socket.on('echo', (value: unknown, ack: (v: unknown) => void) =>
      ack({ value, transport: socket.conn.transport.name }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    http,
    io,
    port: (http.address() as AddressInfo).port,
    handshakes,
    sids,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

function connect(port: number, opts: Parameters<typeof connectClient>[1]): Promise<ClientSocket> {
  const socket = connectClient(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

function echo(socket: ClientSocket, value: unknown): Promise<{ value: unknown; transport: string }> {
  return socket.timeout(5000).emitWithAck('echo', value);
}

const sites = tempSites();
after(() => sites.remove());

describe('Socket.IO through the router, one websocket upstream', () => {
  let rt: Realtime;
  let router: FrontendServer;
  before(async () => {
    rt = await startRealtime();
    router = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: '127.0.0.1:1',
      SOCKETIO: `127.0.0.1:${rt.port}`,
    });
  });
  after(async () => {
    await router.close();
    await rt.close();
  });

  it('polling first, then upgraded to WebSocket through the tunnel', async () => {
    const socket = await connect(router.port, { transports: ['polling', 'websocket'] });
    try {
      assert.equal((await echo(socket, 'first')).value, 'first');
      await until(() => socket.io.engine.transport.name === 'websocket', 'upgrade to websocket');
      assert.deepEqual(await echo(socket, 42), { value: 42, transport: 'websocket' });
      const headers = rt.handshakes.at(-1)!;
      assert.equal(headers['x-frappe-site-name'], '127.0.0.1');
      assert.equal(headers.origin, 'http://127.0.0.1');
      assert.equal(headers['x-forwarded-proto'], 'http');
      assert.equal(headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(headers.host, `127.0.0.1:${router.port}`);
    } finally {
      socket.close();
    }
  });

  it('WebSocket only', async () => {
    const socket = await connect(router.port, {
      transports: ['websocket'],
      extraHeaders: { Origin: 'https://evil.example', 'X-Forwarded-For': '203.0.113.9' },
    });
    try {
      assert.deepEqual(await echo(socket, { a: 1 }), { value: { a: 1 }, transport: 'websocket' });
      const headers = rt.handshakes.at(-1)!;
      assert.equal(headers['x-frappe-site-name'], '127.0.0.1');
      assert.equal(headers.origin, 'http://127.0.0.1', "the client's Origin is replaced by <proto>://<site>");
      assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1', 'appended (the peer is trusted)');
    } finally {
      socket.close();
    }
  });

  it("SOCKETIO_KEEP_ORIGIN=1 keeps the client's Origin; an untrusted peer's X-Forwarded-For is replaced", async () => {
    const keep = await startRouter({
      SITES_PATH: sites.path,
      SOCKETIO: `127.0.0.1:${rt.port}`,
      SOCKETIO_KEEP_ORIGIN: '1',
      UPSTREAM_REAL_IP_ADDRESS: '10.0.0.0/8',
    });
    const socket = await connect(keep.port, {
      transports: ['websocket'],
      extraHeaders: {
        Origin: 'https://erp.example.com',
        'X-Forwarded-For': '203.0.113.9',
        'X-Forwarded-Proto': 'https',
      },
    });
    try {
      await echo(socket, 1);
      const headers = rt.handshakes.at(-1)!;
      assert.equal(headers.origin, 'https://erp.example.com');
      assert.equal(headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(headers['x-forwarded-proto'], 'http');
    } finally {
      socket.close();
      await keep.close();
    }
  });

  it('answers 502 on the socket when the websocket upstream is down', async () => {
    const down = await startRouter({ SITES_PATH: sites.path, SOCKETIO: '127.0.0.1:1' });
    try {
      await assert.rejects(connect(down.port, { transports: ['websocket'] }));
      await assert.rejects(connect(down.port, { transports: ['polling'] }));
    } finally {
      await down.close();
    }
  });
});

describe('Socket.IO through the router, two websocket upstreams (sticky sessions)', () => {
  let one: Realtime;
  let two: Realtime;
  let router: FrontendServer;
  before(async () => {
    one = await startRealtime();
    two = await startRealtime();
    router = await startRouter({
      SITES_PATH: sites.path,
      SOCKETIO: `127.0.0.1:${one.port},127.0.0.1:${two.port}`,
    });
  });
  after(async () => {
    await router.close();
    await Promise.all([one.close(), two.close()]);
  });

  it('long-polling works: every request of a session reaches the upstream that created it', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 6 }, () => connect(router.port, { transports: ['polling'] })),
    );
    try {
      for (const [i, socket] of sockets.entries()) {
        for (let n = 0; n < 3; n++)
          assert.deepEqual(await echo(socket, `${i}/${n}`), { value: `${i}/${n}`, transport: 'polling' });
      }
      assert.ok(
        one.handshakes.length > 0 && two.handshakes.length > 0,
        'sessions were spread over both upstreams',
      );
      for (const sid of one.sids) assert.ok(!two.sids.has(sid), `session ${sid} reached both upstreams`);
      assert.ok(one.sids.size + two.sids.size >= 6);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('the WebSocket upgrade of a polling session goes to the same upstream', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 4 }, () => connect(router.port, { transports: ['polling', 'websocket'] })),
    );
    try {
      for (const socket of sockets) {
        await until(() => socket.io.engine.transport.name === 'websocket', 'upgrade');
        assert.equal((await echo(socket, 'x')).transport, 'websocket');
      }
      for (const sid of one.sids) assert.ok(!two.sids.has(sid));
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
