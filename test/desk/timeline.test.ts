// The form timeline's entries (desk/src/views/form/timeline/timeline.ts): Version data as sentences a
// person reads, with field labels and child-table rows, and every docinfo list merged newest first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeDocinfo } from '../../desk/src/model/docinfo.ts';
import type { DocField, DocTypeMeta } from '../../desk/src/model/types.ts';
import { buildTimeline, versionLines } from '../../desk/src/views/form/timeline/timeline.ts';

const meta: DocTypeMeta = {
  name: 'Incident',
  fields: [
    { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed' },
    { fieldname: 'urgent', fieldtype: 'Check', label: 'Urgent' },
    { fieldname: 'secret', fieldtype: 'Data', label: 'Secret', hidden: 1 },
    { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Incident Item' },
  ],
};
const children = new Map<string, DocTypeMeta>([
  [
    'Incident Item',
    { name: 'Incident Item', istable: 1, fields: [{ fieldname: 'qty', fieldtype: 'Int', label: 'Qty' }] },
  ],
]);
const version = (data: unknown) => JSON.stringify(data);
// The desk's formatValue needs a DOM; a stand-in that shows the formatting is applied.
const format = (field: DocField, value: unknown) =>
  field.fieldtype === 'Check' ? (value ? 'Yes' : 'No') : String(value);
const context = { meta, childMetas: children, format };

describe('the form timeline', () => {
  it('reads a Version as "changed <Label> from <old> to <new>", leaving hidden fields out', () => {
    const lines = versionLines(
      context,
      version({
        changed: [
          ['status', 'Open', 'Closed'],
          ['urgent', 0, 1],
          ['secret', 'a', 'b'],
        ],
        added: [],
        removed: [],
        row_changed: [],
      }),
    );
    assert.deepEqual(lines, ['changed Status from Open to Closed, Urgent from No to Yes']);
  });

  it('counts rows added and removed per table, and names the row and field of a row change', () => {
    const lines = versionLines(
      context,
      version({
        changed: [['status', null, 'Open']],
        added: [
          ['items', { name: 'r1', qty: 1 }],
          ['items', { name: 'r2', qty: 2 }],
        ],
        removed: [['items', { name: 'r0' }]],
        row_changed: [['items', 2, 'r3', [['qty', 1, 5]]]],
      }),
    );
    assert.deepEqual(lines, [
      'changed Status from (empty) to Open',
      'added 2 rows in Items',
      'removed 1 row in Items',
      'changed Qty from 1 to 5 in Items row 3',
    ]);
  });

  it('says a submit as a status change, and a creation record as "created this"', () => {
    assert.deepEqual(versionLines(context, version({ changed: [['docstatus', 0, 1]] })), [
      'changed Status from Draft to Submitted',
    ]);
    assert.deepEqual(versionLines(context, version({ creation: '2026-01-01 10:00:00' })), ['created this']);
  });

  it('shows nothing for a Version whose only changes are hidden, or whose data is not JSON', () => {
    assert.deepEqual(versionLines(context, version({ changed: [['secret', 'a', 'b']] })), []);
    assert.deepEqual(versionLines(context, 'not json'), []);
  });

  it('merges comments, versions, logs and shares newest first, with the creation last', () => {
    const info = normalizeDocinfo({
      comments: [
        {
          name: 'c1',
          creation: '2026-01-01 10:05:00',
          owner: 'a@x.io',
          content: '<p>Hi</p>',
          comment_type: 'Comment',
        },
      ],
      versions: [
        {
          name: 'v1',
          creation: '2026-01-01 10:03:00',
          owner: 'b@x.io',
          data: version({ changed: [['status', 'Open', 'Closed']] }),
        },
      ],
      assignment_logs: [
        { name: 'l1', creation: '2026-01-01 10:04:00', owner: 'a@x.io', content: 'Assigned to B' },
      ],
      shared: [{ name: 's1', user: 'c@x.io', read: 1, owner: 'a@x.io', creation: '2026-01-01 10:06:00' }],
      tags: 'red, blue',
    });
    assert.deepEqual(info.tags, ['red', 'blue']);
    const entries = buildTimeline(
      info,
      { doctype: 'Incident', name: 'INC-1', owner: 'a@x.io', creation: '2026-01-01 10:00:00' },
      { ...context, nameOf: (user) => user.split('@')[0]!.toUpperCase() },
    );
    assert.deepEqual(
      entries.map((e) => [e.kind, e.lines ?? e.html]),
      [
        ['share', ['shared this document with C']],
        ['comment', '<p>Hi</p>'],
        ['assignment', 'Assigned to B'],
        ['version', ['changed Status from Open to Closed']],
        ['created', ['created this']],
      ],
    );
    assert.equal(
      entries[1]!.comment?.name,
      'c1',
      'a comment entry carries its Comment (for edit and delete)',
    );
  });
});
