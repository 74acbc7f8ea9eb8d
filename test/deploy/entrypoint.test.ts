// deploy/entrypoint.sh, run with a stub `cortado` that records its arguments: what each role starts,
// and what the one-shot roles do with the sites folder.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { entrypointRoles } from './support/roles.ts';
import { deployDir, run } from './support/tools.ts';

const root = mkdtempSync(join(tmpdir(), 'cortado-entrypoint-'));
after(() => rmSync(root, { recursive: true, force: true }));

// The stub stands in for `cortado` and `cortado-healthcheck`: it writes its name and arguments, one per line.
const stub = join(root, 'stub');
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script, not a template
writeFileSync(stub, '#!/bin/sh\nprintf \'%s\\n\' "$STUB_NAME" "$@" > "$STUB_OUT"\nexit "${STUB_EXIT:-0}"\n');
chmodSync(stub, 0o755);

let counter = 0;

interface Outcome {
  status: number | null;
  stderr: string;
  stdout: string;
  /** What the stub was called with (`cortado` first), or undefined when it was not called. */
  call?: string[];
  sites: string;
}

/** Runs the entrypoint in a fresh bench; `prepare` may lay out the sites folder first. */
function entrypoint(
  args: string[],
  env: Record<string, string> = {},
  prepare?: (sites: string) => void,
): Outcome {
  const dir = join(root, `run-${++counter}`);
  const sites = join(dir, 'sites');
  const assets = join(dir, 'image-assets');
  mkdirSync(sites, { recursive: true });
  mkdirSync(join(assets, 'frappe'), { recursive: true });
  prepare?.(sites);
  const out = join(dir, 'call');
  const result = run(['sh', join(deployDir, 'entrypoint.sh'), ...args], {
    env: {
      PATH: process.env.PATH,
      HOSTNAME: 'test',
      SITES_PATH: sites,
      CORTADO_ASSETS_PATH: assets,
      CORTADO_BIN: stub,
      CORTADO_HEALTHCHECK_BIN: stub,
      STUB_OUT: out,
      STUB_NAME: 'cortado',
      ...env,
    },
  });
  const call = existsSync(out) ? readFileSync(out, 'utf8').trimEnd().split('\n').slice(1) : undefined;
  return { ...result, call, sites };
}

const withRedis = { REDIS_CACHE: 'redis-cache:6379', REDIS_QUEUE: 'redis-queue:6379' };
const site = (name: string) => (sites: string) => {
  mkdirSync(join(sites, name), { recursive: true });
  writeFileSync(join(sites, name, 'site_config.json'), '{}');
};

describe('entrypoint: each role runs its command', () => {
  // role -> [arguments, environment, the cortado command expected]
  const roles: Record<string, [string[], Record<string, string>, string[]]> = {
    frontend: [['frontend'], {}, ['frontend']],
    backend: [['backend'], {}, ['backend']],
    websocket: [['websocket'], {}, ['websocket']],
    worker: [['worker', '--queue', 'short,default'], {}, ['worker', '--queue', 'short,default']],
    scheduler: [['scheduler'], {}, ['scheduler']],
    start: [[], {}, ['start']],
    configurator: [['configurator'], withRedis, ['configure']],
    'create-site': [
      ['create-site'],
      { SITE_NAME: 'erp.localhost' },
      ['new-site', 'erp.localhost', '--set-default'],
    ],
    migrate: [['migrate'], {}, ['--site', 'all', 'migrate']],
    backup: [['backup', '--with-files'], {}, ['--site', 'all', 'backup', '--with-files']],
    healthcheck: [['healthcheck', 'backend'], {}, ['backend']],
  };

  test('every role of the image is covered here', () => {
    for (const role of entrypointRoles) assert.ok(role in roles || role === 'wait-config', role);
  });

  for (const [role, [args, env, expected]] of Object.entries(roles)) {
    test(`${role}: cortado ${expected.join(' ')}`, () => {
      const outcome = entrypoint(args, env);
      assert.equal(outcome.status, 0, outcome.stderr);
      assert.deepEqual(outcome.call, expected);
    });
  }

  test('any other first argument is a cortado command, or a program on PATH', () => {
    assert.deepEqual(entrypoint(['list-sites']).call, ['list-sites']);
    assert.deepEqual(entrypoint(['set-config', '-g', 'k', 'v']).call, ['set-config', '-g', 'k', 'v']);
    assert.deepEqual(entrypoint(['--help']).call, ['--help']);
    const shell = entrypoint(['sh', '-c', 'echo from-sh']);
    assert.equal(shell.stdout.trim(), 'from-sh');
    assert.equal(shell.call, undefined);
  });

  test("the command's exit status is the container's", () => {
    assert.equal(entrypoint(['backend'], { STUB_EXIT: '3' }).status, 3);
  });
});

