import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PermissionError } from '../../src/errors/index.ts';
import {
  amendDoc,
  cancelDoc,
  type DocContext,
  deleteDoc,
  getDoc,
  getRoles,
  getSingle,
  hasPermission,
  insertDoc,
  readScope,
  renameDoc,
  saveDoc,
  setSingle,
  submitDoc,
} from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

const full = { read: 1, write: 1, create: 1, delete: 1, report: 1, export: 1, share: 1, print: 1, email: 1 };
const none = { read: 0, write: 0, create: 0, delete: 0, report: 0, export: 0, share: 0, print: 0, email: 0 };

for (const kind of databases) {
  describe(`${kind}: permissions`, () => {
    let s: ModelSite;
    let dt: string;
    let sub: string;
    let single: string;
    const users: Record<string, string> = {};
    before(async () => {
      s = await openModelSite(kind);
      users.nobody = await s.user('nobody@example.com', []);
      users.reader = await s.user('reader@example.com', ['Reader']);
      users.writer = await s.user('writer@example.com', ['Writer']);
      users.owner1 = await s.user('owner1@example.com', ['Own Notes']);
      users.owner2 = await s.user('owner2@example.com', ['Own Notes']);
      users.hr = await s.user('hr@example.com', ['HR']);
      users.auditor = await s.user('auditor@example.com', ['Auditor']);
      dt = await s.defineDocType({
        name: uniqueName('Staff Note'),
        autoname: 'prompt',
        fields: [
          { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
          { fieldname: 'salary', fieldtype: 'Currency', label: 'Salary', permlevel: 1 },
        ],
        permissions: [
          { role: 'Reader', ...none, read: 1 },
          { role: 'Writer', ...full },
          { role: 'Own Notes', ...full, if_owner: 1 },
          { role: 'HR', ...full },
          { role: 'HR', ...none, permlevel: 1, read: 1, write: 1 },
          { role: 'Auditor', ...none, read: 1 },
          { role: 'Auditor', ...none, permlevel: 1, read: 1 },
        ],
      });
      sub = await s.defineDocType({
        name: uniqueName('Staff Claim'),
        is_submittable: 1,
        fields: [{ fieldname: 'amount', fieldtype: 'Int', label: 'Amount' }],
        permissions: [
          { role: 'Writer', ...full },
          { role: 'HR', ...full, submit: 1, cancel: 1, amend: 1 },
        ],
      });
      single = await s.defineDocType({
        name: uniqueName('Staff Settings'),
        issingle: 1,
        fields: [{ fieldname: 'motto', fieldtype: 'Data', label: 'Motto' }],
      });
    });
    after(() => s.close());

    const as = <T>(user: string, fn: (ctx: DocContext) => Promise<T>) => s.as(user, fn);
    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);
    const refused = async (promise: Promise<unknown>, what: string) => {
      const error = await rejection(promise);
      assert.ok(error instanceof PermissionError, `${what}: ${error.name} ${error.message}`);
      assert.equal((error as unknown as PermissionError).status, 403);
      assert.equal(error.message, 'Not permitted');
    };

    test('roles: Has Role rows plus All and Guest (and Desk User for system users); Guest has only Guest', async () => {
      assert.deepEqual([...(await as(users.reader!, (ctx) => getRoles(ctx)))].sort(), [
        'All',
        'Desk User',
        'Guest',
        'Reader',
      ]);
      assert.deepEqual(await as('Guest', (ctx) => getRoles(ctx)), ['Guest']);
      assert.ok((await admin((ctx) => getRoles(ctx))).includes('Reader'), 'Administrator has every role');
    });

    test('a user without rights is refused every operation', async () => {
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, name: uniqueName('Memo'), title: 't' }));
      const claim = await admin((ctx) => insertDoc(ctx, { doctype: sub, amount: 1 }));
      const u = users.nobody!;
      await refused(
        as(u, (ctx) => getDoc(ctx, dt, String(doc.name))),
        'get',
      );
      await refused(
        as(u, (ctx) => insertDoc(ctx, { doctype: dt, name: uniqueName('N') })),
        'insert',
      );
      await refused(
        as(u, (ctx) => saveDoc(ctx, { ...doc, title: 'x' })),
        'save',
      );
      await refused(
        as(u, (ctx) => deleteDoc(ctx, dt, String(doc.name))),
        'delete',
      );
      await refused(
        as(u, (ctx) => renameDoc(ctx, dt, String(doc.name), uniqueName('R'))),
        'rename',
      );
      await refused(
        as(u, (ctx) => submitDoc(ctx, sub, String(claim.name))),
        'submit',
      );
      await refused(
        as(u, (ctx) => getSingle(ctx, single)),
        'get single',
      );
      await refused(
        as(u, (ctx) => setSingle(ctx, { doctype: single, motto: 'x' })),
        'save single',
      );
      await refused(
        as('Guest', (ctx) => getDoc(ctx, dt, String(doc.name))),
        'guest get',
      );
      await refused(
        as(u, (ctx) => insertDoc(ctx, { doctype: 'DocType', name: uniqueName('X'), module: 'Custom' })),
        'doctype',
      );
      assert.deepEqual(await as(u, (ctx) => readScope(ctx, dt)), { kind: 'none' });
    });

    test('read-only, writer and submit rights are separate', async () => {
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, name: uniqueName('Memo'), title: 't' }));
      assert.equal((await as(users.reader!, (ctx) => getDoc(ctx, dt, String(doc.name)))).title, 't');
      await refused(
        as(users.reader!, (ctx) => saveDoc(ctx, { ...doc, title: 'x' })),
        'reader save',
      );
      await refused(
        as(users.reader!, (ctx) => deleteDoc(ctx, dt, String(doc.name))),
        'reader delete',
      );
      const saved = await as(users.writer!, (ctx) => saveDoc(ctx, { ...doc, title: 'w' }));
      assert.equal(saved.title, 'w');
      assert.deepEqual(await as(users.reader!, (ctx) => readScope(ctx, dt)), { kind: 'all' });

      const claim = await as(users.writer!, (ctx) => insertDoc(ctx, { doctype: sub, amount: 5 }));
      await refused(
        as(users.writer!, (ctx) => submitDoc(ctx, sub, String(claim.name))),
        'writer submit',
      );
      await refused(
        as(users.writer!, (ctx) => insertDoc(ctx, { doctype: sub, docstatus: 1 })),
        'writer insert submitted',
      );
      await as(users.hr!, (ctx) => submitDoc(ctx, sub, String(claim.name)));
      await refused(
        as(users.writer!, (ctx) => cancelDoc(ctx, sub, String(claim.name))),
        'writer cancel',
      );
      await as(users.hr!, (ctx) => cancelDoc(ctx, sub, String(claim.name)));
      await refused(
        as(users.writer!, (ctx) => amendDoc(ctx, sub, String(claim.name))),
        'writer amend',
      );
      const amended = await as(users.hr!, (ctx) => amendDoc(ctx, sub, String(claim.name)));
      assert.equal(amended.name, `${claim.name}-1`);
      await as(users.writer!, (ctx) => deleteDoc(ctx, dt, String(doc.name)));
    });

    test('if_owner rules give access to the user’s own documents only', async () => {
      const mine = await as(users.owner1!, (ctx) =>
        insertDoc(ctx, { doctype: dt, name: uniqueName('Mine'), title: 'm' }),
      );
      assert.equal(mine.owner, users.owner1);
      assert.equal((await as(users.owner1!, (ctx) => getDoc(ctx, dt, String(mine.name)))).title, 'm');
      await refused(
        as(users.owner2!, (ctx) => getDoc(ctx, dt, String(mine.name))),
        'other owner get',
      );
      await refused(
        as(users.owner2!, (ctx) => saveDoc(ctx, { ...mine, title: 'x' })),
        'other owner save',
      );
      await refused(
        as(users.owner2!, (ctx) => deleteDoc(ctx, dt, String(mine.name))),
        'other owner delete',
      );
      assert.deepEqual(await as(users.owner2!, (ctx) => readScope(ctx, dt)), {
        kind: 'owner',
        user: users.owner2,
        shared: { user: users.owner2, everyone: true },
      });
      assert.equal(await as(users.owner2!, (ctx) => hasPermission(ctx, dt, 'read')), true, 'lists stay open');
      assert.equal(await as(users.owner2!, (ctx) => hasPermission(ctx, dt, 'write')), false);
      // The owner cannot be forged by the payload.
      const forged = await as(users.owner2!, (ctx) =>
        insertDoc(ctx, { doctype: dt, name: uniqueName('Forged'), owner: users.owner1 }),
      );
      assert.equal(forged.owner, users.owner2);
      await as(users.owner1!, (ctx) => deleteDoc(ctx, dt, String(mine.name)));
    });

    test('fields above permlevel 0 are stripped from reads and writes to them are ignored', async () => {
      const doc = await as(users.hr!, (ctx) =>
        insertDoc(ctx, { doctype: dt, name: uniqueName('Pay'), title: 'p', salary: 1000 }),
      );
      assert.equal(doc.salary, 1000);
      const asWriter = await as(users.writer!, (ctx) => getDoc(ctx, dt, String(doc.name)));
      assert.equal(asWriter.title, 'p');
      assert.ok(!('salary' in asWriter), 'the writer cannot read level 1');
      const writerSave = await as(users.writer!, (ctx) =>
        saveDoc(ctx, { ...asWriter, title: 'p2', salary: 1 }),
      );
      assert.ok(!('salary' in writerSave));
      assert.equal((await as(users.hr!, (ctx) => getDoc(ctx, dt, String(doc.name)))).salary, 1000);
      const writerInsert = await as(users.writer!, (ctx) =>
        insertDoc(ctx, { doctype: dt, name: uniqueName('Pay'), salary: 5 }),
      );
      assert.equal((await admin((ctx) => getDoc(ctx, dt, String(writerInsert.name)))).salary, 0);
      const audited = await as(users.auditor!, (ctx) => getDoc(ctx, dt, String(doc.name)));
      assert.equal(audited.salary, 1000, 'the auditor reads level 1');
      await refused(
        as(users.auditor!, (ctx) => saveDoc(ctx, { ...audited, salary: 2 })),
        'auditor save',
      );
      const raised = await as(users.hr!, async (ctx) =>
        saveDoc(ctx, { ...(await getDoc(ctx, dt, String(doc.name))), salary: 2000 }),
      );
      assert.equal(raised.salary, 2000);
    });

    test('Administrator may do everything; System Manager may export; child DocTypes need a parent', async () => {
      assert.equal(await admin((ctx) => hasPermission(ctx, dt, 'delete')), true);
      assert.deepEqual(await admin((ctx) => readScope(ctx, dt)), { kind: 'all' });
      const manager = await s.user('manager@example.com', ['System Manager']);
      assert.equal(await as(manager, (ctx) => hasPermission(ctx, dt, 'export')), true);
      assert.equal(await as(manager, (ctx) => hasPermission(ctx, dt, 'read')), false);
      assert.equal(await as(users.writer!, (ctx) => hasPermission(ctx, 'Has Role', 'read')), false);
      assert.equal(
        await as(manager, (ctx) => hasPermission(ctx, 'Has Role', 'read', { parenttype: 'User' })),
        true,
      );
      assert.deepEqual(await as(manager, (ctx) => readScope(ctx, 'Has Role', { parentDoctype: 'User' })), {
        kind: 'all',
      });
    });
  });
}
