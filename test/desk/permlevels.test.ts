// The desk's field-level permissions (desk/src/model/permlevels.ts): per permlevel, read/write for the
// current user from the DocType's DocPerm rows and their roles, as the server strips and resets fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allAccess, permlevelAccess, permlevelOf } from '../../desk/src/model/permlevels.ts';
import type { DocTypeMeta } from '../../desk/src/model/types.ts';

const meta: DocTypeMeta = {
  name: 'Expense',
  fields: [
    { fieldname: 'amount', fieldtype: 'Currency' },
    { fieldname: 'approved_by', fieldtype: 'Data', permlevel: 1 },
    { fieldname: 'audit_note', fieldtype: 'Data', permlevel: 2 },
  ],
  permissions: [
    { role: 'Employee', permlevel: 0, read: 1, write: 1 },
    { role: 'Employee', permlevel: 1, read: 1, write: 0 },
    { role: 'Approver', permlevel: 1, read: 1, write: 1 },
    { role: 'Auditor', permlevel: 2, read: 1, write: 1, if_owner: 1 },
    { role: 'Clerk', permlevel: 2, write: 1 },
  ],
};
const doc = { doctype: 'Expense', name: 'EXP-1', owner: 'ann@example.com' };

describe('permlevelAccess', () => {
  it('gives each level the rights of the rows of the user’s roles', () => {
    const at = permlevelAccess(meta, { name: 'ann@example.com', roles: ['Employee'] }, doc);
    assert.deepEqual(at(1), { read: true, write: false });
    assert.deepEqual(at(2), { read: false, write: false });
    const approver = permlevelAccess(meta, { name: 'bo@example.com', roles: ['Employee', 'Approver'] }, doc);
    assert.deepEqual(approver(1), { read: true, write: true }, 'rights of several roles add up');
  });

  it('leaves level 0 to the server: the form shows the document it was given', () => {
    const at = permlevelAccess(meta, { name: 'cy@example.com', roles: [] }, doc);
    assert.deepEqual(at(0), { read: true, write: true });
    assert.deepEqual(at(1), { read: false, write: false });
  });

  it('counts if_owner rows only for the document’s owner (a new document is the user’s own)', () => {
    const auditor = { roles: ['Auditor'] };
    assert.deepEqual(permlevelAccess(meta, { name: 'ann@example.com', ...auditor }, doc)(2), {
      read: true,
      write: true,
    });
    assert.deepEqual(permlevelAccess(meta, { name: 'dan@example.com', ...auditor }, doc)(2), {
      read: false,
      write: false,
    });
    const fresh = { doctype: 'Expense', __islocal: 1 };
    assert.equal(permlevelAccess(meta, { name: 'dan@example.com', ...auditor }, fresh)(2).write, true);
  });

  it('does not let a field be written that cannot be read', () => {
    assert.deepEqual(permlevelAccess(meta, { name: 'ed@example.com', roles: ['Clerk'] }, doc)(2), {
      read: false,
      write: false,
    });
  });

  it('lets Administrator do everything', () => {
    const at = permlevelAccess(meta, { name: 'Administrator', roles: [] }, doc);
    assert.equal(at, allAccess);
    assert.deepEqual(at(2), { read: true, write: true });
  });

  it('reads a field’s level, 0 when unset', () => {
    assert.deepEqual(
      meta.fields.map((f) => permlevelOf(f)),
      [0, 1, 2],
    );
  });
});
