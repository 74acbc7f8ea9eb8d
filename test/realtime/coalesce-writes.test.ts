// One writev per socket and tick: what a room broadcast's frames to one socket become, without losing or
// reordering a byte.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { coalesceWrites } from '../../src/realtime/coalesce-writes.ts';

/** A connected loopback pair: `client` writes, `received()` is everything the server side has read. */
async function pair() {
  const chunks: Buffer[] = [];
  const server = createServer((s) => s.on('data', (d: Buffer) => chunks.push(d)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket: Socket = connect((server.address() as { port: number }).port, '127.0.0.1');
  await once(socket, 'connect');
  return {
    socket,
    received: () => Buffer.concat(chunks).toString(),
    close: async () => {
      socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Counts the system-call-level writes the stream makes (`_write` for one chunk, `_writev` for several). */
function countWrites(socket: Socket): { single: number; vector: number; chunks: number } {
  const counts = { single: 0, vector: 0, chunks: 0 };
  const internals = socket as unknown as {
    _write: (...a: unknown[]) => void;
    _writev: (chunks: unknown[], cb: unknown) => void;
  };
  const [write, writev] = [internals._write, internals._writev];
  internals._write = function (...a) {
    counts.single++;
    counts.chunks++;
    return write.apply(this, a);
  };
  internals._writev = function (chunks, cb) {
    counts.vector++;
    counts.chunks += chunks.length;
    return writev.call(this, chunks, cb);
  };
  return counts;
}

test('writes within one tick leave as one writev, in order; later ticks get their own', async () => {
  const p = await pair();
  try {
    coalesceWrites(p.socket);
    const counts = countWrites(p.socket);
    for (const part of ['a', 'b', 'c', 'd']) p.socket.write(part);
    assert.equal(counts.single + counts.vector, 0, 'nothing is written before the tick ends');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual({ ...counts }, { single: 0, vector: 1, chunks: 4 });
    const done = new Promise((resolve) => p.socket.write('e', resolve));
    await done;
    assert.equal(counts.single, 1, 'a lone write in a later tick is sent on its own');
    while (p.received().length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(p.received(), 'abcde');
  } finally {
    await p.close();
  }
});

test('write callbacks still fire, and a socket destroyed before the tick ends throws nothing', async () => {
  const p = await pair();
  try {
    coalesceWrites(p.socket);
    const written = new Promise((resolve) => p.socket.write('x', resolve));
    p.socket.write('y');
    assert.ok(!(await written), 'the write succeeded');
    p.socket.write('z');
    p.socket.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(p.socket.destroyed, true);
  } finally {
    await p.close();
  }
});
