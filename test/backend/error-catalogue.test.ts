import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorPage, v1ErrorBody, v2ErrorBody, wantsJson } from '../../src/backend/error-render.ts';
import { matchParams } from '../../src/backend/methods.ts';
import { toFrappeError } from '../../src/backend/to-frappe-error.ts';
import { UniqueViolation } from '../../src/db/errors.ts';
import {
  AuthenticationError,
  CSRFTokenError,
  DataError,
  DocstatusTransitionError,
  DoesNotExistError,
  DuplicateEntryError,
  type FrappeError,
  FrappeTypeError,
  InReadOnlyMode,
  InvalidAuthorizationToken,
  LinkValidationError,
  MandatoryError,
  NameError,
  PermissionError,
  RateLimitExceededError,
  SessionExpired,
  SessionStopped,
  TimestampMismatchError,
  ValidationError,
} from '../../src/errors/index.ts';

describe('error catalogue', () => {
  it('gives each Frappe exception its exc_type and HTTP status', () => {
    const table: Array<[Error & { excType: string; status: number }, string, number]> = [
      [new ValidationError(), 'ValidationError', 417],
      [new MandatoryError(), 'MandatoryError', 417],
      [new TimestampMismatchError(), 'TimestampMismatchError', 417],
      [new DocstatusTransitionError(), 'DocstatusTransitionError', 417],
      [new LinkValidationError(), 'LinkValidationError', 417],
      [new DataError(), 'DataError', 417],
      [new FrappeTypeError(), 'FrappeTypeError', 417],
      [new AuthenticationError(), 'AuthenticationError', 401],
      [new SessionExpired(), 'SessionExpired', 401],
      [new PermissionError(), 'PermissionError', 403],
      [new DoesNotExistError(), 'DoesNotExistError', 404],
      [new DuplicateEntryError(), 'DuplicateEntryError', 409],
      [new NameError(), 'NameError', 409],
      [new CSRFTokenError(), 'CSRFTokenError', 400],
      [new InvalidAuthorizationToken(), 'InvalidAuthorizationToken', 400],
      [new RateLimitExceededError(), 'RateLimitExceededError', 429],
      [new SessionStopped(), 'SessionStopped', 503],
      [new InReadOnlyMode(), 'InReadOnlyMode', 503],
    ];
    for (const [error, excType, status] of table) {
      assert.equal(error.excType, excType);
      assert.equal(error.status, status, excType);
    }
    assert.ok(
      new MandatoryError() instanceof ValidationError,
      'subclasses stay catchable as ValidationError',
    );
  });

  it('renders the v1 envelope with all four keys, strings where Frappe sends strings', () => {
    const body = v1ErrorBody(new PermissionError());
    assert.equal(body.exc_type, 'PermissionError');
    assert.equal(body.exception, 'frappe.exceptions.PermissionError: Not permitted');
    assert.deepEqual(JSON.parse(body.exc as string), ['frappe.exceptions.PermissionError: Not permitted']);
    const messages = JSON.parse(body._server_messages as string) as string[];
    assert.equal(messages.length, 1);
    assert.deepEqual(JSON.parse(messages[0]!), {
      message: 'Not permitted',
      title: 'Message',
      indicator: 'red',
      raise_exception: 1,
    });
  });

  it('keeps keys the request set (like a failed login message) beside the error keys', () => {
    const body = v1ErrorBody(new AuthenticationError('Invalid login credentials'), {
      message: 'Invalid login credentials',
    });
    assert.equal(body.message, 'Invalid login credentials');
    assert.equal(body.exc_type, 'AuthenticationError');
  });

  it('renders the v2 envelope', () => {
    assert.deepEqual(v2ErrorBody(new DoesNotExistError('ToDo abc not found')), {
      errors: [
        { type: 'DoesNotExistError', message: 'ToDo abc not found', title: 'Message', indicator: 'red' },
      ],
      messages: [],
    });
  });

  it("titles messages as Frappe's msgprint does: 'Message' unless the thrower names one; pages keep theirs", () => {
    const titleOf = (error: FrappeError) =>
      JSON.parse((JSON.parse(v1ErrorBody(error)._server_messages as string) as string[])[0]!).title;
    assert.equal(titleOf(new PermissionError()), 'Message');
    assert.equal(titleOf(new DoesNotExistError()), 'Message');
    assert.equal(titleOf(new PermissionError('x', { title: 'Method Not Allowed' })), 'Method Not Allowed');
    assert.ok(errorPage(new PermissionError()).includes('<h1>Not Permitted</h1>'));
    assert.ok(errorPage(new DoesNotExistError()).includes('<h1>Not Found</h1>'));
  });

  it("names missing arguments as Python's TypeError does", () => {
    const spec = { type: 'string', required: true } as const;
    const missing = (names: string[]) => {
      try {
        matchParams(Object.fromEntries(names.map((n) => [n, spec])), {}, 'frappe.client.get');
      } catch (error) {
        return error as FrappeError;
      }
      throw new Error('no error');
    };
    assert.equal(missing(['doctype']).message, "get() missing 1 required positional argument: 'doctype'");
    assert.equal(missing(['a', 'b']).message, "get() missing 2 required positional arguments: 'a' and 'b'");
    assert.equal(
      missing(['a', 'b', 'c']).message,
      "get() missing 3 required positional arguments: 'a', 'b', and 'c'",
    );
    assert.equal(missing(['a']).excType, 'TypeError');
    assert.equal(
      missing(['a']).exceptionLine,
      "TypeError: get() missing 1 required positional argument: 'a'",
    );
  });

  it('escapes messages in the HTML error page', () => {
    const page = errorPage(new ValidationError('<img src=x onerror=alert(1)>'));
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!page.includes('<img'));
  });

  it('chooses JSON or HTML as Frappe does', () => {
    assert.equal(wantsJson({ path: '/api/method/x', accept: undefined, xRequestedWith: undefined }), true);
    assert.equal(wantsJson({ path: '/api/method/x', accept: '*/*', xRequestedWith: undefined }), true);
    assert.equal(
      wantsJson({ path: '/api/method/x', accept: 'text/html,*/*', xRequestedWith: undefined }),
      false,
    );
    assert.equal(wantsJson({ path: '/app', accept: 'text/html', xRequestedWith: undefined }), false);
    assert.equal(wantsJson({ path: '/app', accept: 'application/json', xRequestedWith: undefined }), true);
    assert.equal(wantsJson({ path: '/app', accept: '*/*', xRequestedWith: 'XMLHttpRequest' }), true);
    assert.equal(wantsJson({ path: '/app', accept: undefined, xRequestedWith: undefined }), false);
  });

  it('maps a database unique violation to DuplicateEntryError 409 and hides unknown errors behind a 500', () => {
    const duplicate = toFrappeError(new UniqueViolation({ column: 'email', primaryKey: false }));
    assert.equal(duplicate.excType, 'DuplicateEntryError');
    assert.equal(duplicate.status, 409);
    const unknown = toFrappeError(new Error('connection string postgres://secret@db'));
    assert.equal(unknown.status, 500);
    assert.ok(!unknown.message.includes('secret'));
    assert.ok(!JSON.stringify(v1ErrorBody(unknown)).includes('secret'));
  });
});
