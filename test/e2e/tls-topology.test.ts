// The production topology as processes, behind TLS: Caddy (`tls internal`) -> router -> 2 backends and
// 2 websocket services, on PostgreSQL and Redis. Everything a browser does goes through https:// and wss://.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { sessionKey } from '../../src/auth/sessions.ts';
import { Bench } from '../../src/config/bench.ts';
import { openDatabase, siteOpenOptions } from '../../src/db/index.ts';
import { caddyBinary, type RunningCaddy, startCaddy } from '../support/caddy.ts';
import { connectSocket, runCortado, upgraded } from '../support/e2e.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { startTopology, type Topology } from '../support/topology.ts';
import { until } from '../support/until.ts';

const missing = !postgresUrl || !redisUrl ? 'needs TEST_POSTGRES_URL and TEST_REDIS_URL' : undefined;
const noCaddy = existsSync(caddyBinary) ? undefined : `needs Caddy at ${caddyBinary}`;
if (process.env.CI === 'true' && noCaddy) throw new Error(`CI=true but ${noCaddy}`);
const skip = missing ?? noCaddy ?? false;

/** The websocket replica a socket is on: the router's tag in front of its Engine.IO sid. */
const replicaOf = (socket: Socket) => socket.io.engine.id.split('.')[0]!;

