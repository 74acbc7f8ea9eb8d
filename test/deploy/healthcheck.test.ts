// deploy/healthcheck.mjs (cortado-healthcheck in the image) against real HTTP servers on loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deployDir } from './support/tools.ts';

const script = join(deployDir, 'healthcheck.mjs');

/** Runs the healthcheck with `env`, resolving its exit code (async: the servers live in this process). */
function healthcheck(args: string[], env: Record<string, string> = {}): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH, HEALTHCHECK_TIMEOUT_MS: '1000', ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

async function serve(status: number): Promise<{ server: Server; port: string }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? status : 404, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: String((server.address() as AddressInfo).port) };
}

describe('cortado-healthcheck', () => {
  const servers: Server[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cortado-healthcheck-'));
  after(() => {
    for (const server of servers) server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each HTTP role probes GET /health on its own port variable', async () => {
    const healthy = await serve(200);
    servers.push(healthy.server);
    assert.equal(await healthcheck(['frontend'], { FRONTEND_PORT: healthy.port }), 0);
    assert.equal(await healthcheck(['backend'], { BACKEND_PORT: healthy.port }), 0);
    assert.equal(await healthcheck(['websocket'], { SOCKETIO_PORT: healthy.port }), 0);
    assert.equal(await healthcheck(['start'], { FRONTEND_PORT: healthy.port }), 0);
    // The role may come from the environment instead of an argument.
    assert.equal(await healthcheck([], { CORTADO_ROLE: 'backend', BACKEND_PORT: healthy.port }), 0);
  });

  test('an error status, a closed port or a hung server is unhealthy', async () => {
    const failing = await serve(503);
    servers.push(failing.server);
    assert.equal(await healthcheck(['backend'], { BACKEND_PORT: failing.port }), 1);
    const closed = await serve(200);
    await new Promise((resolve) => closed.server.close(resolve));
    assert.equal(await healthcheck(['backend'], { BACKEND_PORT: closed.port }), 1);
    const hung = createServer(() => {});
    servers.push(hung);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = String((hung.address() as AddressInfo).port);
    assert.equal(await healthcheck(['backend'], { BACKEND_PORT: port, HEALTHCHECK_TIMEOUT_MS: '300' }), 1);
    hung.closeAllConnections();
  });

  test('workers and the scheduler answer through `cortado health <role>`', async () => {
    const stub = join(dir, 'cortado');
    writeFileSync(
      stub,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script, not a template
      '#!/bin/sh\n[ "$1" = health ] && [ "$2" = "$EXPECT_ROLE" ] && exit "${STUB_EXIT:-0}"\nexit 99\n',
    );
    chmodSync(stub, 0o755);
    assert.equal(await healthcheck(['worker'], { CORTADO_BIN: stub, EXPECT_ROLE: 'worker' }), 0);
    assert.equal(
      await healthcheck(['scheduler'], { CORTADO_BIN: stub, EXPECT_ROLE: 'scheduler', STUB_EXIT: '1' }),
      1,
    );
  });

  test('one-shot roles and other commands have nothing to probe', async () => {
    for (const role of ['configurator', 'migrate', 'backup', 'create-site', 'list-sites']) {
      assert.equal(await healthcheck([role]), 0, role);
    }
  });
});
