// A throwaway bench for the job suites: sites on a given database with the job tables and a probe table,
// a job service on the embedded table queue or on BullMQ (unique key prefix), and cleanup of all of it.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Bus } from '../../../src/bus/bus.ts';
import { MemoryBus } from '../../../src/bus/memory-bus.ts';
import { Bench, writeJsonAtomic } from '../../../src/config/bench.ts';
import type { Database } from '../../../src/db/database.ts';
import { createServerDatabase, dropServerDatabase, SiteDatabases, syncTable } from '../../../src/db/index.ts';
import { BullmqQueue } from '../../../src/jobs/bullmq/bullmq-queue.ts';
import { registerCoreJobs } from '../../../src/jobs/core-jobs.ts';
import { installJobSchema } from '../../../src/jobs/install.ts';
import type { JobQueue } from '../../../src/jobs/queue.ts';
import { queueTimeouts } from '../../../src/jobs/queue-names.ts';
import { JobRegistry } from '../../../src/jobs/registry.ts';
import { createJobService, type JobService } from '../../../src/jobs/service.ts';
import { TableQueue } from '../../../src/jobs/table/table-queue.ts';
import { serverAdmin } from '../../db/support.ts';
import { type DbKind, redisUrl } from '../../support/services.ts';
import { probeTable, registerJobs } from './test-jobs.ts';

export type QueueKind = 'table' | 'bullmq';

/** Every queue implementation a suite should loop over: the table always, BullMQ when Redis is configured. */
export const queueKinds: QueueKind[] = ['table', ...(redisUrl ? (['bullmq'] as const) : [])];

/** A bench with sites on one database, ready for jobs. */
export interface JobBench {
  kind: DbKind;
  bench: Bench;
  sites: string[];
  /** Site databases for the test's own reads (a separate handle from any service's). */
  databases: SiteDatabases;
  /** The common config keys that select the queue (for child processes). */
  common: Record<string, unknown>;
  /** A new job service with its own site handles and its own queue connections (another "process"). */
  service(options?: ServiceOptions): JobService;
  /** Closes every service made so far (and their site handles): call after each test. */
  closeServices(): Promise<void>;
  /** Probe rows written by the test jobs on a site, by name. */
  probes(site?: string): Promise<Map<string, { value: string; owner: string }>>;
  close(): Promise<void>;
}

/** Tuning for a test service: fast polling, short leases and retries. */
export interface ServiceOptions {
  bus?: Bus;
  registry?: JobRegistry;
  /** Seconds a dead worker's job waits (table lease grace, BullMQ lock). Default 1. */
  stallSeconds?: number;
}

/** The test registry: Cortado's core jobs and the test methods. */
export function testRegistry(): JobRegistry {
  const registry = registerCoreJobs(new JobRegistry());
  registerJobs(registry);
  return registry;
}

/** Creates a bench with `siteCount` sites on `kind`, served by `queue`. */
export async function createJobBench(kind: DbKind, queue: QueueKind, siteCount = 1): Promise<JobBench> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-jobs-'));
  const bench = new Bench(join(root, 'sites'));
  bench.ensure();
  const prefix = `cortado-test-${randomUUID().slice(0, 8)}`;
  const common: Record<string, unknown> = { job_stall_timeout: 1 };
  if (queue === 'bullmq') Object.assign(common, { redis_queue: redisUrl, redis_queue_prefix: prefix });
  bench.updateCommonConfig(common);

  const drops: Array<() => Promise<void>> = [];
  const sites: string[] = [];
  for (let i = 0; i < siteCount; i++) {
    const site = `jobs${i}.localhost`;
    mkdirSync(bench.sitePath(site), { recursive: true });
    const config: Record<string, unknown> = { db_type: kind };
    if (kind !== 'sqlite') {
      const admin = serverAdmin(kind);
      const name = `cortado_t_${randomBytes(6).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      await createServerDatabase({ ...admin, dbName: name, dbUser: name, dbPassword: password });
      drops.push(() => dropServerDatabase({ ...admin, dbName: name, dbUser: name }));
      Object.assign(config, {
        db_name: name,
        db_password: password,
        db_host: admin.host,
        db_port: admin.port,
      });
    }
    writeJsonAtomic(bench.siteConfigPath(site), config);
    sites.push(site);
  }

  const databases = new SiteDatabases(bench);
  for (const site of sites) {
    const db = databases.get(site);
    await installJobSchema(db);
    await syncTable(db, {
      name: 'Job Probe',
      module: 'Core',
      fields: [{ fieldname: 'value', fieldtype: 'Small Text' }],
      permissions: [],
    });
  }

  const services: JobService[] = [];
  const serviceDatabases: SiteDatabases[] = [];
  const closeServices = async () => {
    await Promise.allSettled(services.splice(0).map((s) => s.close()));
    await Promise.allSettled(serviceDatabases.splice(0).map((d) => d.closeAll()));
  };
  return {
    kind,
    bench,
    sites,
    databases,
    common,
    service(options = {}) {
      // SQLite's busy wait is synchronous: two handles on one file in one process would block each other's
      // event loop. One process has one handle per site (as in production); other processes are children.
      const dbs = kind === 'sqlite' ? databases : new SiteDatabases(bench);
      if (dbs !== databases) serviceDatabases.push(dbs);
      const stallMs = (options.stallSeconds ?? 1) * 1000;
      const jobQueue: JobQueue =
        queue === 'bullmq'
          ? new BullmqQueue({
              url: redisUrl!,
              queues: Object.keys(queueTimeouts(common)),
              prefix,
              lockDurationMs: stallMs,
              stalledIntervalMs: stallMs,
            })
          : new TableQueue({
              databases: dbs,
              sites: () => bench.listSites(),
              pollMs: 50,
              reapIntervalMs: 100,
              leaseGraceMs: stallMs,
            });
      const service = createJobService({
        bench,
        databases: dbs,
        bus: options.bus ?? new MemoryBus(),
        registry: options.registry ?? testRegistry(),
        queue: jobQueue,
        retryBaseMs: 20,
      });
      services.push(service);
      return service;
    },
    async probes(site = sites[0]!) {
      const db: Database = databases.get(site);
      const q = db.dialect.quote;
      const rows = await db.all<{ name: string; value: string; owner: string }>(
        `SELECT ${q('name')}, ${q('value')}, ${q('owner')} FROM ${q(probeTable)}`,
      );
      return new Map(rows.map((r) => [r.name, { value: r.value, owner: r.owner }]));
    },
    closeServices,
    async close() {
      await closeServices();
      await databases.closeAll();
      if (queue === 'bullmq') await deleteKeys(prefix);
      for (const drop of drops) await drop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
