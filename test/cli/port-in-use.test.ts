// A port another process holds stops a service with one line naming the port and how to choose another.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { portInUse } from '../../src/cli/fail.ts';

describe('a port in use', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer();
      servers.push(server);
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server));
    });

  it('names the port and the options that change it', async () => {
    const first = await listen(0);
    const { port } = first.address() as { port: number };
    const error = await listen(port).then(
      () => undefined,
      (e: unknown) => e,
    );
    const line = portInUse(error);
    assert.ok(line, 'EADDRINUSE is recognised');
    assert.match(line, new RegExp(`^port ${port} is already in use`));
    assert.match(line, /--port <port>/);
    assert.match(line, /--backend-port/);
    assert.ok(!line.includes('\n'), 'one line');
  });

  it('leaves other errors alone', () => {
    assert.equal(portInUse(new Error('boom')), undefined);
    assert.equal(portInUse(undefined), undefined);
  });
});
