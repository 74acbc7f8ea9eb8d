import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Bench, SiteNotFoundError } from '../../src/config/bench.ts';
import { configuratorValues, envOverrides } from '../../src/config/env.ts';
import { ConfigError } from '../../src/config/errors.ts';

function tempBench(common: unknown = {}): Bench {
  const sites = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'sites');
  mkdirSync(sites);
  writeFileSync(join(sites, 'common_site_config.json'), JSON.stringify(common));
  return new Bench(sites);
}

function addSite(bench: Bench, name: string, config: unknown): void {
  mkdirSync(bench.sitePath(name));
  writeFileSync(bench.siteConfigPath(name), JSON.stringify(config));
}

describe('bench layout', () => {
  it('merges common config under the site config, site keys winning', () => {
    const bench = tempBench({ db_host: 'db', redis_cache: 'redis://cache:6379', custom_key: 7 });
    addSite(bench, 'a.localhost', { db_name: 'a', db_host: 'other-db' });
    const config = bench.siteConfig('a.localhost');
    assert.equal(config.db_host, 'other-db');
    assert.equal(config.db_name, 'a');
    assert.equal(config.redis_cache, 'redis://cache:6379');
    assert.equal(config.custom_key, 7, 'unknown keys pass through for apps that read them');
  });

  it('lists only folders that hold a site_config.json, and reads the default site', () => {
    const bench = tempBench({ default_site: 'b.localhost' });
    addSite(bench, 'b.localhost', {});
    addSite(bench, 'a.localhost', {});
    mkdirSync(join(bench.sitesPath, 'assets'));
    assert.deepEqual(bench.listSites(), ['a.localhost', 'b.localhost']);
    assert.equal(bench.defaultSite(), 'b.localhost');
    bench.setDefaultSite('a.localhost');
    assert.equal(readFileSync(join(bench.sitesPath, 'currentsite.txt'), 'utf8').trim(), 'a.localhost');
    assert.equal(bench.defaultSite(), 'a.localhost', 'currentsite.txt wins over default_site');
  });

  it('names the file and key of an invalid value in a one-line error', () => {
    const bench = tempBench({ db_port: 'not-a-port' });
    assert.throws(
      () => bench.commonConfig(),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.startsWith(bench.commonConfigPath) &&
        error.message.includes('db_port') &&
        !error.message.includes('\n'),
    );
  });

  it('rejects a config file that is not a JSON object, naming the file', () => {
    const bench = tempBench();
    writeFileSync(bench.commonConfigPath, '{ broken');
    assert.throws(() => bench.commonConfig(), /common_site_config\.json: \(file\): not valid JSON/);
    addSite(bench, 'x.localhost', []);
    writeFileSync(bench.commonConfigPath, '{}');
    assert.throws(
      () => bench.siteConfig('x.localhost'),
      /site_config\.json: \(file\): expected a JSON object/,
    );
  });

  it('treats unknown and path-like site names as missing sites', () => {
    const bench = tempBench();
    assert.throws(() => bench.siteConfig('nope.localhost'), SiteNotFoundError);
    assert.throws(() => bench.siteConfig('../etc'), /does not exist/);
    assert.equal(bench.hasSite('..'), false);
  });

  it('validates before writing, so a bad set-config changes nothing', () => {
    const bench = tempBench({ db_port: 3306 });
    assert.throws(() => bench.updateCommonConfig({ db_port: 70000 }), ConfigError);
    assert.equal(bench.commonConfig().db_port, 3306);
    bench.updateCommonConfig({ db_port: 5432 });
    assert.equal(bench.commonConfig().db_port, 5432);
  });
});

describe('environment', () => {
  it('overrides config with FRAPPE_* variables', () => {
    assert.deepEqual(envOverrides({ FRAPPE_DB_HOST: 'pg', FRAPPE_REDIS_CACHE: 'redis://c:6379' }), {
      db_host: 'pg',
      redis_cache: 'redis://c:6379',
    });
  });

  it("turns frappe_docker's configurator variables into common config keys", () => {
    assert.deepEqual(
      configuratorValues({
        DB_HOST: 'db',
        DB_PORT: '3306',
        REDIS_CACHE: 'redis-cache:6379',
        SOCKETIO_PORT: '9000',
      }),
      { db_host: 'db', db_port: 3306, redis_cache: 'redis://redis-cache:6379', socketio_port: 9000 },
    );
  });
});
