// App job functions run by a worker with the full document engine, as the user who enqueued them: their
// writes go through controllers and that user's permissions, and their realtime events follow the commit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/apps/app-context.ts';
import { appContextOf } from '../../src/apps/app-context-of.ts';
import { registerAppJob } from '../../src/apps/app-job.ts';
import { docContextFor } from '../../src/apps/doc-context-for.ts';
import { createModelServices, type ModelServices } from '../../src/backend/api/model-services.ts';
import { realtimeChannel } from '../../src/bus/bus.ts';
import { SiteDatabases } from '../../src/db/index.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { installJobSchema } from '../../src/jobs/install.ts';
import { JobRegistry } from '../../src/jobs/registry.ts';
import { createJobService, type JobService } from '../../src/jobs/service.ts';
import { type RunningWorker, startWorker } from '../../src/jobs/worker.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type AppSite, createAppSite, librarian, outsider } from './support.ts';

const path = 'library.library.tasks.shelve';

/** The app's job: inserts a Book as whoever runs it, and announces it. */
async function shelve(ctx: AppContext, { title }: Record<string, unknown>) {
  await ctx.publishProgress(50, { title: 'Shelving' });
  const book = await ctx.insert({ doctype: 'Book', title: String(title), pages: 10 });
  ctx.publishRealtime('shelved', { name: book.name }, { user: ctx.user });
}

for (const kind of databases) {
  describe(`app jobs on ${kind}`, () => {
    let t: AppSite;
    let sites: SiteDatabases;
    let jobs: JobService;
    let model: ModelServices;
    let worker: RunningWorker;
    const run = <T>(user: string, fn: (ctx: AppContext) => Promise<T>) =>
      sites
        .get(t.site)
        .transaction(async (db) => fn(appContextOf(await docContextFor(model, { site: t.site, user, db }))));

    before(async () => {
      t = await createAppSite(kind);
      // The worker's own process pieces: databases, job service, model services with the app's function names.
      sites = new SiteDatabases(t.bench);
      await installJobSchema(sites.get(t.site));
      const registry = new JobRegistry();
      jobs = createJobService({ bench: t.bench, databases: sites, bus: t.bus, registry });
      model = createModelServices({
        cache: t.cache,
        bus: t.bus,
        bench: t.bench,
        jobs,
        pathOf: (fn) => (fn === shelve ? path : undefined),
      });
      model.controllers.on('Book', 'validate', (doc, { ctx }) => {
        if (Number(doc.pages ?? 0) < 0) throw new ValidationError('Pages cannot be negative');
        doc.checked_by = ctx.user;
      });
      registerAppJob(registry, path, shelve, () => model);
      worker = startWorker(jobs, { queues: ['default'] });
    });
    after(async () => {
      await worker?.close();
      await jobs?.close();
      await sites?.closeAll();
      await t?.close();
    });

    it('runs as the enqueuing user through the document engine; realtime after the commit', async () => {
      const seen: Array<{ event: string; room: string }> = [];
      const stop = await t.bus.subscribe(realtimeChannel, (m) => seen.push(JSON.parse(m)));
      try {
        const { id } = await run(librarian, (ctx) =>
          ctx.enqueue(shelve, { kwargs: { title: 'From a job' } }),
        );
        assert.ok(id);
        const book = await until(
          () =>
            run('Administrator', (ctx) =>
              ctx.getAll('Book', {
                fields: ['name', 'owner', 'checked_by'],
                filters: { name: 'From a job' },
              }),
            ).then((rows) => rows[0]),
          'the job inserted its Book',
        );
        assert.deepEqual(book, { name: 'From a job', owner: librarian, checked_by: librarian });
        const event = await until(() => seen.find((e) => e.event === 'shelved'), 'the job announced it');
        assert.equal(event.room, `user:${librarian}`);
        // Progress goes at once, to the user and to the job's own task room.
        const progress = seen.filter((e) => e.event === 'progress').map((e) => e.room);
        assert.deepEqual(progress.sort(), [`task_progress:${id}`, `user:${librarian}`].sort());
      } finally {
        await stop();
      }
    });

    it('is refused what the enqueuing user may not do: the job fails and writes nothing', async () => {
      const { id } = await run(outsider, (ctx) => ctx.enqueue(path, { kwargs: { title: 'Not allowed' } }));
      const info = await until(async () => {
        const job = await jobs.queue.get(t.site, id);
        return job?.status === 'failed' ? job : undefined;
      }, 'the job failed');
      assert.match(JSON.stringify(info), /PermissionError|permission/i);
      assert.equal(await run('Administrator', (ctx) => ctx.exists('Book', 'Not allowed')), undefined);
    });
  });
}
