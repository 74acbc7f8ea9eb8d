import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectArguments, isJsonContentType } from '../../src/backend/arguments.ts';
import { MethodRegistry, matchParams } from '../../src/backend/methods.ts';

describe('request arguments (docs/wire.md §2)', () => {
  it('takes a JSON body alone, ignoring the query string', () => {
    const args = collectArguments({ json: true, body: { a: 1 }, query: { b: '2' } });
    assert.deepEqual({ ...args }, { a: 1 });
  });

  it('puts a JSON array body under `data`', () => {
    assert.deepEqual({ ...collectArguments({ json: true, body: [1, 2], query: {} }) }, { data: [1, 2] });
  });

  it('refuses a JSON scalar body with a ValidationError', () => {
    assert.throws(() => collectArguments({ json: true, body: 'x', query: {} }), {
      excType: 'ValidationError',
    });
  });

  it('merges query and form fields (form wins, first of repeated keys) and drops `_`', () => {
    const args = collectArguments({
      json: false,
      body: { a: 'form', c: ['1', '2'] },
      query: { a: 'query', b: 'q', _: '123' },
    });
    assert.deepEqual({ ...args }, { a: 'form', b: 'q', c: '1' });
  });

  it('uses the query string when a JSON body is empty', () => {
    assert.deepEqual({ ...collectArguments({ json: true, body: undefined, query: { a: '1' } }) }, { a: '1' });
  });

  it('keeps a hostile `__proto__` key inert', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const args = collectArguments({ json: true, body, query: {} });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((args as { polluted?: unknown }).polluted, undefined);
    assert.equal(args.a, 1);
  });

  it('recognises JSON content types', () => {
    assert.equal(isJsonContentType('application/json; charset=utf-8'), true);
    assert.equal(isJsonContentType('application/merge-patch+json'), true);
    assert.equal(isJsonContentType('application/x-www-form-urlencoded'), false);
    assert.equal(isJsonContentType(undefined), false);
  });
});

describe('declared parameters', () => {
  const params = {
    name: { type: 'string', required: true },
    limit: { type: 'int' },
    ratio: { type: 'float' },
    flag: { type: 'boolean' },
    filters: { type: ['object', 'array'] },
  } as const;

  it('converts form strings to the declared types and drops unknown arguments', () => {
    const args = matchParams(params, {
      name: 'x',
      limit: '20',
      ratio: '0.5',
      flag: '1',
      filters: '{"a":1}',
      extra: 'y',
    });
    assert.deepEqual({ ...args }, { name: 'x', limit: 20, ratio: 0.5, flag: true, filters: { a: 1 } });
  });

  it('rejects values of the wrong type with FrappeTypeError 417', () => {
    assert.throws(() => matchParams(params, { name: 5 }), { excType: 'FrappeTypeError', status: 417 });
    assert.throws(() => matchParams(params, { name: 'x', limit: 'ten' }), { excType: 'FrappeTypeError' });
    assert.throws(() => matchParams(params, { name: 'x', limit: 1.5 }), { excType: 'FrappeTypeError' });
    assert.throws(() => matchParams(params, { name: 'x', flag: 'maybe' }), { excType: 'FrappeTypeError' });
    assert.throws(() => matchParams(params, { name: 'x', filters: 'not json' }), {
      excType: 'FrappeTypeError',
    });
  });

  it('requires required parameters', () => {
    assert.throws(() => matchParams(params, {}), /missing 1 required positional argument: 'name'/);
  });

  it('refuses to register a name twice or an ill-formed name', () => {
    const registry = new MethodRegistry();
    registry.whitelist('app.api.one', {}, () => 1);
    assert.throws(() => registry.whitelist('app.api.one', {}, () => 2), /already whitelisted/);
    assert.throws(() => registry.whitelist('../evil', {}, () => 2), /invalid method name/);
  });
});
