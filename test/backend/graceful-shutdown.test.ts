// A backend closing (SIGTERM) while requests are in flight: they finish with their own answers and
// Connection: close, nothing new is accepted, idle keep-alive connections are closed, and a request that outlives
// the grace period is cut off so the process can exit.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { closeBackend } from '../../src/backend/server.ts';
import { testMethods } from '../support/backend-methods.ts';
import { createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** A gate the test opens: `test.wait` requests block on it and count themselves in. */
function gatedMethods() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = { waiting: 0 };
  const methods = testMethods();
  methods.whitelist('test.wait', { allowGuest: true }, async () => {
    state.waiting++;
    await gate;
    return 'done';
  });
  methods.whitelist('test.forever', { allowGuest: true }, async () => {
    state.waiting++;
    return new Promise(() => {});
  });
  return { methods, open, state };
}

function get(port: number, path: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent, headers: { host: testSite } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
    });
    request.on('error', reject);
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return get(port, '/health', new http.Agent()).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );
}

for (const kind of databases) {
  describe(`${kind}: graceful backend shutdown`, () => {
    it('finishes requests in flight with their own answers and Connection: close, accepts nothing new, closes idle connections', async () => {
      const { methods, open, state } = gatedMethods();
      const t = await createBackendSite(kind, { listen: true, methods });
      const port = t.port!;
      const agent = new http.Agent({ keepAlive: true });
      const idleAgent = new http.Agent({ keepAlive: true });
      try {
        // An idle keep-alive connection, and two requests in flight on connections of their own.
        const warm = await get(port, '/api/method/test.nothing', idleAgent);
        assert.equal(warm.connection, 'keep-alive');
        const idleSocket = Object.values(idleAgent.freeSockets)[0]![0]!;
        let idleClosed = false;
        idleSocket.on('close', () => {
          idleClosed = true;
        });
        const inFlight = [
          get(port, '/api/method/test.wait', agent),
          get(port, '/api/method/test.wait', agent),
        ];
        await until(() => state.waiting === 2, 'both requests in their handler');

        let closed = false;
        const closing = closeBackend(t.app, 30_000).then(() => {
          closed = true;
        });
        await until(() => refusesConnections(port), 'new connections refused');
        await until(() => idleClosed, 'the idle keep-alive connection closed by the server');
        assert.equal(closed, false, 'still draining while requests run');

        open();
        for (const answer of await Promise.all(inFlight)) {
          assert.equal(answer.status, 200);
          assert.deepEqual(JSON.parse(answer.body), { message: 'done' });
          assert.equal(answer.connection, 'close', 'the last response closes its connection politely');
        }
        await closing;
      } finally {
        agent.destroy();
        idleAgent.destroy();
        await t.close();
      }
    });

    it('cuts off a request still running after the grace period, so that the process can exit', async () => {
      const { methods, state } = gatedMethods();
      const t = await createBackendSite(kind, { listen: true, methods });
      const agent = new http.Agent({ keepAlive: true });
      try {
        const stuck = get(t.port!, '/api/method/test.forever', agent).then(
          () => 'answered',
          () => 'cut off',
        );
        await until(() => state.waiting === 1, 'the request in its handler');
        await closeBackend(t.app, 200);
        assert.equal(await stuck, 'cut off');
      } finally {
        agent.destroy();
        await t.close();
      }
    });
  });
}
