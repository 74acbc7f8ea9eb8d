import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CharacterLengthExceededError,
  DuplicateEntryError,
  LinkValidationError,
  MandatoryError,
  NonNegativeError,
  ValidationError,
} from '../../src/errors/index.ts';
import { type Doc, getDoc, insertDoc, saveDoc } from '../../src/model/index.ts';
import { databases } from '../support/services.ts';
import { type ModelSite, openModelSite, rejection, uniqueName } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: validation`, () => {
    let s: ModelSite;
    let dt: string;
    let line: string;
    before(async () => {
      s = await openModelSite(kind);
      line = await s.defineDocType({
        name: uniqueName('Task Line'),
        istable: 1,
        fields: [
          { fieldname: 'step', fieldtype: 'Data', label: 'Step', reqd: 1 },
          { fieldname: 'owner_user', fieldtype: 'Link', label: 'Owner User', options: 'User' },
        ],
      });
      dt = await s.defineDocType({
        name: uniqueName('Task'),
        fields: [
          { fieldname: 'subject', fieldtype: 'Data', label: 'Subject', reqd: 1, length: 20 },
          { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nDone' },
          { fieldname: 'hours', fieldtype: 'Float', label: 'Hours', non_negative: 1, precision: '2' },
          { fieldname: 'count', fieldtype: 'Int', label: 'Count' },
          { fieldname: 'done', fieldtype: 'Check', label: 'Done' },
          { fieldname: 'due', fieldtype: 'Date', label: 'Due', default: 'Today' },
          { fieldname: 'starts', fieldtype: 'Datetime', label: 'Starts' },
          { fieldname: 'at', fieldtype: 'Time', label: 'At' },
          { fieldname: 'code', fieldtype: 'Data', label: 'Code', unique: 1 },
          { fieldname: 'email', fieldtype: 'Data', label: 'Email', options: 'Email' },
          { fieldname: 'assignee', fieldtype: 'Link', label: 'Assignee', options: 'User' },
          { fieldname: 'ref_type', fieldtype: 'Link', label: 'Ref Type', options: 'DocType' },
          { fieldname: 'ref_name', fieldtype: 'Dynamic Link', label: 'Ref Name', options: 'ref_type' },
          { fieldname: 'made_by', fieldtype: 'Data', label: 'Made By', default: '__user' },
          { fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: line },
        ],
      });
    });
    after(() => s.close());

    const insert = (doc: Record<string, unknown>) =>
      s.as('Administrator', (ctx) => insertDoc(ctx, { doctype: dt, ...doc }));

    test('defaults and coercion: Today, __user, Select first option, numbers, check, datetimes', async () => {
      const doc = await insert({
        subject: 'a',
        hours: '1.236',
        count: '7',
        done: true,
        starts: '2024-05-01T10:20:30.5+00:00',
        at: '9:05',
      });
      const today = new Date();
      const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      assert.equal(doc.due, ymd);
      assert.equal(doc.made_by, 'Administrator');
      assert.equal(doc.status, 'Open');
      assert.equal(doc.hours, 1.24);
      assert.equal(doc.count, 7);
      assert.equal(doc.done, 1);
      const utc = new Date(Date.UTC(2024, 4, 1, 10, 20, 30, 500));
      const local = `${utc.getFullYear()}-${String(utc.getMonth() + 1).padStart(2, '0')}-${String(utc.getDate()).padStart(2, '0')} ${String(utc.getHours()).padStart(2, '0')}:20:30.500000`;
      assert.equal(doc.starts, local);
      assert.equal(doc.at, '09:05:00.000000');
      assert.match(String(doc.creation), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      assert.equal(doc.owner, 'Administrator');
      assert.equal(doc.docstatus, 0);
      assert.ok(!('email' in doc), 'nulls are omitted');
      const read = await s.as('Administrator', (ctx) => getDoc(ctx, dt, String(doc.name)));
      assert.deepEqual(read, doc);
    });

    test('a missing mandatory value is a MandatoryError naming the field (also in child rows)', async () => {
      const error = await rejection(insert({ subject: '  ' }));
      assert.ok(error instanceof MandatoryError);
      assert.equal((error as unknown as MandatoryError).status, 417);
      assert.match(error.message, /Subject/);
      const row = await rejection(insert({ subject: 'x', lines: [{ step: '' }] }));
      assert.ok(row instanceof MandatoryError);
      assert.match(row.message, /Step in Lines row 1/);
    });

    test('a Select value outside its options is a ValidationError', async () => {
      const error = await rejection(insert({ subject: 'x', status: 'Maybe' }));
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /Status cannot be "Maybe"/);
    });

    test('a value longer than the field allows is a CharacterLengthExceededError', async () => {
      const error = await rejection(insert({ subject: 'x'.repeat(21) }));
      assert.ok(error instanceof CharacterLengthExceededError);
    });

    test('wrong types are ValidationErrors', async () => {
      for (const bad of [
        { count: 'seven' },
        { due: '2024-02-30' },
        { starts: 'yesterday' },
        { at: '25:00' },
        { subject: ['a'] },
      ]) {
        const error = await rejection(insert({ subject: 'x', ...bad }));
        assert.ok(error instanceof ValidationError, `${JSON.stringify(bad)}: ${error.message}`);
      }
      const negative = await rejection(insert({ subject: 'x', hours: -1 }));
      assert.ok(negative instanceof NonNegativeError);
      const email = await rejection(insert({ subject: 'x', email: 'not-an-address' }));
      assert.ok(email instanceof ValidationError);
      assert.match(email.message, /not a valid Email Address/);
    });

    test('Links must exist (LinkValidationError), and take the stored spelling', async () => {
      const error = await rejection(insert({ subject: 'x', assignee: 'nobody@example.com' }));
      assert.ok(error instanceof LinkValidationError);
      assert.match(error.message, /Could not find Assignee: nobody@example.com/);
      const inRow = await rejection(insert({ subject: 'x', lines: [{ step: 's', owner_user: 'ghost' }] }));
      assert.ok(inRow instanceof LinkValidationError);
      const ok = await insert({ subject: 'x', assignee: 'Administrator' });
      assert.equal(ok.assignee, 'Administrator');
    });

    test('Dynamic Links must name an existing document of the named DocType', async () => {
      const missing = await rejection(insert({ subject: 'x', ref_type: 'User', ref_name: 'ghost' }));
      assert.ok(missing instanceof LinkValidationError);
      const noType = await rejection(insert({ subject: 'x', ref_name: 'Administrator' }));
      assert.ok(noType instanceof ValidationError);
      const ok = await insert({ subject: 'x', ref_type: 'User', ref_name: 'Administrator' });
      assert.equal(ok.ref_name, 'Administrator');
    });

    test('a duplicate unique value is a DuplicateEntryError (409) naming the field', async () => {
      await insert({ subject: 'first', code: 'C-1' });
      const error = await rejection(insert({ subject: 'second', code: 'C-1' }));
      assert.ok(error instanceof DuplicateEntryError);
      assert.equal((error as unknown as DuplicateEntryError).status, 409);
      assert.equal((error as unknown as DuplicateEntryError).fieldname, 'code');
      assert.match(error.message, /Code must be unique/);
    });

    test('child rows: inserted, updated, and deleted when missing from the payload', async () => {
      const doc = await insert({
        subject: 'rows',
        lines: [{ step: 'one' }, { step: 'two' }, { step: 'three' }],
      });
      const rows = doc.lines as Doc[];
      assert.deepEqual(
        rows.map((r) => [r.step, r.idx, r.parent, r.parentfield, r.parenttype, r.doctype]),
        [
          ['one', 1, doc.name, 'lines', dt, line],
          ['two', 2, doc.name, 'lines', dt, line],
          ['three', 3, doc.name, 'lines', dt, line],
        ],
      );
      const saved = await s.as('Administrator', (ctx) =>
        saveDoc(ctx, {
          ...doc,
          lines: [{ ...rows[2]!, step: 'three!' }, { step: 'four', name: 'new-row-1' }, rows[0]!],
        }),
      );
      const after = saved.lines as Doc[];
      assert.deepEqual(
        after.map((r) => [r.step, r.idx]),
        [
          ['three!', 1],
          ['four', 2],
          ['one', 3],
        ],
      );
      assert.equal(after[0]!.name, rows[2]!.name, 'an updated row keeps its name');
      assert.equal(after[2]!.name, rows[0]!.name);
      assert.match(String(after[1]!.name), /^[0-9a-f]{10}$/, 'a new row gets its own name');
      const q = s.db.dialect.quote;
      const stored = await s.db.all<{ step: string }>(
        `SELECT ${q('step')} FROM ${q(`tab${line}`)} WHERE ${q('parent')} = ? ORDER BY ${q('idx')}`,
        [doc.name],
      );
      assert.deepEqual(
        stored.map((r) => r.step),
        ['three!', 'four', 'one'],
      );
      const read = await s.as('Administrator', (ctx) => getDoc(ctx, dt, String(doc.name)));
      assert.deepEqual(read, saved);
    });

    test('a row name of another document is not taken over', async () => {
      const a = await insert({ subject: 'a', lines: [{ step: 'a1' }] });
      const b = await insert({ subject: 'b', lines: [{ step: 'b1' }] });
      const foreign = (a.lines as Doc[])[0]!.name;
      const saved = await s.as('Administrator', (ctx) =>
        saveDoc(ctx, { ...b, lines: [{ step: 'stolen?', name: foreign }] }),
      );
      assert.notEqual((saved.lines as Doc[])[0]!.name, foreign);
      const stillA = await s.as('Administrator', (ctx) => getDoc(ctx, dt, String(a.name)));
      assert.equal((stillA.lines as Doc[])[0]!.step, 'a1');
    });
  });
}
