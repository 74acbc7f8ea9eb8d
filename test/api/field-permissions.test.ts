// Field-level read permissions (permlevels) in every list and query API: a field at permlevel 1 that only
// System Manager may read never reaches a level-0 reader — not as a column, through `*`, a child table, a Link
// target or an aggregate, and not through a filter, sort or group-by that would tell its values — while a
// System Manager still gets it everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, userPassword, users } from './support.ts';

const manager = 'payroll-manager@example.com';
const reader = users.reader; // Widget Reader: reads Staff and Staff Review at level 0 only

const readerAtLevel0 = { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 };
const managerRights = [
  { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
  { role: 'System Manager', permlevel: 1, read: 1, write: 1, create: 0, delete: 0 },
];

const doctypes = [
  {
    name: 'Staff Note',
    module: 'Custom',
    istable: 1,
    fields: [
      { fieldname: 'note', fieldtype: 'Data', label: 'Note' },
      { fieldname: 'bonus', fieldtype: 'Int', label: 'Bonus', permlevel: 1 },
    ],
    permissions: [],
  },
  {
    name: 'Staff Secret Note',
    module: 'Custom',
    istable: 1,
    fields: [{ fieldname: 'text', fieldtype: 'Data', label: 'Text' }],
    permissions: [],
  },
  {
    name: 'Staff',
    module: 'Custom',
    autoname: 'field:full_name',
    search_fields: 'band',
    fields: [
      { fieldname: 'full_name', fieldtype: 'Data', label: 'Full Name', reqd: 1, unique: 1 },
      { fieldname: 'salary', fieldtype: 'Currency', label: 'Salary', permlevel: 1 },
      { fieldname: 'band', fieldtype: 'Data', label: 'Band', permlevel: 1 },
      { fieldname: 'notes', fieldtype: 'Table', label: 'Notes', options: 'Staff Note' },
      {
        fieldname: 'secret_notes',
        fieldtype: 'Table',
        label: 'Secret Notes',
        options: 'Staff Secret Note',
        permlevel: 1,
      },
    ],
    permissions: [...managerRights, readerAtLevel0],
  },
  {
    name: 'Staff Review',
    module: 'Custom',
    autoname: 'field:title',
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1, unique: 1 },
      { fieldname: 'staff', fieldtype: 'Link', label: 'Staff', options: 'Staff' },
    ],
    permissions: [...managerRights, readerAtLevel0],
  },
];

const staff = [
  {
    full_name: 'Ann',
    salary: 9000,
    band: 'B7',
    notes: [{ note: 'promoted', bonus: 500 }],
    secret_notes: [{ text: 'hush' }],
  },
  { full_name: 'Bob', salary: 1000, band: 'B1', notes: [{ note: 'new', bonus: 0 }] },
];

const secretKeys = ['salary', 'band', 'bonus', 'm', 'top', 'text', 'secret_notes'];

