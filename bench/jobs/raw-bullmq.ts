// The baseline: BullMQ used directly, with a no-op processor, on the same Redis.
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Target } from './measure.ts';

/** Raw BullMQ as a benchmark target: `add` per job, a Worker whose processor only reports the start. */
export function rawBullmq(url: string): Target & { close(): Promise<void> } {
  const prefix = `bench-raw-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('default', { connection, prefix });
  let worker: Worker | undefined;
  return {
    name: 'raw BullMQ',
    async enqueue(i) {
      await queue.add('noop', { i }, { removeOnComplete: { age: 600 }, removeOnFail: { age: 600 } });
    },
    startWorker(concurrency, onStart) {
      worker = new Worker(
        'default',
        async (job) => {
          onStart(job.timestamp);
          return null;
        },
        { connection, prefix, concurrency },
      );
    },
    async stopWorker() {
      await worker?.close();
    },
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    },
  };
}
