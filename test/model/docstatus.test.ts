import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DocstatusTransitionError,
  LinkExistsError,
  LinkValidationError,
  UpdateAfterSubmitError,
  ValidationError,
} from '../../src/errors/index.ts';
import {
  amendDoc,
  cancelDoc,
  type DocContext,
  deleteDoc,
  getDoc,
  insertDoc,
  saveDoc,
  submitDoc,
} from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: submit, cancel, amend`, () => {
    let s: ModelSite;
    let dt: string;
    let payment: string;
    before(async () => {
      s = await openModelSite(kind);
      dt = await s.defineDocType({
        name: uniqueName('Invoice'),
        is_submittable: 1,
        autoname: 'INV-.####',
        fields: [
          { fieldname: 'customer', fieldtype: 'Data', label: 'Customer' },
          { fieldname: 'remarks', fieldtype: 'Small Text', label: 'Remarks', allow_on_submit: 1 },
        ],
      });
      payment = await s.defineDocType({
        name: uniqueName('Payment'),
        is_submittable: 1,
        fields: [{ fieldname: 'invoice', fieldtype: 'Link', label: 'Invoice', options: dt }],
      });
    });
    after(() => s.close());

    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);
    const draft = () => admin((ctx) => insertDoc(ctx, { doctype: dt, customer: 'Acme' }));

    test('submit 0→1, cancel 1→2, amend gives <name>-1 then -2', async () => {
      const doc = await draft();
      const submitted = await admin((ctx) => submitDoc(ctx, dt, String(doc.name)));
      assert.equal(submitted.docstatus, 1);
      const cancelled = await admin((ctx) => cancelDoc(ctx, dt, String(doc.name)));
      assert.equal(cancelled.docstatus, 2);
      const amended = await admin((ctx) => amendDoc(ctx, dt, String(doc.name)));
      assert.equal(amended.name, `${doc.name}-1`);
      assert.deepEqual([amended.docstatus, amended.amended_from, amended.customer], [0, doc.name, 'Acme']);
      await admin((ctx) => submitDoc(ctx, dt, String(amended.name)));
      await admin((ctx) => cancelDoc(ctx, dt, String(amended.name)));
      const again = await admin((ctx) => amendDoc(ctx, dt, String(amended.name)));
      assert.equal(again.name, `${doc.name}-2`);
    });

    test('saving with docstatus 1 submits, 2 from draft or 0 from submitted are refused', async () => {
      const doc = await draft();
      const skip = await rejection(admin((ctx) => saveDoc(ctx, { ...doc, docstatus: 2 })));
      assert.ok(skip instanceof DocstatusTransitionError);
      const submitted = await admin((ctx) => saveDoc(ctx, { ...doc, docstatus: 1 }));
      assert.equal(submitted.docstatus, 1);
      const back = await rejection(admin((ctx) => saveDoc(ctx, { ...submitted, docstatus: 0 })));
      assert.ok(back instanceof DocstatusTransitionError);
      assert.equal((back as unknown as DocstatusTransitionError).status, 417);
      const cancelled = await admin((ctx) => cancelDoc(ctx, dt, String(doc.name)));
      for (const docstatus of [0, 1, 2]) {
        const error = await rejection(admin((ctx) => saveDoc(ctx, { ...cancelled, docstatus })));
        assert.ok(error instanceof DocstatusTransitionError, `2→${docstatus}`);
      }
      const insertCancelled = await rejection(admin((ctx) => insertDoc(ctx, { doctype: dt, docstatus: 2 })));
      assert.ok(insertCancelled instanceof DocstatusTransitionError);
    });

    test('a submitted document changes only in allow_on_submit fields', async () => {
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, customer: 'Acme', docstatus: 1 }));
      assert.equal(doc.docstatus, 1);
      const updated = await admin((ctx) => saveDoc(ctx, { ...doc, remarks: 'paid late' }));
      assert.equal(updated.remarks, 'paid late');
      const error = await rejection(admin((ctx) => saveDoc(ctx, { ...updated, customer: 'Other' })));
      assert.ok(error instanceof UpdateAfterSubmitError);
      assert.match(error.message, /Customer/);
    });

    test('a cancel changes nothing but the docstatus', async () => {
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, customer: 'Acme', docstatus: 1 }));
      const cancelled = await admin((ctx) => saveDoc(ctx, { ...doc, customer: 'Sneaky', docstatus: 2 }));
      assert.deepEqual([cancelled.docstatus, cancelled.customer], [2, 'Acme']);
    });

    test('a submitted document cannot be deleted; a cancelled one can', async () => {
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: dt, docstatus: 1 }));
      const error = await rejection(admin((ctx) => deleteDoc(ctx, dt, String(doc.name))));
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /Submitted Record cannot be deleted/);
      await admin((ctx) => cancelDoc(ctx, dt, String(doc.name)));
      await admin((ctx) => deleteDoc(ctx, dt, String(doc.name)));
      const gone = await rejection(admin((ctx) => getDoc(ctx, dt, String(doc.name))));
      assert.equal((gone as { status?: number }).status, 404);
    });

    test('a submitted document linking to it blocks a cancel; a cancelled link target is refused', async () => {
      const invoice = await admin((ctx) => insertDoc(ctx, { doctype: dt, docstatus: 1 }));
      const pay = await admin((ctx) =>
        insertDoc(ctx, { doctype: payment, invoice: invoice.name, docstatus: 1 }),
      );
      const blocked = await rejection(admin((ctx) => cancelDoc(ctx, dt, String(invoice.name))));
      assert.ok(blocked instanceof LinkExistsError);
      assert.match(blocked.message, new RegExp(`${payment} ${pay.name}`));
      await admin((ctx) => cancelDoc(ctx, payment, String(pay.name)));
      await admin((ctx) => cancelDoc(ctx, dt, String(invoice.name)));
      const toCancelled = await rejection(
        admin((ctx) => insertDoc(ctx, { doctype: payment, invoice: invoice.name })),
      );
      assert.ok(toCancelled instanceof LinkValidationError);
      assert.equal(toCancelled.constructor.name, 'CancelledLinkError');
    });

    test('only cancelled documents can be amended', async () => {
      const doc = await draft();
      const error = await rejection(admin((ctx) => amendDoc(ctx, dt, String(doc.name))));
      assert.ok(error instanceof ValidationError);
      const forged = await rejection(admin((ctx) => insertDoc(ctx, { doctype: dt, amended_from: doc.name })));
      assert.ok(forged instanceof ValidationError);
    });
  });
}
