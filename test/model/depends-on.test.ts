// mandatory_depends_on and read_only_depends_on enforced by the server with the desk's own evaluator:
// the rules a form shows hold for every API client too, and an expression is never run as code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MandatoryError } from '../../src/errors/index.ts';
import { type Doc, type DocContext, getDoc, insertDoc, updateDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: *_depends_on on the server`, () => {
    let s: ModelSite;
    let ticket: string;
    before(async () => {
      s = await openModelSite(kind);
      const line = await s.defineDocType({
        name: uniqueName('Ticket Line'),
        istable: 1,
        fields: [
          { fieldname: 'item', fieldtype: 'Data', label: 'Item' },
          { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
          // Large quantities need a batch; a closed ticket needs a reviewer on every line.
          { fieldname: 'batch', fieldtype: 'Data', label: 'Batch', mandatory_depends_on: 'eval:doc.qty > 5' },
          {
            fieldname: 'reviewer',
            fieldtype: 'Data',
            label: 'Reviewer',
            mandatory_depends_on: "eval:parent.status == 'Closed'",
          },
          {
            fieldname: 'rate',
            fieldtype: 'Int',
            label: 'Rate',
            read_only_depends_on: "eval:parent.status == 'Closed'",
          },
        ],
      });
      ticket = await s.defineDocType({
        name: uniqueName('Ticket'),
        fields: [
          { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed' },
          {
            fieldname: 'reason',
            fieldtype: 'Data',
            label: 'Reason',
            mandatory_depends_on: "eval:doc.status == 'Closed'",
          },
          { fieldname: 'escalated', fieldtype: 'Check', label: 'Escalated' },
          {
            fieldname: 'owner_note',
            fieldtype: 'Data',
            label: 'Owner Note',
            mandatory_depends_on: 'escalated',
          },
          {
            fieldname: 'summary',
            fieldtype: 'Data',
            label: 'Summary',
            read_only_depends_on: "eval:doc.status == 'Closed'",
          },
          {
            fieldname: 'hostile',
            fieldtype: 'Data',
            label: 'Hostile',
            mandatory_depends_on: 'eval:(globalThis.pwned = 1)',
          },
          {
            fieldname: 'probe',
            fieldtype: 'Data',
            label: 'Probe',
            mandatory_depends_on: "eval:doc.constructor.constructor('return 1')()",
          },
          { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: line },
        ],
      });
    });
    after(() => s.close());

    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);
    const insert = (values: Record<string, unknown>) =>
      admin((ctx) => insertDoc(ctx, { doctype: ticket, ...values }));

    test('a field is mandatory while its eval: expression holds', async () => {
      await insert({ status: 'Open' });
      const error = await rejection(insert({ status: 'Closed' }));
      assert.ok(error instanceof MandatoryError);
      assert.match(error.message, /Reason/);
      assert.doesNotMatch(error.message, /Owner Note|Hostile|Probe/);
      const closed = await insert({ status: 'Closed', reason: 'Fixed' });
      const reopened = await admin((ctx) =>
        updateDoc(ctx, ticket, closed.name!, { status: 'Open', reason: '' }),
      );
      assert.equal(reopened.status, 'Open');
    });

    test('a bare fieldname makes the field mandatory while that field is set', async () => {
      const error = await rejection(insert({ status: 'Open', escalated: 1 }));
      assert.match(error.message, /Owner Note/);
      await insert({ status: 'Open', escalated: 1, owner_note: 'Call back' });
      await insert({ status: 'Open', escalated: 0 });
    });

    test('child rows are judged on the row (doc) and on the document (parent)', async () => {
      const big = await rejection(insert({ status: 'Open', lines: [{ item: 'Bolt', qty: 9 }] }));
      assert.match(big.message, /Batch in Lines row 1/);
      await insert({
        status: 'Open',
        lines: [
          { item: 'Bolt', qty: 9, batch: 'B-1' },
          { item: 'Nut', qty: 2 },
        ],
      });
      const closed = await rejection(
        insert({ status: 'Closed', reason: 'Done', lines: [{ item: 'Nut', qty: 2 }] }),
      );
      assert.match(closed.message, /Reviewer in Lines row 1/);
    });

    test('an expression outside the safe language is never run and never makes a field mandatory', async () => {
      await insert({ status: 'Open' });
      assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
    });

    test('a field read-only on the stored document keeps its value; the save that closes may still set it', async () => {
      const open = await insert({
        status: 'Open',
        summary: 'first',
        lines: [{ item: 'Nut', qty: 1, rate: 10 }],
      });
      // Open when the user edited it: status and summary change together.
      const rowName = (open.lines as Doc[])[0]!.name;
      await admin((ctx) =>
        updateDoc(ctx, ticket, open.name!, {
          status: 'Closed',
          reason: 'Done',
          summary: 'final',
          lines: [{ name: rowName, item: 'Nut', qty: 1, rate: 10, reviewer: 'QA' }],
        }),
      );
      // Closed now: summary and the rows' rate stay as stored, other fields still change.
      await admin((ctx) =>
        updateDoc(ctx, ticket, open.name!, {
          summary: 'rewritten',
          reason: 'Done twice',
          lines: [{ name: rowName, item: 'Nut', qty: 1, rate: 99, reviewer: 'QA' }],
        }),
      );
      let stored = await admin((ctx) => getDoc(ctx, ticket, open.name!));
      assert.equal(stored.summary, 'final');
      assert.equal(stored.reason, 'Done twice');
      assert.equal((stored.lines as Doc[])[0]!.rate, 10);
      // Reopening is judged on the stored (closed) document too; the next save may change it again.
      await admin((ctx) => updateDoc(ctx, ticket, open.name!, { status: 'Open', summary: 'too early' }));
      stored = await admin((ctx) => getDoc(ctx, ticket, open.name!));
      assert.deepEqual([stored.status, stored.summary], ['Open', 'final']);
      await admin((ctx) => updateDoc(ctx, ticket, open.name!, { summary: 'reopened' }));
      stored = await admin((ctx) => getDoc(ctx, ticket, open.name!));
      assert.equal(stored.summary, 'reopened');
    });

    test('system writes (ignorePermissions) are not restricted', async () => {
      const closed = await insert({ status: 'Closed', reason: 'Done', summary: 'kept' });
      await admin((ctx) =>
        updateDoc(ctx, ticket, closed.name!, { summary: 'by the system' }, { ignorePermissions: true }),
      );
      const stored = await admin((ctx) => getDoc(ctx, ticket, closed.name!));
      assert.equal(stored.summary, 'by the system');
    });
  });
}
