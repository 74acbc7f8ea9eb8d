// deploy/compose.yaml and its overrides, rendered by docker-compose with deploy/example.env for every
// documented combination: the services, healthchecks, start order and settings a deployment relies on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configuratorValues } from '../../src/config/env.ts';
import { commonConfigSchema } from '../../src/config/schema.ts';
import { parseFrontendConfig } from '../../src/frontend/config.ts';
import {
  type ComposeConfig,
  cleanEnv,
  commandOf,
  composeArgs,
  dependsOn,
  envOf,
  labelsOf,
  mountsOf,
  portsOf,
  renderCompose,
} from './support/compose-config.ts';
import { entrypointRoles } from './support/roles.ts';
import { deployDir, exists, findCompose, run, suiteOptions } from './support/tools.ts';

const compose = findCompose();

/** The combinations docs/deploy.md documents: overrides on top of compose.yaml (plus environment). */
const combinations: Record<string, { overrides: string[]; env?: Record<string, string> }> = {
  'single server with MariaDB': { overrides: ['mariadb', 'redis', 'noproxy'] },
  'single server with PostgreSQL': { overrides: ['postgres', 'redis', 'noproxy'] },
  'Traefik over HTTP': { overrides: ['mariadb', 'redis', 'proxy'] },
  "Traefik with Let's Encrypt": { overrides: ['mariadb', 'redis', 'https'] },
  'Caddy with automatic HTTPS': { overrides: ['postgres', 'redis', 'caddy'] },
  'nginx-proxy with acme-companion': { overrides: ['mariadb', 'redis', 'nginxproxy'] },
  'first site, migrations and backups': {
    overrides: ['mariadb', 'redis', 'noproxy', 'create-site', 'migrator', 'backup-cron'],
  },
  'port-based multi-tenancy': { overrides: ['mariadb', 'redis', 'multi-tenancy-ports'] },
  'external database and Redis': {
    overrides: ['noproxy'],
    env: {
      DB_HOST: 'db.internal',
      DB_PORT: '3306',
      DB_TYPE: 'mariadb',
      REDIS_CACHE: 'cache.internal:6379',
      REDIS_QUEUE: 'queue.internal:6380',
    },
  },
};

const roleServices: Record<string, string[]> = {
  configurator: ['configurator'],
  backend: ['backend'],
  frontend: ['frontend'],
  websocket: ['websocket'],
  'queue-short': ['worker', '--queue', 'short,default'],
  'queue-long': ['worker', '--queue', 'long,default,short'],
  scheduler: ['scheduler'],
};
const oneShot = new Set(['configurator', 'create-site', 'migrator']);
// Helpers of third-party proxies whose images carry no probe of their own.
const unprobed = new Set(['nginx-proxy', 'acme-companion', 'ofelia']);
const privateRanges = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16';