for (const kind of databases) {
  describe(`${kind}: field-level read permissions in lists and queries`, () => {
    let t: ApiSite;
    const get = (user: string, path: string) => t.call(user, 'GET', path);
    const method = (user: string, name: string, body: Json) =>
      t.call(user, 'POST', `/api/method/${name}`, body);
    const list = (fields: unknown, extra: Record<string, string> = {}) => {
      const given = typeof fields === 'string' ? fields : JSON.stringify(fields);
      return `/api/resource/Staff?${new URLSearchParams({ fields: given, order_by: 'name asc', ...extra })}`;
    };

    // No secret anywhere in a reply, whatever its shape: neither a secret field's name nor a stored value.
    const secretValues = new Set<unknown>([9000, 1000, '9000', '1000', 500, '500', 'B7', 'B1', 'hush']);
    const assertNoSecret = (body: Json, why: string) => {
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object')
          for (const [key, inner] of Object.entries(value)) {
            assert.ok(!secretKeys.includes(key), `${why}: key ${key} in ${JSON.stringify(body)}`);
            walk(inner);
          }
        else {
          assert.ok(!secretValues.has(value), `${why}: ${String(value)} in ${JSON.stringify(body)}`);
          // Not inside a message either (numbers could be part of a timestamp, these words cannot).
          if (typeof value === 'string')
            for (const word of ['B7', 'hush']) assert.ok(!value.includes(word), `${why}: ${value}`);
        }
      };
      walk(body);
    };
    const refused = (response: { status: number; body: Json }, why: string) => {
      assert.equal(response.status, 417, `${why}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.exc_type ?? response.body.errors?.[0]?.type, 'DataError', why);
      assertNoSecret(response.body, why);
    };

    before(async () => {
      t = await createApiSite(kind);
      for (const doctype of doctypes) {
        const created = await t.call('Administrator', 'POST', '/api/resource/DocType', doctype);
        assert.equal(created.status, 200, JSON.stringify(created.body));
      }
      await createUser(t.db, {
        email: manager,
        firstName: 'Payroll',
        password: userPassword,
        roles: ['System Manager'],
      });
      for (const row of staff) {
        const created = await t.call('Administrator', 'POST', '/api/resource/Staff', row);
        assert.equal(created.status, 200, JSON.stringify(created.body));
      }
      const review = await t.call('Administrator', 'POST', '/api/resource/Staff Review', {
        title: 'R1',
        staff: 'Ann',
      });
      assert.equal(review.status, 200, JSON.stringify(review.body));
    });
    after(() => t.close());

    it('drops an unreadable column from REST v1 and v2 lists, and `*` expands to readable columns only', async () => {
      for (const path of [
        list(['name', 'salary']),
        list(['name', '`tabStaff`.`salary`', 'band as top']),
        list('*'),
        list(['*']),
        `/api/v2/document/Staff?${new URLSearchParams({ fields: JSON.stringify(['name', 'salary']), order_by: 'name asc' })}`,
      ]) {
        const response = await get(reader, path);
        assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
        assert.deepEqual(
          response.body.data.map((r: Json) => r.name),
          ['Ann', 'Bob'],
          path,
        );
        assertNoSecret(response.body, path);
      }
      const star = await get(reader, list('*'));
      assert.equal(star.body.data[0].full_name, 'Ann', 'readable columns of * stay');
      // Nothing readable left to select: no rows, as Frappe answers.
      assert.deepEqual((await get(reader, list(['salary']))).body.data, []);
    });

    it('hides child-table and Link-target fields the reader may not read', async () => {
      for (const fields of [
        ['name', '`tabStaff Note`.`bonus`'],
        ['name', 'notes.bonus'],
        ['name', 'tabStaff Note.bonus'],
      ]) {
        const response = await get(reader, list(fields));
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.ok(response.body.data.length > 0);
        assertNoSecret(response.body, JSON.stringify(fields));
      }
      // A Table field the reader may not read hides its rows however they are reached.
      for (const fields of [
        ['name', 'secret_notes.text'],
        ['name', '`tabStaff Secret Note`.`text`'],
      ]) {
        const response = await get(reader, list(fields));
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assertNoSecret(response.body, JSON.stringify(fields));
      }
      refused(
        await get(
          reader,
          list(['name'], { filters: JSON.stringify([['Staff Secret Note', 'text', '=', 'hush']]) }),
        ),
        'filter through a hidden Table field',
      );
      const rows = await get(reader, '/api/resource/Staff Secret Note?parent=Staff&fields=["text"]');
      assert.equal(rows.status, 403, JSON.stringify(rows.body));
      assertNoSecret(rows.body, 'child rows of a hidden Table field');
      const note = await get(reader, list(['name', 'notes.note']));
      assert.deepEqual(
        note.body.data.map((r: Json) => r.note),
        ['promoted', 'new'],
        'readable child fields stay',
      );
      const viaLink = await get(
        reader,
        `/api/resource/Staff Review?${new URLSearchParams({ fields: JSON.stringify(['name', 'staff.salary', 'staff.full_name']) })}`,
      );
      assert.equal(viaLink.status, 200, JSON.stringify(viaLink.body));
      assert.deepEqual(viaLink.body.data, [{ name: 'R1', full_name: 'Ann' }]);
    });

    it('drops aggregates of unreadable columns and refuses to filter, sort or group by them', async () => {
      const aggregate = await get(
        reader,
        list(['count(name) as n', 'max(salary) as m', 'sum(salary) as top'], { order_by: '' }),
      );
      assert.equal(aggregate.status, 200, JSON.stringify(aggregate.body));
      assert.deepEqual(aggregate.body.data, [{ n: 2 }]);
      const probes: Array<[string, Record<string, string>]> = [
        ['filters', { filters: JSON.stringify([['salary', '>', 5000]]) }],
        ['dict filters', { filters: JSON.stringify({ salary: 9000 }) }],
        ['or_filters', { or_filters: JSON.stringify([['band', 'like', 'B7%']]) }],
        ['child filters', { filters: JSON.stringify([['Staff Note', 'bonus', '>', 0]]) }],
        ['order_by', { order_by: 'salary desc' }],
        ['order_by aggregate', { order_by: 'max(salary) desc', group_by: 'name' }],
        ['group_by', { group_by: 'salary' }],
      ];
      for (const [why, extra] of probes) {
        refused(await get(reader, list(['name'], extra)), `v1 ${why}`);
        const args = Object.fromEntries(
          Object.entries(extra).map(([k, v]) => [k, k.endsWith('filters') ? JSON.parse(v) : v]),
        );
        refused(
          await method(reader, 'frappe.client.get_list', { doctype: 'Staff', fields: ['name'], ...args }),
          `get_list ${why}`,
        );
        refused(
          await method(reader, 'frappe.desk.reportview.get', { doctype: 'Staff', fields: ['name'], ...args }),
          `reportview.get ${why}`,
        );
      }
      refused(
        await method(reader, 'frappe.client.get_count', { doctype: 'Staff', filters: { salary: 9000 } }),
        'get_count',
      );
      refused(
        await get(
          reader,
          `/api/v2/doctype/Staff/count?${new URLSearchParams({ filters: JSON.stringify({ salary: 9000 }) })}`,
        ),
        'v2 count',
      );
      refused(
        await method(reader, 'frappe.client.get_value', {
          doctype: 'Staff',
          fieldname: 'name',
          filters: { band: 'B7' },
        }),
        'get_value filter',
      );
    });

    it('keeps unreadable fields out of frappe.client and reportview reads', async () => {
      const getList = await method(reader, 'frappe.client.get_list', {
        doctype: 'Staff',
        fields: ['name', 'salary', 'band'],
        order_by: 'name asc',
      });
      assert.equal(getList.status, 200, JSON.stringify(getList.body));
      assert.deepEqual(getList.body.message, [{ name: 'Ann' }, { name: 'Bob' }]);
      const asList = await method(reader, 'frappe.client.get_list', {
        doctype: 'Staff',
        fields: ['name', 'salary'],
        order_by: 'name asc',
        as_dict: 0,
      });
      assert.deepEqual(asList.body.message, [
        ['Ann', null],
        ['Bob', null],
      ]);
      const value = await method(reader, 'frappe.client.get_value', {
        doctype: 'Staff',
        fieldname: ['name', 'salary'],
        filters: 'Ann',
      });
      assert.deepEqual(value.body.message, { name: 'Ann' });
      const single = await method(reader, 'frappe.client.get_value', {
        doctype: 'Staff',
        fieldname: 'salary',
        filters: 'Ann',
        as_dict: 0,
      });
      assert.equal(single.status, 200, JSON.stringify(single.body));
      assertNoSecret(single.body, 'get_value as_dict=0');
      for (const name of ['frappe.desk.reportview.get', 'frappe.desk.reportview.get_list']) {
        const response = await method(reader, name, {
          doctype: 'Staff',
          fields: ['`tabStaff`.`name`', '`tabStaff`.`salary`', '`tabStaff`.`band`'],
          order_by: 'name asc',
        });
        assert.equal(response.status, 200, `${name}: ${JSON.stringify(response.body)}`);
        assertNoSecret(response.body, name);
      }
      const doc = await get(reader, '/api/resource/Staff/Ann');
      assert.equal(doc.status, 200);
      assertNoSecret(doc.body, 'single document GET');
    });

    it('does not search a Link by fields the reader may not read', async () => {
      const byBand = { doctype: 'Staff', txt: 'B7' };
      const hidden = await method(reader, 'frappe.desk.search.search_link', byBand);
      assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
      assert.deepEqual(hidden.body.message, []);
      const found = await method(manager, 'frappe.desk.search.search_link', byBand);
      assert.deepEqual(
        found.body.message.map((s: Json) => s.value),
        ['Ann'],
      );
    });

    it('gives a System Manager every field through the same APIs', async () => {
      const rows = await get(manager, list(['name', 'salary', 'band', 'notes.bonus']));
      assert.equal(rows.status, 200, JSON.stringify(rows.body));
      assert.deepEqual(
        rows.body.data.map((r: Json) => [r.name, Number(r.salary), r.band, Number(r.bonus)]),
        [
          ['Ann', 9000, 'B7', 500],
          ['Bob', 1000, 'B1', 0],
        ],
      );
      const star = await get(manager, list('*'));
      assert.equal(Number(star.body.data[0].salary), 9000);
      const filtered = await get(
        manager,
        list(['name'], { filters: JSON.stringify([['salary', '>', 5000]]) }),
      );
      assert.deepEqual(filtered.body.data, [{ name: 'Ann' }]);
      const sorted = await get(manager, list(['name'], { order_by: 'salary asc' }));
      assert.deepEqual(
        sorted.body.data.map((r: Json) => r.name),
        ['Bob', 'Ann'],
      );
      const grouped = await get(
        manager,
        list(['band', 'count(name) as n'], { group_by: 'band', order_by: 'band asc' }),
      );
      assert.deepEqual(grouped.body.data, [
        { band: 'B1', n: 1 },
        { band: 'B7', n: 1 },
      ]);
      const top = await method(manager, 'frappe.client.get_list', {
        doctype: 'Staff',
        fields: ['max(salary) as m'],
      });
      assert.equal(Number(top.body.message[0].m), 9000);
      const value = await method(manager, 'frappe.client.get_value', {
        doctype: 'Staff',
        fieldname: 'salary',
        filters: { band: 'B7' },
      });
      assert.equal(Number(value.body.message.salary), 9000);
      const viaLink = await get(
        manager,
        `/api/resource/Staff Review?${new URLSearchParams({ fields: JSON.stringify(['name', 'staff.salary']) })}`,
      );
      assert.equal(Number(viaLink.body.data[0].salary), 9000);
      const report = await method(manager, 'frappe.desk.reportview.get', {
        doctype: 'Staff',
        fields: ['`tabStaff`.`name`', '`tabStaff`.`salary`'],
        order_by: 'name asc',
      });
      assert.deepEqual(report.body.message.keys, ['name', 'salary']);
      const doc = await get(manager, '/api/resource/Staff/Ann');
      assert.equal(Number(doc.body.data.salary), 9000);
      const secret = await get(manager, '/api/resource/Staff Secret Note?parent=Staff&fields=["text"]');
      assert.deepEqual(secret.body.data, [{ text: 'hush' }]);
      const through = await get(
        manager,
        list(['name', 'secret_notes.text'], { filters: '[["name","=","Ann"]]' }),
      );
      assert.deepEqual(through.body.data, [{ name: 'Ann', text: 'hush' }]);
    });
  });
}
