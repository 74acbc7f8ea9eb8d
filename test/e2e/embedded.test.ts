// The embedded stack end to end, through the router: what `npm start` gives a new user.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { publishRealtime } from '../../src/bus/realtime-publisher.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench } from '../../src/config/bench.ts';
import { createSite } from '../../src/site/create-site.ts';
import {
  type CortadoProcess,
  connectSocket,
  login,
  nextEvent,
  spawnCortado,
  upgraded,
} from '../support/e2e.ts';
import { until } from '../support/until.ts';

describe('cortado start on a fresh bench (a real process)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cortado-e2e-'));
  const sitesPath = join(root, 'sites');
  let proc: CortadoProcess;
  let base: string;

  before(async () => {
    proc = spawnCortado(
      ['--sites-path', sitesPath, 'start', '--port', '0', '--backend-port', '0', '--socketio-port', '0'],
      {
        ADMIN_PASSWORD: 'fresh-admin-pw',
      },
    );
    const port = await until(
      () => /open http:\/\/localhost:(\d+)\/app/.exec(proc.output())?.[1],
      'start banner',
      {
        timeoutMs: 60_000,
      },
    ).catch((error) => {
      throw new Error(`${error.message}\n${proc.output()}`);
    });
    base = `http://localhost:${port}`;
  });
  after(async () => {
    await proc.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the default site localhost on SQLite', () => {
    assert.ok(existsSync(join(sitesPath, 'localhost', 'site_config.json')));
    assert.equal(readFileSync(join(sitesPath, 'currentsite.txt'), 'utf8').trim(), 'localhost');
    assert.match(proc.output(), /Created site localhost \(SQLite\)/);
    assert.doesNotMatch(
      proc.output(),
      /Administrator password:/,
      'a password from ADMIN_PASSWORD is not echoed',
    );
  });

  it('sends a guest from /app to the login page, then logs in with the admin password', async () => {
    const desk = await fetch(`${base}/app`, { redirect: 'manual' });
    assert.equal(desk.status, 302);
    assert.match(desk.headers.get('location') ?? '', /^\/login\?redirect-to=/);
    const page = await fetch(`${base}/login`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form/i);

    const bad = await login(base, 'Administrator', 'wrong');
    assert.equal(bad.status, 401);
    const good = await login(base, 'Administrator', 'fresh-admin-pw');
    assert.equal(good.status, 200);
    assert.equal(good.body.message, 'Logged In');
    assert.ok(good.sid && /^[0-9a-f]{56}$/.test(good.sid));
    const shell = await fetch(`${base}/app`, { headers: { cookie: `sid=${good.sid}` } });
    assert.equal(shell.status, 200);
    assert.match(await shell.text(), /"user":"Administrator"/);
  });

  it('opens a live realtime connection through the router, polling-first and WebSocket-only', async () => {
    const { sid } = await login(base, 'Administrator', 'fresh-admin-pw');
    for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
      const socket = await connectSocket(base, 'localhost', { sid, transports: [...transports] });
      try {
        const pong = nextEvent(socket, 'pong');
        socket.emit('ping');
        await pong;
        if (transports.length === 2) await upgraded(socket);
      } finally {
        socket.close();
      }
    }
  });

  it('refuses a bad sid with a clear connect_error', async () => {
    await assert.rejects(connectSocket(base, 'localhost', { sid: 'f'.repeat(56) }), /Unauthorized/);
  });
});

describe('backend events reach the user over the embedded bus', () => {
  const root = mkdtempSync(join(tmpdir(), 'cortado-e2e-'));
  const bench = new Bench(join(root, 'sites'));
  let stack: Stack;
  let base: string;

  before(async () => {
    await createSite(bench, { name: 'localhost', dbType: 'sqlite', adminPassword: 'pw-1', setDefault: true });
    stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
    base = `http://localhost:${stack.port}`;
  });
  after(async () => {
    await stack.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
    it(`delivers a publish to user:Administrator (${transports.join(' then ')})`, async () => {
      const { sid } = await login(base, 'Administrator', 'pw-1');
      const socket = await connectSocket(base, 'localhost', { sid, transports: [...transports] });
      try {
        const received = nextEvent<{ text: string }>(socket, 'msgprint');
        await publishRealtime(stack.runtime.bus, {
          event: 'msgprint',
          message: { text: 'hello' },
          room: 'user:Administrator',
          namespace: 'localhost',
        });
        assert.deepEqual(await received, { text: 'hello' });
      } finally {
        socket.close();
      }
    });
  }
});
