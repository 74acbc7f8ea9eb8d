// The Helm chart deploy/helm/cortado: `helm lint` and `helm template` for the default values and every
// documented variant (ci/*.yaml), the rendered objects checked against the Kubernetes 1.31 API schemas,
// and the wiring a cluster relies on (probes, Services to pods, Jobs and hooks, the router's settings).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configuratorValues } from '../../src/config/env.ts';
import { commonConfigSchema } from '../../src/config/schema.ts';
import { parseFrontendConfig } from '../../src/frontend/config.ts';
import {
  chartDir,
  envOf,
  find,
  fullname,
  lintChart,
  ofKind,
  podSpec,
  renderChart,
  renderError,
} from './support/chart.ts';
import { findHelm } from './support/helm.ts';
import { type K8sObject, schemaProblems, typeProblems } from './support/k8s-schema.ts';
import { entrypointRoles } from './support/roles.ts';
import { suiteOptions } from './support/tools.ts';

const helm = findHelm();
const variants = readdirSync(join(chartDir, 'ci'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const roles: Record<string, string[]> = {
  frontend: ['frontend'],
  backend: ['backend'],
  websocket: ['websocket'],
  'worker-short': ['worker', '--queue', 'short,default'],
  'worker-long': ['worker', '--queue', 'long,default,short'],
  scheduler: ['scheduler'],
};
const httpPorts: Record<string, number> = { frontend: 8080, backend: 8000, websocket: 9000 };

const mainContainer = (o: K8sObject) => podSpec(o).containers[0];
const hook = (o: K8sObject) => o.metadata.annotations?.['helm.sh/hook'];
/** The configure Job (its name ends with a hash of its pod template). */
function configureJob(objects: K8sObject[]): K8sObject {
  const jobs = ofKind(objects, 'Job').filter((j) => j.metadata.name.startsWith(`${fullname}-configure-`));
  assert.equal(jobs.length, 1, 'one configure Job');
  return jobs[0]!;
}

/** What every rendering must give, whatever the values. */
function assertWiring(objects: K8sObject[]): void {
  const stamp = envOf(mainContainer(configureJob(objects))).CONFIG_STAMP;
  assert.match(stamp ?? '', /^c[0-9a-f]{12}$/, 'the configure Job writes a config stamp');

  for (const [component, args] of Object.entries(roles)) {
    const deployment = find(objects, 'Deployment', `-${component}`);
    const spec = podSpec(deployment);
    const container = mainContainer(deployment);
    assert.deepEqual(container.args, args, `${component} args`);
    assert.ok(container.resources?.requests, `${component} has resource requests`);
    assert.ok(container.livenessProbe, `${component} has a liveness probe`);
    assert.ok(
      container.volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/home/cortado/bench/sites'),
      `${component} mounts sites`,
    );
    // Pods start only once their release's configuration is written.
    assert.equal(spec.initContainers[0].args[0], 'wait-config');
    assert.equal(
      envOf(spec.initContainers[0]).CONFIG_STAMP,
      stamp,
      `${component} waits for this configuration`,
    );
    assert.equal(spec.securityContext.runAsUser, 1000);
    assert.equal(spec.securityContext.fsGroup, 1000);
    const port = httpPorts[component];
    if (port) {
      assert.deepEqual(container.ports, [{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        assert.deepEqual(
          container[probe].httpGet,
          { path: '/health', port: 'http' },
          `${component} ${probe}`,
        );
      }
    } else {
      assert.deepEqual(container.livenessProbe.exec.command, ['cortado-healthcheck', args[0]]);
    }
  }
  const scheduler = find(objects, 'Deployment', '-scheduler');
  assert.equal(scheduler.spec.replicas, 1);
  assert.equal(scheduler.spec.strategy.type, 'Recreate');

  // Every container of the image runs a role the entrypoint knows.
  for (const object of objects.filter((o) => ['Deployment', 'Job', 'CronJob'].includes(o.kind))) {
    const spec = podSpec(object);
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      assert.ok(entrypointRoles.includes(container.args[0]), `${object.metadata.name}: ${container.args[0]}`);
    }
  }

  // Each Service selects the pods of its Deployment and targets a named port they expose.
  for (const service of ofKind(objects, 'Service')) {
    const deployment = find(objects, 'Deployment', service.metadata.name);
    const labels = deployment.spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(labels[key], value);
    assert.equal(service.spec.ports[0].targetPort, 'http');
  }
  // backend and websocket are headless, so their names resolve to every ready pod for the router.
  for (const name of ['-backend', '-websocket'])
    assert.equal(find(objects, 'Service', name).spec.clusterIP, 'None');

  const router = parseFrontendConfig(envOf(mainContainer(find(objects, 'Deployment', '-frontend'))));
  assert.deepEqual(router.backend, [{ host: `${fullname}-backend`, port: 8000 }]);
  assert.deepEqual(router.socketio, [{ host: `${fullname}-websocket`, port: 9000 }]);
  assert.equal(router.clientMaxBodySize, 50 * 1024 * 1024);
  assert.equal(router.proxyReadTimeoutMs, 120_000);

  // Hooks never wait for the configure Job of their own upgrade (it is created after them).
  for (const job of ofKind(objects, 'Job').filter((j) => hook(j)?.includes('pre-upgrade'))) {
    assert.equal(
      podSpec(job).initContainers,
      undefined,
      `${job.metadata.name} does not wait for configuration`,
    );
  }
}

/** The common config the configure Job writes. */
function commonConfigOf(objects: K8sObject[]) {
  return commonConfigSchema.parse(configuratorValues(envOf(mainContainer(configureJob(objects)))));
}

describe('helm chart', suiteOptions(helm), () => {
  for (const variant of ['(default values)', ...variants]) {
    const files = variant.startsWith('(') ? [] : [join('ci', variant)];
    test(`${variant}: lints, renders valid Kubernetes objects, wires the roles`, async () => {
      assert.match(lintChart(helm, files), /1 chart\(s\) linted, 0 chart\(s\) failed/);
      const objects = renderChart(helm, files);
      assert.deepEqual(await schemaProblems(objects), []);
      assert.deepEqual(typeProblems(objects), []);
      assertWiring(objects);
    });
  }

  test('defaults: MariaDB and Redis from values, RWX volume kept, migrate before upgrades, no ingress', () => {
    const objects = renderChart(helm);
    assert.deepEqual(commonConfigOf(objects), {
      db_host: 'mariadb',
      db_port: 3306,
      db_type: 'mariadb',
      redis_cache: 'redis://redis-cache:6379',
      redis_queue: 'redis://redis-queue:6379',
      socketio_port: 9000,
    });
    const pvc = find(objects, 'PersistentVolumeClaim', '-sites');
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany']);
    assert.equal(pvc.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
    const migrate = find(objects, 'Job', '-migrate');
    assert.equal(hook(migrate), 'pre-upgrade');
    assert.deepEqual(mainContainer(migrate).args, ['migrate']);
    for (const kind of ['Ingress', 'HTTPRoute', 'HorizontalPodAutoscaler', 'CronJob', 'Secret']) {
      assert.deepEqual(ofKind(objects, kind), [], `no ${kind} by default`);
    }
    assert.equal(ofKind(objects, 'Job').filter((j) => hook(j)?.includes('post-install')).length, 0);
  });

  test('postgres-ingress: Ingress to the frontend, passwords in the Secret, site created after install', () => {
    const objects = renderChart(helm, ['ci/postgres-ingress-values.yaml']);
    const ingress = find(objects, 'Ingress', fullname);
    assert.equal(ingress.spec.ingressClassName, 'nginx');
    assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend, {
      service: { name: `${fullname}-frontend`, port: { name: 'http' } },
    });
    assert.deepEqual(ingress.spec.tls, [{ secretName: 'erp-example-com-tls', hosts: ['erp.example.com'] }]);
    assert.equal(commonConfigOf(objects).db_port, 5432);
    assert.deepEqual(Object.keys(find(objects, 'Secret', fullname).data ?? {}).sort(), [
      'admin-password',
      'db-root-password',
    ]);
    const createSite = find(objects, 'Job', '-create-site');
    assert.equal(hook(createSite), 'post-install,post-upgrade');
    assert.deepEqual(envOf(mainContainer(createSite)), {
      SITE_NAME: 'erp.example.com',
      SET_DEFAULT_SITE: '1',
      ADMIN_PASSWORD: `secret:${fullname}/admin-password`,
      DB_ROOT_PASSWORD: `secret:${fullname}/db-root-password`,
    });
  });

  test('gateway: an HTTPRoute to the frontend Service, a fixed site name', () => {
    const objects = renderChart(helm, ['ci/gateway-values.yaml']);
    const route = find(objects, 'HTTPRoute', fullname);
    assert.deepEqual(route.spec.parentRefs, [
      { name: 'public', namespace: 'gateways', sectionName: 'https' },
    ]);
    assert.deepEqual(route.spec.rules[0].backendRefs, [{ name: `${fullname}-frontend`, port: 8080 }]);
    const router = parseFrontendConfig(envOf(mainContainer(find(objects, 'Deployment', '-frontend'))));
    assert.deepEqual(router.siteName, { mode: 'fixed', name: 'erp.example.com' });
    assert.deepEqual(ofKind(objects, 'Ingress'), []);
  });

  test('scaling: HPAs target their Deployments, which then leave replicas to them', () => {
    const objects = renderChart(helm, ['ci/scaling-values.yaml']);
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    assert.deepEqual(
      hpas.map((h) => h.metadata.name).sort(),
      ['-backend', '-frontend', '-worker-short'].map((n) => fullname + n),
    );
    for (const hpa of hpas) {
      const target = find(objects, 'Deployment', hpa.spec.scaleTargetRef.name);
      assert.equal(target.spec.replicas, undefined, `${target.metadata.name} replicas belong to the HPA`);
    }
    assert.equal(find(objects, 'HorizontalPodAutoscaler', '-backend').spec.minReplicas, 3);
    assert.equal(find(objects, 'Deployment', '-websocket').spec.replicas, 3);
    assert.equal(find(objects, 'Deployment', '-worker-long').spec.replicas, 2);
  });

  test('existing-secrets: nothing secret rendered, existing claim mounted, backups scheduled and before upgrades', () => {
    const objects = renderChart(helm, ['ci/existing-secrets-values.yaml']);
    assert.deepEqual(ofKind(objects, 'Secret'), []);
    assert.deepEqual(ofKind(objects, 'PersistentVolumeClaim'), []);
    const backend = find(objects, 'Deployment', '-backend');
    assert.equal(podSpec(backend).volumes[0].persistentVolumeClaim.claimName, 'cortado-sites');
    assert.deepEqual(podSpec(backend).imagePullSecrets, [{ name: 'registry-credentials' }]);
    assert.equal(mainContainer(backend).image, 'registry.example.com/cortado:0.1.0');
    const env = envOf(mainContainer(configureJob(objects)));
    assert.deepEqual(
      [env.REDIS_CACHE, env.REDIS_QUEUE],
      ['secret:cortado-redis/redis-cache', 'secret:cortado-redis/redis-queue'],
    );
    assert.deepEqual([env.DB_HOST, env.DB_PORT], ['mariadb.databases.svc', '3307']);
    const createSite = envOf(mainContainer(find(objects, 'Job', '-create-site')));
    assert.equal(createSite.ADMIN_PASSWORD, 'secret:cortado-admin/admin-password');
    assert.equal(createSite.DB_ROOT_PASSWORD, 'secret:cortado-database/db-root-password');
    assert.equal(createSite.DB_ROOT_USERNAME, 'admin');
    const cron = find(objects, 'CronJob', '-backup');
    assert.equal(cron.spec.schedule, '30 2 * * *');
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual(podSpec(cron).containers[0].args, ['backup']);
    // The backup before an upgrade runs ahead of the migration.
    const before = find(objects, 'Job', '-backup-before-upgrade');
    const migrate = find(objects, 'Job', '-migrate');
    assert.equal(hook(before), 'pre-upgrade');
    const weight = (o: K8sObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight']);
    assert.ok(weight(before) < weight(migrate));
    assert.equal(envOf(mainContainer(migrate)).SITE_NAME, 'erp.example.com');
  });

  test('sqlite: no database server in the config, a site without root credentials', () => {
    const objects = renderChart(helm, ['ci/sqlite-values.yaml']);
    assert.deepEqual(commonConfigOf(objects), {
      db_type: 'sqlite',
      redis_cache: 'redis://redis-cache:6379',
      redis_queue: 'redis://redis-queue:6379',
      socketio_port: 9000,
    });
    assert.deepEqual(find(objects, 'PersistentVolumeClaim', '-sites').spec.accessModes, ['ReadWriteOnce']);
    assert.deepEqual(envOf(mainContainer(find(objects, 'Job', '-create-site'))), {
      SITE_NAME: 'erp.localhost',
      SET_DEFAULT_SITE: '1',
    });
  });

  test('a configuration change re-runs configure and rolls the pods; a replica change does neither', () => {
    const stampOf = (objects: K8sObject[]) =>
      envOf(podSpec(find(objects, 'Deployment', '-backend')).initContainers[0]).CONFIG_STAMP;
    const jobName = (objects: K8sObject[]) => configureJob(objects).metadata.name;
    const base = renderChart(helm);
    const scaled = renderChart(helm, [], ['backend.replicaCount=4']);
    const moved = renderChart(helm, [], ['redis.queue=redis://queue.example:6379']);
    assert.equal(stampOf(scaled), stampOf(base));
    assert.equal(jobName(scaled), jobName(base));
    assert.notEqual(stampOf(moved), stampOf(base));
    assert.notEqual(jobName(moved), jobName(base));
  });

  test('refuses misspelt or invalid values (values.schema.json)', () => {
    assert.match(
      renderError(helm, [], ['database.tpye=postgres']),
      /Additional property tpye is not allowed/,
    );
    assert.match(renderError(helm, [], ['database.type=oracle']), /database\.type/);
    assert.match(renderError(helm, [], ['workers.short.queues=short default']), /workers\.short\.queues/);
  });

  test('refuses a site it could not create', () => {
    assert.match(
      renderError(helm, [], ['jobs.createSite.enabled=true', 'jobs.createSite.siteName=erp.example.com']),
      /needs the database root password/,
    );
    assert.match(
      renderError(helm, [], ['jobs.createSite.enabled=true', 'database.rootPassword=x']),
      /siteName is required/,
    );
  });

  test('the schema check catches a misspelt field and a wrong type', async () => {
    const objects = renderChart(helm);
    const backend = structuredClone(find(objects, 'Deployment', '-backend'));
    mainContainer(backend).readinesProbe = mainContainer(backend).readinessProbe;
    const frontend = structuredClone(find(objects, 'Deployment', '-frontend'));
    mainContainer(frontend).ports[0].containerPort = 'eighty';
    assert.match(typeProblems([backend]).join('\n'), /readinesProbe/);
    assert.match((await schemaProblems([frontend])).join('\n'), /containerPort must be integer/);
  });
});
