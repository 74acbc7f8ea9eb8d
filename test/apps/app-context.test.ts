// The app API (AppContext) on every database: documents through the engine (controllers, permissions), lists with
// and without permissions, values, read-only SQL, the site's cache, realtime after commit, enqueue by function.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realtimeChannel } from '../../src/bus/bus.ts';
import { PermissionError, ValidationError } from '../../src/errors/index.ts';
import { databases } from '../support/services.ts';
import { until } from '../support/until.ts';
import { type AppSite, createAppSite, librarian, outsider } from './support.ts';

for (const kind of databases) {
  describe(`AppContext on ${kind}`, () => {
    let t: AppSite;
    before(async () => {
      t = await createAppSite(kind);
    });
    after(() => t?.close());

    it('inserts, reads, saves, submits, cancels and deletes through the document engine as the user', async () => {
      const saved = await t.run(librarian, async (ctx) => {
        const draft = await ctx.newDoc('Book', { title: 'Dune', pages: 412 });
        assert.equal(draft.status, 'Available');
        return ctx.insert(draft);
      });
      assert.deepEqual([saved.name, saved.owner, saved.checked_by], ['Dune', librarian, librarian]);
      await t.run(librarian, async (ctx) => {
        const book = await ctx.getDoc('Book', 'Dune');
        const changed = await ctx.save({ ...book, pages: 500 });
        assert.equal(changed.pages, 500);
        assert.equal((await ctx.submit(changed)).docstatus, 1);
        assert.equal((await ctx.cancel('Book', 'Dune')).docstatus, 2);
        await ctx.delete('Book', 'Dune');
        assert.equal(await ctx.exists('Book', 'Dune'), undefined);
      });
    });

    it('runs controllers: a validation error stops the write and nothing is stored', async () => {
      await assert.rejects(
        t.run(librarian, (ctx) => ctx.insert({ doctype: 'Book', title: 'Negative', pages: -1 })),
        (e: unknown) => e instanceof ValidationError && /Pages cannot be negative/.test(e.message),
      );
      assert.equal(await t.run('Administrator', (ctx) => ctx.exists('Book', 'Negative')), undefined);
    });

    it('applies permissions to writes and get_list, not to get_all, count and get_value', async () => {
      await t.run('Administrator', (ctx) => ctx.insert({ doctype: 'Book', title: 'Emma', pages: 300 }));
      await assert.rejects(
        t.run(outsider, (ctx) => ctx.insert({ doctype: 'Book', title: 'Nope' })),
        PermissionError,
      );
      const inserted = await t.run(outsider, (ctx) =>
        ctx.insert({ doctype: 'Book', title: 'System' }, { ignorePermissions: true }),
      );
      assert.equal(inserted.name, 'System');
      await t.run(outsider, async (ctx) => {
        await assert.rejects(ctx.getList('Book'), PermissionError);
        // frappe.get_doc: loading is not a permission check (whitelisted methods check for themselves).
        assert.equal((await ctx.getDoc('Book', 'Emma')).pages, 300);
        const all = await ctx.getAll<{ name: string }>('Book', { fields: ['name'], order_by: 'name asc' });
        assert.deepEqual(
          all.map((r) => r.name),
          ['Emma', 'System'],
        );
        assert.equal(await ctx.count('Book', { pages: ['>', 100] }), 1);
        assert.equal(await ctx.getValue('Book', 'Emma', 'pages'), 300);
        assert.equal(await ctx.getValue('Book', { pages: 300 }, 'title'), 'Emma');
        assert.equal(await ctx.exists('Book', { title: 'Emma' }), 'Emma');
      });
      const listed = await t.run(librarian, (ctx) =>
        ctx.getList<{ name: string }>('Book', { filters: [['pages', '>', 100]], fields: ['name'] }),
      );
      assert.deepEqual(listed, [{ name: 'Emma' }]);
    });

    it('set_value writes the row without controllers and stamps modified; bad fields change nothing', async () => {
      const before = await t.run('Administrator', (ctx) => ctx.getDoc('Book', 'Emma'));
      await t.run(outsider, (ctx) => ctx.setValue('Book', 'Emma', { pages: -5 }));
      const after = await t.run('Administrator', (ctx) => ctx.getDoc('Book', 'Emma'));
      assert.equal(after.pages, -5); // validate (no negatives) did not run, as in Frappe
      assert.equal(after.modified_by, outsider);
      assert.notEqual(after.modified, before.modified);
      await assert.rejects(
        t.run('Administrator', (ctx) => ctx.setValue('Book', 'Emma', { pages: 1, 'x; drop': 1 })),
        ValidationError,
      );
      assert.equal(await t.run('Administrator', (ctx) => ctx.getValue('Book', 'Emma', 'pages')), -5);
    });

    it('sql reads with bound values and refuses anything that writes', async () => {
      await t.run(outsider, async (ctx) => {
        const q = (s: string) => (kind === 'mariadb' ? `\`${s}\`` : `"${s}"`);
        const rows = await ctx.sql<{ name: string }>(`select name from ${q('tabBook')} where title = ?`, [
          'Emma',
        ]);
        assert.deepEqual(rows, [{ name: 'Emma' }]);
        const writes = [
          `delete from ${q('tabBook')}`,
          `select 1; delete from ${q('tabBook')}`,
          `with gone as (delete from ${q('tabBook')} returning name) select * from gone`,
          `select * into ${q('tabCopy')} from ${q('tabBook')}`,
          `select name from ${q('tabBook')} for update`,
          `select '`,
        ];
        for (const sql of writes) await assert.rejects(ctx.sql(sql), ValidationError, sql);
        // Words inside literals are data, not SQL.
        assert.deepEqual(await ctx.sql(`select name from ${q('tabBook')} where title = 'delete; drop'`), []);
      });
      assert.equal(await t.run('Administrator', (ctx) => ctx.count('Book')), 2);
    });

    it('qb reads one table with names checked against meta and values bound', async () => {
      await t.run(outsider, async (ctx) => {
        const rows = await ctx.qb
          .from('Book')
          .select('name', 'owner')
          .where('name', 'in', ['Emma', 'System', "x' or '1'='1"])
          .orderBy('name', 'desc')
          .run();
        assert.deepEqual(
          rows.map((r) => r.name),
          ['System', 'Emma'],
        );
        assert.equal(await ctx.qb.from('Book').where('title', 'like', 'em%').count(), 1);
        assert.deepEqual(await ctx.qb.from('Book').where('pages', -5).first(), { name: 'Emma' });
        assert.equal(await ctx.qb.from('Book').where('name', 'in', []).count(), 0);
        await assert.rejects(ctx.qb.from('Book').select('name; drop table x').run(), ValidationError);
        await assert.rejects(ctx.qb.from('Book').where('nope', 1).run(), ValidationError);
        assert.throws(() => ctx.qb.from('Book').where('name', 'union', 1), ValidationError);
      });
    });

    it('keeps cache entries per site', async () => {
      await t.run(outsider, async (ctx) => {
        await ctx.cache.set('answer', { n: 42 });
        assert.deepEqual(await ctx.cache.get('answer'), { n: 42 });
        assert.equal(await t.cache.get(`${t.site}|app|answer`), '{"n":42}');
        await ctx.cache.delete('answer');
        assert.equal(await ctx.cache.get('answer'), undefined);
      });
    });

    it('sends realtime events after commit and drops them on rollback', async () => {
      const seen: Array<{ event: string; room: string; message: unknown }> = [];
      const stop = await t.bus.subscribe(realtimeChannel, (m) => seen.push(JSON.parse(m)));
      try {
        await assert.rejects(
          t.run(librarian, async (ctx) => {
            ctx.publishRealtime('book_event', { n: 1 }, { doctype: 'Book', docname: 'Emma' });
            throw new ValidationError('rolled back');
          }),
        );
        await t.run(librarian, async (ctx) => {
          ctx.publishRealtime('book_event', { n: 2 }, { doctype: 'Book', docname: 'Emma' });
          assert.equal(seen.filter((e) => e.event === 'book_event').length, 0);
        });
        const sent = await until(() => seen.find((e) => e.event === 'book_event'), 'realtime event');
        assert.deepEqual([sent.room, sent.message], ['doc:Book/Emma', { n: 2 }]);
        assert.equal(seen.filter((e) => e.event === 'book_event').length, 1);
      } finally {
        await stop();
      }
    });

    it('enqueue refuses a function no app exports, and needs a job service', async () => {
      await t.run(librarian, async (ctx) => {
        await assert.rejects(
          ctx.enqueue(() => 1),
          /not exported by an app module|not available/,
        );
      });
    });
  });
}