describe('TLS topology: Caddy -> router -> 2 backends, 2 websockets, Redis, PostgreSQL', { skip }, () => {
  let topology: Topology;
  let caddy: RunningCaddy;
  // The client reaches Caddy from 127.0.0.5, so the address the backend records is provably the client's.
  let client: Agent;
  const sockets: Socket[] = [];

  const https = (path: string, init: { method?: string; body?: string; sid?: string } = {}) =>
    undiciFetch(`${caddy.url}${path}`, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(init.sid ? { cookie: `sid=${init.sid}` } : {}),
      },
      dispatcher: client,
      signal: AbortSignal.timeout(30_000),
    });

  const loginVia = async (send: typeof https) => {
    const response = await send('/api/method/login', {
      method: 'POST',
      body: JSON.stringify({ usr: 'Administrator', pwd: 'tls-pw' }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sid='))!;
    await response.arrayBuffer();
    return { response, cookie, sid: /^sid=([^;]*)/.exec(cookie)![1]! };
  };

  const sessionIp = async (sid: string) => {
    const bench = new Bench(topology.sitesPath);
    const db = openDatabase(siteOpenOptions(bench.siteConfig(topology.site), bench.sitePath(topology.site)));
    try {
      const row = await db.one<{ ipaddress: string }>('SELECT ipaddress FROM "tabSessions" WHERE sid = ?', [
        sessionKey(sid),
      ]);
      return row?.ipaddress;
    } finally {
      await db.close();
    }
  };

  before(async () => {
    topology = await startTopology({
      adminPassword: 'tls-pw',
      frontendEnv: { UPSTREAM_REAL_IP_ADDRESS: '127.0.0.1' },
      jobs: true,
    });
    caddy = await startCaddy(`127.0.0.1:${topology.frontendPort}`);
    client = new Agent({ localAddress: '127.0.0.5', connect: { ca: caddy.ca } });
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await client?.close();
    await caddy?.close();
    await topology?.close();
  });

  it('serves the certificate of Caddy’s local CA, and logs in with a Secure cookie', async () => {
    const { response, cookie, sid } = await loginVia(https);
    assert.equal(response.status, 200);
    assert.match(cookie, /;\s*Secure/i);
    assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=/);
    // The backend saw the client's own address (through Caddy and the trusted router), not Caddy's.
    assert.equal(await sessionIp(sid), '127.0.0.5');
  });

  it('ignores X-Forwarded-* sent straight to the router by an untrusted peer', async () => {
    const untrusted = new Agent({ localAddress: '127.0.0.2' });
    try {
      const response = await undiciFetch(`${topology.base}/api/method/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': '6.6.6.6',
          'x-forwarded-proto': 'https',
        },
        body: JSON.stringify({ usr: 'Administrator', pwd: 'tls-pw' }),
        dispatcher: untrusted,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      assert.equal(response.status, 200);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sid='))!;
      assert.doesNotMatch(cookie, /Secure/i);
      assert.equal(response.headers.get('strict-transport-security'), null);
      assert.equal(await sessionIp(/^sid=([^;]*)/.exec(cookie)![1]!), '127.0.0.2');
    } finally {
      await untrusted.close();
    }
  });

  it('delivers list_update over wss:// to a client on the other websocket replica; polling stays sticky', async () => {
    const { sid } = await loginVia(https);
    // Connect long-polling clients until both replicas hold one (the router balances handshakes).
    const byReplica = new Map<string, Socket>();
    for (let i = 0; i < 20 && byReplica.size < 2; i++) {
      const socket = await connectSocket(caddy.url, topology.site, {
        sid,
        transports: ['polling'],
        ca: caddy.ca,
      });
      sockets.push(socket);
      if (!byReplica.has(replicaOf(socket))) byReplica.set(replicaOf(socket), socket);
    }
    assert.equal(byReplica.size, 2, 'both websocket replicas took a client');
    const [pollingReplica] = [...byReplica.keys()];
    const polling = byReplica.get(pollingReplica!)!;
    // A second client, upgraded to WebSocket (wss:// through Caddy), on the replica the first is not on.
    let secure: Socket | undefined;
    for (let i = 0; i < 20 && !secure; i++) {
      const socket = await connectSocket(caddy.url, topology.site, { sid, ca: caddy.ca });
      sockets.push(socket);
      if (replicaOf(socket) !== pollingReplica) secure = socket;
    }
    assert.ok(secure, 'a wss client on the other replica');
    await upgraded(secure);
    assert.equal(secure.io.engine.transport.name, 'websocket');

    const seen = { polling: [] as string[], secure: [] as string[] };
    polling.on('list_update', (m: { name: string }) => seen.polling.push(m.name));
    secure.on('list_update', (m: { name: string }) => seen.secure.push(m.name));
    polling.emit('doctype_subscribe', 'ToDo');
    secure.emit('doctype_subscribe', 'ToDo');
    // Subscriptions are checked asynchronously: create ToDos until both clients have heard of one.
    const created: string[] = [];
    await until(
      async () => {
        const response = await https('/api/resource/ToDo', {
          method: 'POST',
          sid,
          body: JSON.stringify({ description: `over tls ${created.length}` }),
        });
        assert.equal(response.status, 200);
        created.push(((await response.json()) as { data: { name: string } }).data.name);
        return seen.polling.length > 0 && seen.secure.length > 0;
      },
      'list_update on both replicas',
      { timeoutMs: 20_000, everyMs: 100 },
    );
    assert.ok(seen.secure.every((name) => created.includes(name)));
    // The long-polling client made many requests through Caddy and the router and is still the same session.
    assert.equal(polling.connected, true);
    assert.equal(polling.io.engine.transport.name, 'polling');
    assert.equal(replicaOf(polling), pollingReplica);
  });

  it('runs a job on the worker process and lists it as finished in RQ Job over https', async () => {
    const method = 'frappe.core.doctype.log_settings.log_settings.run_log_clean_up';
    await runCortado(
      [
        '--sites-path',
        topology.sitesPath,
        '--site',
        topology.site,
        'jobs',
        'enqueue',
        method,
        '--job-id',
        'tls-e2e',
      ],
      topology.env,
    );
    const { sid } = await loginVia(https);
    const finished = await until(async () => {
      const filters = encodeURIComponent(JSON.stringify([['status', '=', 'finished']]));
      const response = await https(`/api/resource/RQ Job?filters=${filters}`, { sid });
      const body = (await response.json()) as { data?: Array<{ job_name?: string; status?: string }> };
      return body.data?.find((job) => job.job_name === method);
    }, 'the job to finish on the worker');
    assert.equal(finished.status, 'finished');
  });

  it('keeps answering every request when a backend is killed mid-load', async () => {
    const { sid } = await loginVia(https);
    const call = async () => {
      const response = await https('/api/method/frappe.auth.get_logged_user', { sid });
      await response.arrayBuffer();
      return response.status;
    };
    const first = Array.from({ length: 20 }, call);
    topology.backends[0]!.process.child.kill('SIGKILL');
    const during = Array.from({ length: 20 }, call);
    // Every request is answered (bounded by its timeout, none hangs), with success or a clean gateway error.
    const statuses = await Promise.all([...first, ...during]);
    assert.ok(
      statuses.every((s) => s === 200 || s === 502 || s === 503),
      statuses.join(','),
    );
    // Once the router has seen the dead backend, everything goes to the live one.
    const afterwards = await Promise.all(Array.from({ length: 10 }, call));
    assert.deepEqual(afterwards, Array(10).fill(200));
  });
});
