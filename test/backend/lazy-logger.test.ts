import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { LazyChildLogger } from '../../src/backend/lazy-logger.ts';

function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>>; children: () => number } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  let made = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof child>) => {
    made += 1;
    return child(...args);
  }) as typeof logger.child;
  return { logger, lines, children: () => made };
}

test('a request logger makes its pino child only when it first logs, and its lines carry the bindings', async () => {
  const { logger, lines, children } = capture();
  const quiet = new LazyChildLogger(logger as unknown as FastifyBaseLogger, { reqId: 'r-1' }, {});
  assert.equal(quiet.level, 'info');
  quiet.debug('below the level');
  const loud = new LazyChildLogger(logger as unknown as FastifyBaseLogger, { reqId: 'r-2' }, {});
  assert.equal(children(), 0, 'a call below the level makes no child');
  loud.warn({ site: 'a.localhost' }, 'unknown site');
  loud.info('again');
  assert.equal(children(), 1, 'the logger that logged made one child, once');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.site, l.msg]),
    [
      ['r-2', 'a.localhost', 'unknown site'],
      ['r-2', undefined, 'again'],
    ],
  );
  const routeLevel = new LazyChildLogger(
    logger as unknown as FastifyBaseLogger,
    { reqId: 'r-3' },
    { level: 'error' },
  );
  assert.equal(routeLevel.level, 'error', "a route's own level is told before any child exists");
});
