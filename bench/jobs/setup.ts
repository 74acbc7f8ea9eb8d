// A throwaway bench for the job benchmarks: one SQLite site with the job tables, a registry whose no-op
// method reports when each job starts, and job services on either queue.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { Bench, writeJsonAtomic } from '../../src/config/bench.ts';
import { SiteDatabases } from '../../src/db/index.ts';
import {
  BullmqQueue,
  createJobService,
  installJobSchema,
  JobRegistry,
  type JobService,
  queueTimeouts,
  TableQueue,
} from '../../src/jobs/index.ts';

/** Called by the no-op job when it starts: its enqueue time (epoch ms). */
export type StartListener = (enqueuedAt: number) => void;

export interface BenchSite {
  site: string;
  /** A job service on `kind`, whose `bench.noop` calls `onStart`. */
  service(kind: 'table' | 'bullmq', onStart: StartListener): JobService;
  close(): Promise<void>;
}

export async function createBenchSite(redisUrl: string): Promise<BenchSite> {
  const root = mkdtempSync(join(tmpdir(), 'cortado-bench-jobs-'));
  const bench = new Bench(join(root, 'sites'));
  bench.ensure();
  const site = 'bench.localhost';
  mkdirSync(bench.sitePath(site), { recursive: true });
  writeJsonAtomic(bench.siteConfigPath(site), { db_type: 'sqlite' });
  const databases = new SiteDatabases(bench);
  await installJobSchema(databases.get(site));
  const prefix = `cortado-bench-${randomUUID().slice(0, 8)}`;
  const services: JobService[] = [];
  return {
    site,
    service(kind, onStart) {
      const registry = new JobRegistry().register('bench.noop', (ctx) => {
        onStart(ctx.job!.enqueuedAt);
        return null;
      });
      const queue =
        kind === 'bullmq'
          ? new BullmqQueue({ url: redisUrl, queues: Object.keys(queueTimeouts({})), prefix })
          : new TableQueue({ databases, sites: () => [site] });
      const service = createJobService({ bench, databases, bus: new MemoryBus(), registry, queue });
      services.push(service);
      return service;
    },
    async close() {
      for (const service of services) await service.close();
      await databases.closeAll();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
