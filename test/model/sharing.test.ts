// Shares in the document engine: owner-only users see their own documents and those shared with them, child
// rows follow their shared parent, a share grants read/write/submit/share but never create, delete or cancel,
// the desk's readable DocTypes and the websocket's subscription checks follow the same rules.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addShare } from '../../src/core/controllers/doc-share.ts';
import { PermissionError } from '../../src/errors/index.ts';
import {
  cancelDoc,
  type DocContext,
  deleteDoc,
  getDoc,
  hasPermission,
  insertDoc,
  readableDocTypes,
  readScope,
  saveDoc,
  submitDoc,
} from '../../src/model/index.ts';
import type { MetaCaches } from '../../src/model/meta/meta-caches.ts';
import { runCountQuery, runListQuery } from '../../src/model/query/index.ts';
import type { ListQueryInput, QueryDeps } from '../../src/model/query/types.ts';
import { documentPermissions } from '../../src/realtime/document-permissions.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, site, uniqueName } from './support.ts';

const none = { read: 0, write: 0, create: 0, delete: 0, share: 0, submit: 0, cancel: 0, amend: 0 };

for (const kind of databases) {
  describe(`${kind}: sharing in the document engine`, () => {
    let s: ModelSite;
    let dt: string;
    let child: string;
    let agent1: string;
    let agent2: string;
    let lead: string;
    let outsider: string;
    let stranger: string;
    let mine: string;
    let theirs: string;
    before(async () => {
      s = await openModelSite(kind);
      agent1 = await s.user('agent1@example.com', ['Case Agent']);
      agent2 = await s.user('agent2@example.com', ['Case Agent']);
      lead = await s.user('lead@example.com', ['Case Lead']);
      outsider = await s.user('outsider@example.com', []);
      stranger = await s.user('stranger@example.com', []);
      child = await s.defineDocType({
        name: uniqueName('Case Note'),
        istable: 1,
        fields: [{ fieldname: 'note', fieldtype: 'Data', label: 'Note' }],
      });
      dt = await s.defineDocType({
        name: uniqueName('Case'),
        is_submittable: 1,
        fields: [
          { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
          { fieldname: 'notes', fieldtype: 'Table', label: 'Notes', options: child },
        ],
        permissions: [
          { role: 'Case Agent', ...none, if_owner: 1, read: 1, write: 1, create: 1, share: 1 },
          {
            role: 'Case Lead',
            ...none,
            read: 1,
            write: 1,
            create: 1,
            delete: 1,
            share: 1,
            submit: 1,
            cancel: 1,
          },
        ],
      });
      mine = String(
        (await s.as(agent1, (ctx) => insertDoc(ctx, { doctype: dt, title: 'one', notes: [{ note: 'n1' }] })))
          .name,
      );
      theirs = String(
        (await s.as(agent2, (ctx) => insertDoc(ctx, { doctype: dt, title: 'two', notes: [{ note: 'n2' }] })))
          .name,
      );
    });
    after(() => s.close());

    const depsOf = (ctx: DocContext): QueryDeps => ({
      dialect: ctx.db.dialect,
      getMeta: async (d) => (await ctx.metas.find(ctx.db, d))?.raw,
      readScope: (d) => readScope(ctx, d),
      readableLevels: () => 'all',
    });
    const listed = (user: string, input: Partial<ListQueryInput> = {}) =>
      s.as(user, async (ctx) => {
        const { data } = await runListQuery(
          ctx.db,
          { doctype: dt, order_by: 'title asc', ...input },
          depsOf(ctx),
        );
        return (data as Array<Record<string, unknown>>).map((r) => r.name ?? r.note);
      });
    const refused = async (promise: Promise<unknown>, what: string) => {
      const error = await rejection(promise);
      assert.ok(error instanceof PermissionError, `${what}: ${error.name} ${error.message}`);
    };

    test('an owner-only user lists their own documents and those shared with them', async () => {
      assert.deepEqual(await listed(agent1), [mine]);
      await refused(
        s.as(agent1, (ctx) => getDoc(ctx, dt, theirs)),
        'not yet shared',
      );
      await s.as(agent2, (ctx) => addShare(ctx, { doctype: dt, name: theirs, user: agent1 }, {}));
      assert.deepEqual(await listed(agent1), [mine, theirs]);
      const count = await s.as(
        agent1,
        async (ctx) => (await runCountQuery(ctx.db, { doctype: dt }, depsOf(ctx))).count,
      );
      assert.equal(count, 2);
      assert.equal((await s.as(agent1, (ctx) => getDoc(ctx, dt, theirs))).title, 'two');
      assert.deepEqual(
        await listed(agent1, { doctype: child, parent: dt, fields: ['note'], order_by: 'note asc' }),
        ['n1', 'n2'],
        'child rows follow their shared parent',
      );
      assert.deepEqual(await listed(agent2), [theirs], 'the other owner sees only their own');
      await refused(
        s.as(agent1, async (ctx) => saveDoc(ctx, { ...(await getDoc(ctx, dt, theirs)), title: 'x' })),
        'read share, no write',
      );
    });

    test('a user without any role right needs the share, and a share never grants create, delete or cancel', async () => {
      assert.equal(await s.as(outsider, (ctx) => hasPermission(ctx, dt, 'read')), false);
      assert.deepEqual(await s.as(outsider, (ctx) => readScope(ctx, dt)), { kind: 'none' });
      const claim = String((await s.as(lead, (ctx) => insertDoc(ctx, { doctype: dt, title: 'claim' }))).name);
      await s.as(lead, (ctx) =>
        addShare(ctx, { doctype: dt, name: claim, user: outsider }, { submit: true }),
      );
      assert.equal(
        await s.as(outsider, (ctx) => hasPermission(ctx, dt, 'read')),
        true,
        'something is shared',
      );
      assert.equal(await s.as(outsider, (ctx) => hasPermission(ctx, dt, 'create')), false);
      assert.deepEqual(await listed(outsider), [claim]);
      await refused(listed(stranger), 'nothing shared with the stranger: the list is refused');
      await refused(
        s.as(outsider, (ctx) => insertDoc(ctx, { doctype: dt, title: 'new' })),
        'create',
      );
      await refused(
        s.as(outsider, (ctx) => deleteDoc(ctx, dt, claim)),
        'delete',
      );
      const submitted = await s.as(outsider, (ctx) => submitDoc(ctx, dt, claim));
      assert.equal(submitted.docstatus, 1, 'submit was shared (and write with it)');
      await refused(
        s.as(outsider, (ctx) => cancelDoc(ctx, dt, claim)),
        'cancel',
      );
    });

    test('readable DocTypes and websocket subscriptions follow shares', async () => {
      const names = async (user: string) =>
        (await s.as(user, (ctx) => readableDocTypes(ctx))).map((d) => d.name);
      assert.ok((await names(outsider)).includes(dt));
      assert.ok(!(await names(stranger)).includes(dt));
      const checker = documentPermissions({
        databases: { get: () => s.db },
        metas: { forSite: () => s.metas } as unknown as MetaCaches,
        controllers: s.controllers,
      });
      assert.equal(await checker.canReadDoc(site, agent1, dt, theirs, 'System User'), true);
      assert.equal(await checker.canReadDoc(site, agent2, dt, mine, 'System User'), false);
      assert.equal(await checker.canReadDoctype(site, outsider, dt, 'System User'), true);
      assert.equal(await checker.canReadDoctype(site, stranger, dt, 'System User'), false);
    });

    test('deleting a user deletes their shares', async () => {
      const leaving = await s.user('leaving@example.com', []);
      await s.as(lead, (ctx) => addShare(ctx, { doctype: dt, name: mine, user: leaving }, {}));
      const sharesOf = () =>
        s.db.all(
          `SELECT 1 AS x FROM ${s.db.dialect.quote('tabDocShare')} WHERE ${s.db.dialect.quote('user')} = ?`,
          [leaving],
        );
      assert.equal((await sharesOf()).length, 1);
      await s.as('Administrator', (ctx) => deleteDoc(ctx, 'User', leaving));
      assert.equal((await sharesOf()).length, 0);
    });
  });
}
