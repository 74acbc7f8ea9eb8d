import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrontendConfig } from '../../src/frontend/index.ts';
import { parseDuration, parseSize } from '../../src/frontend/size.ts';

describe('frontend config from the environment', () => {
  it('uses frappe_docker defaults when nothing is set', () => {
    const c = parseFrontendConfig({});
    assert.deepEqual(c.backend, [{ host: '0.0.0.0', port: 8000 }]);
    assert.deepEqual(c.socketio, [{ host: '0.0.0.0', port: 9000 }]);
    assert.deepEqual(c.siteName, { mode: 'host' });
    assert.deepEqual(c.realIp, {
      from: [{ address: '127.0.0.1', prefix: 32, family: 'ipv4' }],
      header: 'x-forwarded-for',
      recursive: false,
    });
    assert.equal(c.proxyReadTimeoutMs, 120_000);
    assert.equal(c.clientMaxBodySize, 50 * 1024 * 1024);
    assert.equal(c.port, 8080);
    assert.equal(c.sitesPath, './sites');
    assert.equal(c.keepAliveTimeoutMs, 15_000);
    assert.equal(c.socketioKeepOrigin, false);
  });

  it('reads lists, IPv6 literals, CIDRs in both families and nginx units', () => {
    const c = parseFrontendConfig({
      BACKEND: 'backend-1:8000, backend-2:8001,[fd00::5]:8002',
      SOCKETIO: 'websocket',
      FRAPPE_SITE_NAME_HEADER: 'ERP.example.com',
      UPSTREAM_REAL_IP_ADDRESS: '10.0.0.0/8, 172.18.0.1, fd00::/8, ::1',
      UPSTREAM_REAL_IP_HEADER: 'X-Real-IP',
      UPSTREAM_REAL_IP_RECURSIVE: 'on',
      PROXY_READ_TIMEOUT: '2m',
      CLIENT_MAX_BODY_SIZE: '512k',
      FRONTEND_PORT: '9090',
      SITES_PATH: '/srv/sites',
      SOCKETIO_KEEP_ORIGIN: '1',
    });
    assert.deepEqual(c.backend, [
      { host: 'backend-1', port: 8000 },
      { host: 'backend-2', port: 8001 },
      { host: 'fd00::5', port: 8002 },
    ]);
    assert.deepEqual(c.socketio, [{ host: 'websocket', port: 80 }]);
    assert.deepEqual(c.siteName, { mode: 'fixed', name: 'erp.example.com' });
    assert.deepEqual(
      c.realIp.from.map((n) => `${n.address}/${n.prefix}/${n.family}`),
      ['10.0.0.0/8/ipv4', '172.18.0.1/32/ipv4', 'fd00::/8/ipv6', '::1/128/ipv6'],
    );
    assert.equal(c.realIp.header, 'x-real-ip');
    assert.equal(c.realIp.recursive, true);
    assert.equal(c.proxyReadTimeoutMs, 120_000);
    assert.equal(c.clientMaxBodySize, 512 * 1024);
    assert.equal(c.port, 9090);
    assert.equal(c.sitesPath, '/srv/sites');
    assert.equal(c.socketioKeepOrigin, true);
  });

  it('accepts $$host (the escaped form in compose files) as $host', () => {
    assert.deepEqual(parseFrontendConfig({ FRAPPE_SITE_NAME_HEADER: '$$host' }).siteName, { mode: 'host' });
  });

  it('fails with a one-line message naming the bad variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ BACKEND: 'http://backend:8000' }, 'BACKEND'],
      [{ SOCKETIO: 'websocket:99999' }, 'SOCKETIO'],
      [{ FRAPPE_SITE_NAME_HEADER: '../etc' }, 'FRAPPE_SITE_NAME_HEADER'],
      [{ UPSTREAM_REAL_IP_ADDRESS: '10.0.0.0/33' }, 'UPSTREAM_REAL_IP_ADDRESS'],
      [{ UPSTREAM_REAL_IP_ADDRESS: 'traefik' }, 'UPSTREAM_REAL_IP_ADDRESS'],
      [{ UPSTREAM_REAL_IP_HEADER: 'X Forwarded' }, 'UPSTREAM_REAL_IP_HEADER'],
      [{ UPSTREAM_REAL_IP_RECURSIVE: 'maybe' }, 'UPSTREAM_REAL_IP_RECURSIVE'],
      [{ PROXY_READ_TIMEOUT: 'soon' }, 'PROXY_READ_TIMEOUT'],
      [{ PROXY_READ_TIMEOUT: '0' }, 'PROXY_READ_TIMEOUT'],
      [{ CLIENT_MAX_BODY_SIZE: '50mb' }, 'CLIENT_MAX_BODY_SIZE'],
      [{ FRONTEND_PORT: 'eighty' }, 'FRONTEND_PORT'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => parseFrontendConfig(env),
        (err: Error) => err.message.startsWith(`${variable}=`) && !err.message.includes('\n'),
        variable,
      );
    }
  });

  it('parses nginx sizes and times, with fractional seconds for tiny test timeouts', () => {
    assert.equal(parseSize('50m'), 52_428_800);
    assert.equal(parseSize('16K'), 16_384);
    assert.equal(parseSize('1g'), 1_073_741_824);
    assert.equal(parseSize('0'), 0);
    assert.equal(parseSize('1.5m'), undefined);
    assert.equal(parseDuration('120'), 120_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('0.05'), 50);
    assert.equal(parseDuration('1 fortnight'), undefined);
  });
});