describe('entrypoint: one-shot roles', () => {
  test('configurator refuses to run without Redis, unless told the services share one process', () => {
    const refused = entrypoint(['configurator']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /REDIS_CACHE and REDIS_QUEUE must be set/);
    assert.equal(refused.call, undefined);
    assert.deepEqual(entrypoint(['configurator'], { ALLOW_EMBEDDED: '1' }).call, ['configure']);
  });

  test('configurator records CONFIG_STAMP after configuring, and wait-config waits for it', () => {
    const configured = entrypoint(['configurator'], { ...withRedis, CONFIG_STAMP: 'c0123456789ab' });
    assert.equal(readFileSync(join(configured.sites, '.config-stamp'), 'utf8'), 'c0123456789ab\n');
    const ready = entrypoint(['wait-config'], { CONFIG_STAMP: 'c1' }, (s) =>
      writeFileSync(join(s, '.config-stamp'), 'c1\n'),
    );
    assert.equal(ready.status, 0);
    const stale = entrypoint(
      ['wait-config'],
      { CONFIG_STAMP: 'c2', WAIT_CONFIG_TIMEOUT: '1', WAIT_CONFIG_INTERVAL: '0.2' },
      (s) => writeFileSync(join(s, '.config-stamp'), 'c1\n'),
    );
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /gave up waiting/);
  });

  test('create-site passes options, never passwords, and leaves an existing site alone', () => {
    const created = entrypoint(['create-site', '--db-host', 'db'], {
      SITE_NAME: 'erp.localhost',
      DB_TYPE: 'postgres',
      DB_ROOT_USERNAME: 'postgres',
      DB_ROOT_PASSWORD: 'secret',
      ADMIN_PASSWORD: 'admin-secret',
      SET_DEFAULT_SITE: '0',
    });
    assert.deepEqual(created.call, [
      'new-site',
      'erp.localhost',
      '--db-host',
      'db',
      '--db-type',
      'postgres',
      '--db-root-username',
      'postgres',
    ]);
    const existing = entrypoint(['create-site'], { SITE_NAME: 'erp.localhost' }, site('erp.localhost'));
    assert.equal(existing.status, 0);
    assert.equal(existing.call, undefined);
    assert.match(existing.stderr, /exists, nothing to do/);
    assert.notEqual(entrypoint(['create-site']).status, 0, 'SITE_NAME is required');
  });

  test('migrate and backup act on SITE_NAME when it exists, skip it while it does not', () => {
    assert.deepEqual(entrypoint(['migrate'], { SITE_NAME: 'a.localhost' }, site('a.localhost')).call, [
      '--site',
      'a.localhost',
      'migrate',
    ]);
    const missing = entrypoint(['backup'], { SITE_NAME: 'b.localhost' });
    assert.equal(missing.status, 0);
    assert.equal(missing.call, undefined);
    assert.match(missing.stderr, /skipping backup/);
  });
});

describe('entrypoint: assets and the apps list come with the image', () => {
  test('sites/assets becomes a link to the image assets', () => {
    const { sites } = entrypoint(['backend']);
    assert.ok(lstatSync(join(sites, 'assets')).isSymbolicLink());
    assert.match(readlinkSync(join(sites, 'assets')), /image-assets$/);
  });

  test('a real assets folder in the volume is moved aside, not deleted', () => {
    const { sites } = entrypoint(['frontend'], {}, (s) => {
      mkdirSync(join(s, 'assets', 'old'), { recursive: true });
    });
    assert.ok(lstatSync(join(sites, 'assets')).isSymbolicLink());
    const moved = run(['sh', '-c', `ls -d ${sites}/assets.replaced-*/old`]);
    assert.equal(moved.status, 0, 'old assets kept');
  });

  test('sites/apps.txt becomes a link to the image apps list; a real one is moved aside', () => {
    const imageApps = join(root, `image-apps-${counter}.txt`);
    writeFileSync(imageApps, 'library_management\n');
    const { sites, status, stderr } = entrypoint(['worker'], { CORTADO_APPS_TXT: imageApps }, (s) =>
      writeFileSync(join(s, 'apps.txt'), 'frappe\nerpnext\n'),
    );
    assert.equal(status, 0, stderr);
    assert.equal(readlinkSync(join(sites, 'apps.txt')), imageApps);
    assert.equal(readFileSync(join(sites, 'apps.txt'), 'utf8'), 'library_management\n');
    const moved = run(['sh', '-c', `cat ${sites}/apps.txt.replaced-*`]);
    assert.equal(moved.stdout, 'frappe\nerpnext\n', 'the old list kept');
  });

  test('an image without an apps list leaves sites/apps.txt alone', () => {
    const { sites } = entrypoint(['backend'], { CORTADO_APPS_TXT: join(root, 'no-such-apps.txt') }, (s) =>
      writeFileSync(join(s, 'apps.txt'), 'mine\n'),
    );
    assert.ok(!lstatSync(join(sites, 'apps.txt')).isSymbolicLink());
  });

  test('an existing link is kept as is', () => {
    const first = entrypoint(['backend']);
    const again = run(['sh', join(deployDir, 'entrypoint.sh'), 'backend'], {
      env: {
        PATH: process.env.PATH,
        SITES_PATH: first.sites,
        CORTADO_ASSETS_PATH: readlinkSync(join(first.sites, 'assets')),
        CORTADO_BIN: 'true',
      },
    });
    assert.equal(again.status, 0, again.stderr);
    assert.ok(lstatSync(join(first.sites, 'assets')).isSymbolicLink());
  });
});
