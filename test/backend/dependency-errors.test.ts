// What a request is answered when a dependency failed: named 503/504 errors in Frappe's envelope, never the
// driver's message or an address, found through wrapping causes too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v1ErrorBody } from '../../src/backend/error-render.ts';
import { toFrappeError } from '../../src/backend/to-frappe-error.ts';
import { BusUnavailableError } from '../../src/bus/errors.ts';
import { CacheUnavailableError } from '../../src/cache/errors.ts';
import { DbError, DbTimeoutError, DbUnavailableError } from '../../src/db/errors.ts';
import { QueueUnavailableError } from '../../src/jobs/errors.ts';

const refused = new Error('connect ECONNREFUSED 10.0.0.7:6379');

describe('dependency failures as answers', () => {
  const table: Array<[string, unknown, string, number, RegExp]> = [
    [
      'cache',
      new CacheUnavailableError('redis://cache:6379', refused),
      'CacheUnavailable',
      503,
      /cache is unavailable/,
    ],
    ['queue', new QueueUnavailableError('redis://queue:6379', refused), 'QueueUnavailable', 503, /job queue/],
    ['bus', new BusUnavailableError('redis://queue:6379', refused), 'QueueUnavailable', 503, /job queue/],
    [
      'database',
      new DbUnavailableError('connect ECONNREFUSED 10.0.0.8:5432', { code: 'ECONNREFUSED' }),
      'DatabaseUnavailable',
      503,
      /database is unavailable/,
    ],
    [
      'statement',
      new DbTimeoutError('canceling statement due to statement timeout', { code: '57014' }),
      'QueryTimeoutError',
      504,
      /did not answer in time/,
    ],
    [
      'sqlite busy',
      new DbError('database is locked', { code: 'SQLITE_BUSY' }),
      'QueryTimeoutError',
      504,
      /did not answer in time/,
    ],
    [
      'wrapped',
      new Error('could not load the session', {
        cause: new CacheUnavailableError('redis://cache:6379', refused),
      }),
      'CacheUnavailable',
      503,
      /cache/,
    ],
  ];
  for (const [what, error, excType, status, message] of table) {
    it(`${what}: ${status} ${excType}, with no address or driver detail in the body`, () => {
      const rendered = toFrappeError(error);
      assert.equal(rendered.excType, excType);
      assert.equal(rendered.status, status);
      assert.match(rendered.message, message);
      const body = JSON.stringify(v1ErrorBody(rendered));
      assert.doesNotMatch(body, /10\.0\.0\.|ECONNREFUSED|redis:\/\/|statement timeout|locked/);
    });
  }

  it('any other database error is still a plain 500', () => {
    const rendered = toFrappeError(new DbError('syntax error at or near "x"', { code: '42601' }));
    assert.equal(rendered.status, 500);
    assert.equal(rendered.message, 'Internal Server Error');
  });
});
