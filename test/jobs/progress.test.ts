// publish_progress and realtime events from jobs reach bus subscribers: in-process and through Redis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus, RealtimeEvent } from '../../src/bus/bus.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { publishProgress } from '../../src/jobs/progress.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { redisUrl } from '../support/services.ts';
import { until } from '../support/until.ts';
import { createJobBench, queueKinds } from './support/job-bench.ts';

async function listen(bus: Bus): Promise<{ events: RealtimeEvent[]; stop: () => Promise<void> }> {
  const events: RealtimeEvent[] = [];
  const stop = await bus.subscribe('events', (raw) => events.push(JSON.parse(raw)));
  return { events, stop };
}

const buses: Array<[string, () => { publisher: Bus; subscriber: Bus }]> = [
  [
    'memory bus',
    () => {
      const bus = new MemoryBus();
      return { publisher: bus, subscriber: bus };
    },
  ],
  ...(redisUrl
    ? ([
        [
          'redis bus',
          () => ({
            publisher: new RedisBus({ url: redisUrl! }),
            subscriber: new RedisBus({ url: redisUrl! }),
          }),
        ],
      ] as Array<[string, () => { publisher: Bus; subscriber: Bus }]>)
    : []),
];

for (const queue of queueKinds) {
  for (const [busName, makeBuses] of buses) {
    describe(`${queue} queue, ${busName}: job progress`, () => {
      it('emits `progress` to task_progress:<id> while the job runs, and after-commit events once it commits', async () => {
        const t = await createJobBench('sqlite', queue);
        const { publisher, subscriber } = makeBuses();
        const { events, stop } = await listen(subscriber);
        try {
          const site = t.sites[0]!;
          const jobs = t.service({ bus: publisher });
          const worker = startWorker(jobs, { queues: ['default'] });
          let queued: Awaited<ReturnType<typeof enqueue>>;
          try {
            queued = await enqueue({ site, user: 'ann@example.com', jobs }, 'test.progress', {
              task_id: 'task-42',
            });
            await until(() => events.some((e) => e.event === 'msgprint'), 'the job events', {
              timeoutMs: 10_000,
            });
          } finally {
            await worker.close(5000);
          }
          assert.deepEqual(events[0], {
            event: 'progress',
            message: { percent: 50, title: 'Halfway', description: 'half done', task_id: 'task-42' },
            room: 'task_progress:task-42',
            namespace: site,
          });
          assert.equal(queued.status, 'queued');
          const jobId = queued.status === 'queued' ? queued.id : '';
          assert.deepEqual(events[1], {
            event: 'progress',
            message: { percent: 50, title: 'Halfway', description: 'half done', task_id: jobId },
            room: `task_progress:${jobId}`,
            namespace: site,
          });
          assert.deepEqual(events[2], {
            event: 'msgprint',
            message: { message: 'done' },
            room: 'user:ann@example.com',
            namespace: site,
          });
        } finally {
          await stop();
          await Promise.all([publisher.close(), subscriber.close()]);
          await t.close();
        }
      });
    });
  }
}

describe('publishProgress rooms', () => {
  it('goes to the task, else the document, else the user (Frappe `publish_progress`)', async () => {
    const bus = new MemoryBus();
    const { events, stop } = await listen(bus);
    await publishProgress(bus, 'a.localhost', 10, { taskId: 't1', user: 'u@x' });
    await publishProgress(bus, 'a.localhost', 20, { doctype: 'ToDo', docname: 'abc', user: 'u@x' });
    await publishProgress(bus, 'a.localhost', 30, { user: 'u@x', title: 'T' });
    await until(() => events.length === 3, 'three events', { timeoutMs: 30_000 });
    assert.deepEqual(
      events.map((e) => [e.room, e.message]),
      [
        ['task_progress:t1', { percent: 10, title: null, description: null, task_id: 't1' }],
        ['doc:ToDo/abc', { percent: 20, title: null, description: null }],
        ['user:u@x', { percent: 30, title: 'T', description: null }],
      ],
    );
    await stop();
    await bus.close();
  });
});