/** What every combination must give. */
function assertBase(config: ComposeConfig): void {
  const { services } = config;
  for (const [name, command] of Object.entries(roleServices)) {
    assert.ok(services[name], `service ${name}`);
    assert.deepEqual(commandOf(services[name]), command, `${name} command`);
    assert.ok(mountsOf(services[name]).includes('sites:/home/cortado/bench/sites'), `${name} mounts sites`);
  }
  for (const [name, service] of Object.entries(services)) {
    if (oneShot.has(name)) {
      assert.equal(service.restart, 'no', `${name} is one-shot and must not restart`);
    } else if (!unprobed.has(name)) {
      assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
    }
    // Every service of the Cortado image runs a role the entrypoint knows.
    if (String(service.image).startsWith('cortado:')) {
      assert.ok(entrypointRoles.includes(commandOf(service)[0]!), `${name} runs a known role`);
    }
  }
  for (const role of ['backend', 'frontend', 'websocket']) {
    assert.deepEqual(services[role]!.healthcheck.test, ['CMD', 'cortado-healthcheck', role]);
  }
  for (const name of ['backend', 'websocket', 'queue-short', 'queue-long', 'scheduler']) {
    assert.equal(
      dependsOn(services[name]!).configurator,
      'service_completed_successfully',
      `${name} after configurator`,
    );
  }
  assert.deepEqual(dependsOn(services.frontend!), {
    backend: 'service_healthy',
    websocket: 'service_healthy',
  });
  // Scaling: nothing pins backend or websocket to one container.
  for (const name of ['backend', 'websocket']) {
    assert.equal(services[name]!.container_name, undefined, `${name} has no container_name`);
    assert.deepEqual(portsOf(services[name]!), [], `${name} publishes no port`);
  }
  assert.ok('sites' in config.volumes);

  // The router accepts its environment as rendered, and upstreams are the (scalable) service names.
  const router = parseFrontendConfig(envOf(services.frontend!));
  assert.deepEqual(router.backend, [{ host: 'backend', port: 8000 }]);
  assert.deepEqual(router.socketio, [{ host: 'websocket', port: 9000 }]);
  assert.deepEqual(router.siteName, { mode: 'host' });
  assert.equal(router.proxyReadTimeoutMs, 120_000);
  assert.equal(router.clientMaxBodySize, 50 * 1024 * 1024);
  assert.equal(router.realIp.header, 'x-forwarded-for');
  assert.equal(router.realIp.recursive, false);

  // The configurator's environment makes a valid common config with Redis for cache and queue.
  const common = commonConfigSchema.parse(configuratorValues(envOf(services.configurator!)));
  assert.match(common.redis_cache ?? '', /^redis:\/\//);
  assert.match(common.redis_queue ?? '', /^redis:\/\//);
  assert.equal(common.socketio_port, 9000);
}

const trustsComposeNetwork = (config: ComposeConfig) =>
  assert.equal(envOf(config.services.frontend!).UPSTREAM_REAL_IP_ADDRESS, privateRanges);

/** What each override adds, checked wherever it is used. */
const overrideChecks: Record<string, (config: ComposeConfig) => void> = {
  mariadb({ services }) {
    assert.match(services.db!.image, /^mariadb:/);
    assert.ok(commandOf(services.db!).includes('--character-set-server=utf8mb4'));
    assert.ok(services.db!.healthcheck.test.includes('healthcheck.sh'));
    assert.equal(dependsOn(services.configurator!).db, 'service_healthy');
    const common = configuratorValues(envOf(services.configurator!));
    assert.deepEqual([common.db_host, common.db_port, common.db_type], ['db', 3306, 'mariadb']);
  },
  postgres({ services }) {
    assert.match(services.db!.image, /^postgres:/);
    assert.equal(envOf(services.db!).POSTGRES_PASSWORD, 'changeme');
    assert.equal(dependsOn(services.configurator!).db, 'service_healthy');
    const common = configuratorValues(envOf(services.configurator!));
    assert.deepEqual([common.db_host, common.db_port, common.db_type], ['db', 5432, 'postgres']);
  },
  redis({ services }) {
    for (const name of ['redis-cache', 'redis-queue']) {
      assert.deepEqual(services[name]!.healthcheck.test, ['CMD', 'redis-cli', 'ping']);
      assert.equal(dependsOn(services.configurator!)[name], 'service_healthy');
    }
    assert.ok(commandOf(services['redis-queue']!).includes('noeviction'), 'queue keys are never evicted');
    const common = configuratorValues(envOf(services.configurator!));
    assert.equal(common.redis_cache, 'redis://redis-cache:6379');
    assert.equal(common.redis_queue, 'redis://redis-queue:6379');
  },
  noproxy({ services }) {
    assert.deepEqual(portsOf(services.frontend!), ['8080:8080']);
  },
  proxy(config) {
    const labels = labelsOf(config.services.frontend!);
    assert.equal(labels['traefik.enable'], 'true');
    assert.equal(labels['traefik.http.services.cortado.loadbalancer.server.port'], '8080');
    assert.deepEqual(portsOf(config.services.proxy!), ['80:80']);
    trustsComposeNetwork(config);
  },
  https(config) {
    const labels = labelsOf(config.services.frontend!);
    assert.equal(labels['traefik.http.routers.cortado-https.rule'], 'Host(`erp.example.com`)');
    assert.equal(labels['traefik.http.routers.cortado-https.tls.certresolver'], 'main-resolver');
    const proxy = config.services.proxy!;
    assert.ok(commandOf(proxy).includes('--certificatesresolvers.main-resolver.acme.email=mail@example.com'));
    assert.ok(commandOf(proxy).includes('--entrypoints.web.http.redirections.entrypoint.scheme=https'));
    assert.deepEqual(portsOf(proxy).sort(), ['443:443', '80:80']);
    assert.ok('cert-data' in config.volumes);
    trustsComposeNetwork(config);
  },
  caddy(config) {
    const caddy = config.services.caddy!;
    assert.deepEqual(envOf(caddy), { CADDY_SITES: 'erp.localhost', CADDY_TLS: 'internal' });
    assert.deepEqual(portsOf(caddy).sort(), ['443:443', '443:443/udp', '80:80']);
    assert.equal(dependsOn(caddy).frontend, 'service_healthy');
    const caddyfile = mountsOf(caddy)
      .find((m) => m.endsWith(':/etc/caddy/Caddyfile'))!
      .split(':')[0]!;
    assert.ok(exists(caddyfile), `${caddyfile} exists`);
    const text = readFileSync(caddyfile, 'utf8');
    assert.match(text, /\{\$CADDY_SITES\} \{/);
    assert.match(text, /tls \{\$CADDY_TLS\}/);
    assert.match(text, /reverse_proxy frontend:8080/);
    trustsComposeNetwork(config);
  },
  nginxproxy(config) {
    const env = envOf(config.services.frontend!);
    assert.deepEqual(
      [env.VIRTUAL_HOST, env.VIRTUAL_PORT, env.LETSENCRYPT_HOST],
      ['erp.example.com', '8080', 'erp.example.com'],
    );
    assert.equal(envOf(config.services['acme-companion']!).DEFAULT_EMAIL, 'mail@example.com');
    const conf = mountsOf(config.services['nginx-proxy']!).find((m) =>
      m.endsWith(':/etc/nginx/conf.d/cortado.conf'),
    );
    const text = readFileSync(conf!.split(':')[0]!, 'utf8');
    assert.match(text, /client_max_body_size 50m;/);
    assert.match(text, /proxy_read_timeout 120s;/);
    trustsComposeNetwork(config);
  },
  'create-site'({ services }) {
    const site = services['create-site']!;
    assert.deepEqual(commandOf(site), ['create-site']);
    const env = envOf(site);
    assert.deepEqual(
      [env.SITE_NAME, env.ADMIN_PASSWORD, env.DB_ROOT_PASSWORD],
      ['erp.localhost', 'changeme', 'changeme'],
    );
    assert.equal(dependsOn(site).configurator, 'service_completed_successfully');
    assert.equal(dependsOn(services.backend!)['create-site'], 'service_completed_successfully');
  },
  migrator({ services }) {
    assert.deepEqual(commandOf(services.migrator!), ['migrate']);
    assert.equal(dependsOn(services.migrator!).configurator, 'service_completed_successfully');
    for (const name of ['backend', 'websocket', 'queue-short', 'queue-long', 'scheduler']) {
      assert.equal(
        dependsOn(services[name]!).migrator,
        'service_completed_successfully',
        `${name} after migrator`,
      );
    }
  },
  'backup-cron'({ services }) {
    const labels = labelsOf(services.scheduler!);
    assert.equal(labels['ofelia.enabled'], 'true');
    assert.equal(labels['ofelia.job-exec.cortado-backup.command'], 'cortado-entrypoint backup');
    assert.equal(labels['ofelia.job-exec.cortado-backup.schedule'], '@every 6h');
    assert.deepEqual(commandOf(services.ofelia!), ['daemon', '--docker']);
  },
  'multi-tenancy-ports'({ services }) {
    const sites = {
      'frontend-site1': ['one.localhost', '8081:8080'],
      'frontend-site2': ['two.localhost', '8082:8080'],
    };
    for (const [name, [site, port]] of Object.entries(sites)) {
      const service = services[name]!;
      assert.deepEqual(commandOf(service), ['frontend']);
      assert.deepEqual(portsOf(service), [port]);
      assert.deepEqual(service.healthcheck.test, ['CMD', 'cortado-healthcheck', 'frontend']);
      const router = parseFrontendConfig(envOf(service));
      assert.deepEqual(router.siteName, { mode: 'fixed', name: site });
      assert.deepEqual(router.backend, [{ host: 'backend', port: 8000 }]);
    }
  },
};

describe('compose: every documented combination renders', suiteOptions(compose), () => {
  for (const [name, { overrides, env }] of Object.entries(combinations)) {
    test(`${name}: ${['compose.yaml', ...overrides].join(' + ')}`, () => {
      const config = renderCompose(compose, overrides, env);
      assertBase(config);
      for (const override of overrides) overrideChecks[override]!(config);
    });
  }

  test('external services reach the common config as given', () => {
    const { env } = combinations['external database and Redis']!;
    const config = renderCompose(compose, ['noproxy'], env);
    assert.equal(config.services.db, undefined);
    assert.deepEqual(configuratorValues(envOf(config.services.configurator!)), {
      db_host: 'db.internal',
      db_port: 3306,
      db_type: 'mariadb',
      redis_cache: 'redis://cache.internal:6379',
      redis_queue: 'redis://queue.internal:6380',
      socketio_port: 9000,
    });
  });

  test('the router variables reach the frontend and the published port moves', () => {
    const config = renderCompose(compose, ['mariadb', 'redis', 'noproxy'], {
      FRAPPE_SITE_NAME_HEADER: 'erp.example.com',
      UPSTREAM_REAL_IP_ADDRESS: '10.1.0.0/16',
      UPSTREAM_REAL_IP_RECURSIVE: 'on',
      PROXY_READ_TIMEOUT: '300',
      CLIENT_MAX_BODY_SIZE: '200m',
      BACKEND: 'backend-a:8000,backend-b:8000',
      HTTP_PUBLISH_PORT: '9090',
    });
    const router = parseFrontendConfig(envOf(config.services.frontend!));
    assert.deepEqual(router.siteName, { mode: 'fixed', name: 'erp.example.com' });
    assert.equal(router.realIp.recursive, true);
    assert.equal(router.realIp.from.length, 1);
    assert.equal(router.proxyReadTimeoutMs, 300_000);
    assert.equal(router.clientMaxBodySize, 200 * 1024 * 1024);
    assert.deepEqual(router.backend, [
      { host: 'backend-a', port: 8000 },
      { host: 'backend-b', port: 8000 },
    ]);
    assert.deepEqual(portsOf(config.services.frontend!), ['9090:8080']);
  });

  test('a missing required variable stops docker-compose with its message', () => {
    const cases: Array<[string[], string, string]> = [
      [
        ['mariadb', 'redis', 'https'],
        'LETSENCRYPT_EMAIL',
        "No Let's Encrypt email set|No LETSENCRYPT_EMAIL set",
      ],
      [['mariadb', 'redis', 'https'], 'SITES_RULE', 'No SITES_RULE set'],
      [['mariadb', 'redis', 'noproxy'], 'DB_PASSWORD', 'No DB_PASSWORD set'],
      [['postgres', 'redis', 'caddy'], 'CADDY_TLS', 'Set CADDY_TLS'],
      [['mariadb', 'redis', 'noproxy', 'create-site'], 'ADMIN_PASSWORD', 'No ADMIN_PASSWORD set'],
    ];
    for (const [overrides, variable, message] of cases) {
      const result = run([...composeArgs(compose, overrides), 'config', '-q'], {
        env: cleanEnv({ [variable]: '' }),
      });
      assert.notEqual(result.status, 0, `${variable} empty must fail`);
      assert.match(result.stderr, new RegExp(message), variable);
    }
  });
});

describe('compose: files and example.env', () => {
  const files = ['compose.yaml', ...readdirSync(join(deployDir, 'overrides')).map((f) => `overrides/${f}`)];

  test('every override is part of a tested combination', () => {
    const tested = new Set(Object.values(combinations).flatMap((c) => c.overrides));
    for (const file of readdirSync(join(deployDir, 'overrides'))) {
      const name = /^compose\.(.+)\.yaml$/.exec(file)?.[1];
      assert.ok(name && tested.has(name), `${file} is tested`);
    }
  });

  test('example.env documents every variable the compose files read', () => {
    const documented = new Set(
      readFileSync(join(deployDir, 'example.env'), 'utf8')
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    for (const file of files) {
      const text = readFileSync(join(deployDir, file), 'utf8');
      for (const [, variable] of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
        assert.ok(documented.has(variable!), `${variable} (${file}) is in example.env`);
      }
    }
  });
});
