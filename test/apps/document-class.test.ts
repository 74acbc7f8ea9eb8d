// App controllers as classes: every Frappe lifecycle method fires in Frappe's order on insert, save, submit,
// cancel, rename and delete; fields are properties of `this`; whitelisted document methods answer
// run_doc_method; a later class overrides an earlier one where it applies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Document } from '../../src/apps/document.ts';
import { registerDocumentClass } from '../../src/apps/register-document-class.ts';
import { DoesNotExistError, ValidationError } from '../../src/errors/index.ts';
import {
  cancelDoc,
  type DocContext,
  deleteDoc,
  insertDoc,
  renameDoc,
  runDocMethod,
  saveDoc,
  submitDoc,
} from '../../src/model/index.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from '../model/support.ts';
import { databases } from '../support/services.ts';

const lifecycle = [
  'before_insert',
  'before_naming',
  'autoname',
  'before_validate',
  'validate',
  'before_save',
  'before_submit',
  'before_cancel',
  'before_update_after_submit',
  'after_insert',
  'on_update',
  'on_submit',
  'on_cancel',
  'on_update_after_submit',
  'on_change',
  'on_trash',
  'after_delete',
  'before_rename',
  'after_rename',
] as const;

for (const kind of databases) {
  describe(`${kind}: Document classes as controllers`, () => {
    let s: ModelSite;
    let doctype: string;
    const calls: string[] = [];
    const carried: string[] = [];
    before(async () => {
      s = await openModelSite(kind);
      doctype = await s.defineDocType({
        name: uniqueName('Loan'),
        is_submittable: 1,
        allow_rename: 1,
        fields: [
          { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
          { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nIssued\nClosed' },
          { fieldname: 'days', fieldtype: 'Int', label: 'Days', allow_on_submit: 1 },
          { fieldname: 'note', fieldtype: 'Data', label: 'Note' },
        ],
      });
      // Every lifecycle method records itself; validate enforces a rule; autoname names from the title.
      class Loan extends Document {
        static override whitelisted = ['renew', 'peek'];
        seenInValidate: unknown;
        renew(args: { days?: number }) {
          this.days = Number(this.days ?? 0) + Number(args.days ?? 7);
          return this.save().then(() => this.days);
        }
        peek() {
          return `${String(this.title)}:${String(this.docstatus)}`;
        }
      }
      for (const event of lifecycle) {
        Object.defineProperty(Loan.prototype, event, {
          value(this: Loan, ...args: unknown[]) {
            calls.push(args.length ? `${event}(${args.join(',')})` : event);
            if (event === 'autoname') this.name = `LOAN-${String(this.title)}`;
            if (event === 'validate') {
              if (this.status === 'Issued' && !this.note)
                throw new ValidationError('An issued loan needs a note');
              this.seenInValidate = this.getDocBeforeSave()?.title ?? 'new';
            }
            if (event === 'on_update') carried.push(String(this.seenInValidate));
          },
        });
      }
      registerDocumentClass(s.controllers, doctype, Loan);
    });
    after(() => s.close());

    const admin = <T>(fn: (ctx: DocContext) => Promise<T>) => s.as('Administrator', fn);
    const take = () => calls.splice(0, calls.length);

    test('insert fires before_insert, before_naming, autoname, the before-save methods, after_insert, on_update, on_change', async () => {
      take();
      const doc = await admin((ctx) => insertDoc(ctx, { doctype, title: 'A1', status: 'Open' }));
      assert.equal(doc.name, 'LOAN-A1');
      assert.deepEqual(take(), [
        'before_insert',
        'before_naming',
        'autoname',
        'before_validate',
        'validate',
        'before_save',
        'after_insert',
        'on_update',
        'on_change',
      ]);
    });

    test('save, submit, update after submit and cancel fire their methods in order', async () => {
      await admin((ctx) => insertDoc(ctx, { doctype, title: 'B1' }));
      take();
      await admin((ctx) => saveDoc(ctx, { doctype, name: 'LOAN-B1', title: 'B1', note: 'x' }));
      assert.deepEqual(take(), ['before_validate', 'validate', 'before_save', 'on_update', 'on_change']);
      await admin((ctx) => submitDoc(ctx, doctype, 'LOAN-B1'));
      assert.deepEqual(take(), [
        'before_validate',
        'validate',
        'before_submit',
        'on_update',
        'on_submit',
        'on_change',
      ]);
      const stored = await admin((ctx) => runDocMethod(ctx, doctype, 'LOAN-B1', 'peek'));
      await admin((ctx) => saveDoc(ctx, { ...stored.doc, days: 3 }));
      assert.deepEqual(take(), ['before_update_after_submit', 'on_update_after_submit', 'on_change']);
      await admin((ctx) => cancelDoc(ctx, doctype, 'LOAN-B1'));
      assert.deepEqual(take(), ['before_cancel', 'on_cancel', 'on_change']);
      await admin((ctx) => deleteDoc(ctx, doctype, 'LOAN-B1'));
      assert.deepEqual(take(), ['on_trash', 'after_delete']);
    });

    test('rename fires before_rename and after_rename with the old and new names', async () => {
      await admin((ctx) => insertDoc(ctx, { doctype, title: 'C1' }));
      take();
      await admin((ctx) => renameDoc(ctx, doctype, 'LOAN-C1', 'LOAN-C2'));
      assert.deepEqual(take(), [
        'before_rename(LOAN-C1,LOAN-C2,false)',
        'after_rename(LOAN-C1,LOAN-C2,false)',
      ]);
    });

    test('a method throwing stops the write', async () => {
      const error = await rejection(
        admin((ctx) => insertDoc(ctx, { doctype, title: 'D1', status: 'Issued' })),
      );
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /needs a note/);
      const missing = await rejection(admin((ctx) => runDocMethod(ctx, doctype, 'LOAN-D1', 'peek')));
      assert.ok(missing instanceof DoesNotExistError);
    });

    test('state kept on this in one method reaches the later methods of the same operation', async () => {
      carried.length = 0;
      await admin(async (ctx) => {
        await insertDoc(ctx, { doctype, title: 'E1' });
        await saveDoc(ctx, { doctype, name: 'LOAN-E1', title: 'E1-renamed' });
      });
      // validate saw no stored document on insert, the stored title on save; on_update read what it kept.
      assert.deepEqual(carried, ['new', 'E1']);
    });

    test('a whitelisted method runs on the stored document and may save it; other methods are not reachable', async () => {
      await admin((ctx) => insertDoc(ctx, { doctype, title: 'F1', days: 1 }));
      const { message, doc } = await admin((ctx) =>
        runDocMethod(ctx, doctype, 'LOAN-F1', 'renew', { days: 5 }, 'write'),
      );
      assert.equal(message, 6);
      assert.equal(doc.days, 6);
      const peek = await admin((ctx) => runDocMethod(ctx, doctype, 'LOAN-F1', 'peek'));
      assert.equal(peek.message, 'F1:0');
      const hidden = await rejection(admin((ctx) => runDocMethod(ctx, doctype, 'LOAN-F1', 'save')));
      assert.ok(hidden instanceof DoesNotExistError);
    });

    test('a later class overrides the earlier one where it applies; elsewhere the earlier one still acts', async () => {
      const other = await s.defineDocType({
        name: uniqueName('Shelf'),
        fields: [{ fieldname: 'label', fieldtype: 'Data', label: 'Label' }],
      });
      const seen: string[] = [];
      class Base extends Document {
        override validate() {
          seen.push('base');
        }
      }
      class Override extends Base {
        override validate() {
          seen.push('override');
          this.label = String(this.label).toUpperCase();
        }
      }
      registerDocumentClass(s.controllers, other, Base);
      registerDocumentClass(s.controllers, other, Override, {
        appliesTo: (ctx) => ctx.user === 'Administrator',
      });
      const doc = await admin((ctx) => insertDoc(ctx, { doctype: other, label: 'low' }));
      assert.equal(doc.label, 'LOW');
      assert.deepEqual(seen, ['override']);
      const user = await s.user('shelver@example.com', ['System Manager']);
      const plain = await s.as(user, (ctx) =>
        insertDoc(ctx, { doctype: other, label: 'low' }, { ignorePermissions: true }),
      );
      assert.equal(plain.label, 'low');
      assert.deepEqual(seen, ['override', 'base']);
    });

    test('a class that is not a Document, or whitelists a missing method, is refused at registration', () => {
      assert.throws(
        () => registerDocumentClass(s.controllers, doctype, class NotADocument {} as never),
        /must be a class extending Document/,
      );
      class Lying extends Document {
        static override whitelisted = ['nothing'];
      }
      assert.throws(() => registerDocumentClass(s.controllers, doctype, Lying), /whitelists nothing/);
    });
  });
}
