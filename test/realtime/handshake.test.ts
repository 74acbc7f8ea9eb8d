// Reading a hostile handshake: which site it names, whether its Origin belongs, what credentials it carries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asDoctype, asName } from '../../src/realtime/client-args.ts';
import { cookieValue, credentialsOf } from '../../src/realtime/credentials.ts';
import { hostOf, originAllowed, originHostOf, siteOfHandshake } from '../../src/realtime/handshake-site.ts';

describe('site of a handshake', () => {
  test('X-Frappe-Site-Name wins, then Origin, then Host; lowercased, port stripped', () => {
    assert.deepEqual(
      siteOfHandshake({ 'x-frappe-site-name': 'Site1.Local:8000', origin: 'http://o.test', host: 'h.test' }),
      { site: 'site1.local', source: 'X-Frappe-Site-Name', raw: 'Site1.Local:8000' },
    );
    assert.equal(siteOfHandshake({ origin: 'https://O.test:8443', host: 'h.test' })?.site, 'o.test');
    assert.equal(siteOfHandshake({ host: 'H.test:8080' })?.site, 'h.test');
    assert.equal(siteOfHandshake({}), undefined);
  });

  test('a malformed X-Frappe-Site-Name decides (as undefined) rather than falling through to Host', () => {
    for (const bad of ['a b', 'x/../y', 'u@h.test', 'a.test, b.test', '-x.test']) {
      const got = siteOfHandshake({ 'x-frappe-site-name': bad, host: 'h.test' });
      assert.equal(got?.site, undefined, bad);
      assert.equal(got?.source, 'X-Frappe-Site-Name');
    }
  });

  test('an unusable Origin (null, other scheme, path) falls through to Host for the site', () => {
    for (const origin of ['null', 'file://', 'ftp://o.test', 'http://o.test/path', 'http://u@o.test']) {
      assert.equal(siteOfHandshake({ origin, host: 'h.test' })?.site, 'h.test', origin);
    }
  });

  test('host and origin parsing', () => {
    assert.equal(hostOf('[::1]:9000'), '[::1]');
    assert.equal(hostOf('a.test:99999999'), undefined);
    assert.equal(hostOf(['a.test']), undefined);
    assert.equal(originHostOf('http://A.test:80/'), 'a.test');
    assert.equal(originHostOf('javascript:alert(1)'), undefined);
  });
});

describe('origin check', () => {
  test('no Origin passes; Origin host must equal Host host or the site, ports ignored', () => {
    assert.equal(originAllowed({ host: 'h.test' }, 's.test'), true);
    assert.equal(originAllowed({ host: 'h.test:8080', origin: 'https://h.test' }, 's.test'), true);
    assert.equal(originAllowed({ host: 'backend:9000', origin: 'https://s.test:443' }, 's.test'), true);
    assert.equal(originAllowed({ host: 'h.test', origin: 'https://evil.test' }, 's.test'), false);
    assert.equal(originAllowed({ host: 'h.test', origin: 'null' }, 's.test'), false);
    assert.equal(originAllowed({ host: 'h.test', origin: 'https://h.test.evil.test' }, 's.test'), false);
  });
});

describe('credentials of a handshake', () => {
  test('auth.sid wins over the cookie; Authorization and auth.token are passed through', () => {
    assert.deepEqual(
      credentialsOf({
        headers: { cookie: 'sid=from-cookie', authorization: 'token k:s' },
        auth: { sid: 'from-auth', token: 'k2:s2' },
      }),
      { sid: 'from-auth', authorization: 'token k:s', token: 'k2:s2' },
    );
    assert.deepEqual(credentialsOf({ headers: { cookie: 'x=1; sid="a%20b"' }, auth: {} }), { sid: 'a b' });
  });

  test('wrong types and oversized values are dropped', () => {
    assert.deepEqual(
      credentialsOf({ headers: { authorization: 'x'.repeat(9000) }, auth: { sid: 42, token: { a: 1 } } }),
      {},
    );
    assert.deepEqual(credentialsOf({ headers: { cookie: `sid=${'a'.repeat(300)}` }, auth: null }), {});
    assert.deepEqual(credentialsOf({ headers: {}, auth: ['sid'] }), {});
  });

  test('cookieValue takes the first occurrence and tolerates bad encoding', () => {
    assert.equal(cookieValue('sid=one; sid=two', 'sid'), 'one');
    assert.equal(cookieValue('xsid=no; sid=%E0%A4%A', 'sid'), '%E0%A4%A');
    assert.equal(cookieValue('sid=', 'sid'), undefined);
    assert.equal(cookieValue(undefined, 'sid'), undefined);
  });
});

describe('client arguments', () => {
  test('names are non-empty strings of at most 140 characters without control characters', () => {
    assert.equal(asName('TD-0001'), 'TD-0001');
    assert.equal(asName('a/b'), 'a/b');
    assert.equal(asName('x'.repeat(140))?.length, 140);
    for (const bad of ['', 'x'.repeat(141), 'a\nb', 42, null, {}, ['a']])
      assert.equal(asName(bad), undefined);
    assert.equal(asDoctype('Sales Invoice'), 'Sales Invoice');
    assert.equal(asDoctype('A/B'), undefined);
  });
});
