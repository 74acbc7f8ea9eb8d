// Who the client is: the real-ip header only from trusted peers, https only from trusted peers,
// HSTS only on https, and spoofed headers overwritten upstream.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrontendServer } from '../../src/frontend/index.ts';
import { parseTrustedNetwork, realClient, TrustedProxies } from '../../src/frontend/real-ip.ts';
import { fetchRaw, startRouter, startUpstream, tempSites, type Upstream } from './helpers.ts';

const trust = (...cidrs: string[]) => new TrustedProxies(cidrs.map((c) => parseTrustedNetwork(c)!));

describe('real client address (nginx realip semantics)', () => {
  it('takes the last address from a trusted peer, the peer itself otherwise', () => {
    const t = trust('10.0.0.0/8');
    assert.equal(realClient('10.1.2.3', '198.51.100.1, 203.0.113.9', undefined, t, false).ip, '203.0.113.9');
    assert.equal(realClient('192.0.2.1', '203.0.113.9', undefined, t, false).ip, '192.0.2.1');
  });

  it('recursive mode walks from the right past trusted addresses', () => {
    const t = trust('10.0.0.0/8', 'fd00::/8');
    assert.equal(
      realClient('10.0.0.1', '203.0.113.9, 198.51.100.7, 10.0.0.2', undefined, t, true).ip,
      '198.51.100.7',
    );
    assert.equal(realClient('10.0.0.1', '10.0.0.3, 10.0.0.2', undefined, t, true).ip, '10.0.0.3');
    assert.equal(realClient('fd00::1', '2001:db8::5, fd00::2', undefined, t, true).ip, '2001:db8::5');
  });

  it('ignores garbage in the header and maps IPv4-mapped peers', () => {
    const t = trust('127.0.0.1');
    assert.equal(realClient('::ffff:127.0.0.1', 'not-an-ip', undefined, t, false).ip, '127.0.0.1');
    assert.equal(realClient('::ffff:127.0.0.1', '203.0.113.9', undefined, t, false).ip, '203.0.113.9');
  });

  it('believes X-Forwarded-Proto https only from a trusted peer', () => {
    const t = trust('10.0.0.0/8');
    assert.equal(realClient('10.0.0.1', undefined, 'https', t, false).proto, 'https');
    assert.equal(realClient('10.0.0.1', undefined, 'HTTPS, http', t, false).proto, 'https');
    assert.equal(realClient('192.0.2.1', undefined, 'https', t, false).proto, 'http');
  });
});

describe('real IP and proto through the router', () => {
  const sites = tempSites();
  let backend: Upstream;
  let trusted: FrontendServer;
  let untrusted: FrontendServer;
  let realIpHeader: FrontendServer;

  before(async () => {
    backend = await startUpstream();
    trusted = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      UPSTREAM_REAL_IP_ADDRESS: '127.0.0.0/8, ::1',
    });
    untrusted = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      UPSTREAM_REAL_IP_ADDRESS: '10.0.0.0/8',
    });
    realIpHeader = await startRouter({
      SITES_PATH: sites.path,
      BACKEND: backend.address,
      UPSTREAM_REAL_IP_HEADER: 'X-Real-IP',
    });
  });
  after(async () => {
    await Promise.all([trusted.close(), untrusted.close(), realIpHeader.close()]);
    await backend.close();
    sites.remove();
  });

  it('from a trusted proxy: the header gives the client, https is honoured and HSTS sent', async () => {
    const r = await fetchRaw(trusted.port, '/api/x', {
      headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' },
    });
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.headers['x-forwarded-for'], '203.0.113.9');
    assert.equal(seen.headers['x-forwarded-proto'], 'https');
    assert.equal(r.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains; preload');
  });

  it('from an untrusted peer: spoofed headers are ignored and overwritten, no HSTS', async () => {
    const r = await fetchRaw(untrusted.port, '/api/x', {
      headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' },
    });
    const seen = backend.requests.at(-1)!;
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(r.headers['strict-transport-security'], undefined);
    const page = await fetchRaw(untrusted.port, '/assets/missing.css', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(page.headers['strict-transport-security'], undefined);
  });

  it('HSTS is on error pages too when the scheme is https', async () => {
    const page = await fetchRaw(trusted.port, '/assets/missing.css', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(page.status, 404);
    assert.ok(page.headers['strict-transport-security']);
  });

  it('UPSTREAM_REAL_IP_HEADER selects the header to read', async () => {
    await fetchRaw(realIpHeader.port, '/api/x', {
      headers: { 'X-Real-IP': '198.51.100.4', 'X-Forwarded-For': '203.0.113.9' },
    });
    assert.equal(backend.requests.at(-1)!.headers['x-forwarded-for'], '198.51.100.4');
  });
});
