// User Permissions through the REST API: a user limited to some Regions sees only the Depots whose Region
// Link is allowed or empty (and only those Regions), cannot read, insert or save a Depot pointing elsewhere;
// `applicable_for` limits a row to one DocType, `ignore_user_permissions` exempts a field, Administrator is
// never limited, and a share still opens a document the rows hide.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

const clerkRights = { read: 1, write: 1, create: 1, delete: 1, share: 1 };
const doctypes = [
  {
    name: 'Region',
    module: 'Custom',
    autoname: 'field:region_name',
    fields: [{ fieldname: 'region_name', fieldtype: 'Data', label: 'Region Name', reqd: 1, unique: 1 }],
    permissions: [
      { role: 'Widget Clerk', ...clerkRights },
      { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
    ],
  },
  {
    name: 'Depot Item',
    module: 'Custom',
    istable: 1,
    fields: [{ fieldname: 'region', fieldtype: 'Link', label: 'Region', options: 'Region' }],
    permissions: [],
  },
  {
    name: 'Depot',
    module: 'Custom',
    autoname: 'field:depot_name',
    fields: [
      { fieldname: 'depot_name', fieldtype: 'Data', label: 'Depot Name', reqd: 1, unique: 1 },
      { fieldname: 'region', fieldtype: 'Link', label: 'Region', options: 'Region' },
      {
        fieldname: 'backup_region',
        fieldtype: 'Link',
        label: 'Backup Region',
        options: 'Region',
        ignore_user_permissions: 1,
      },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Depot Item' },
    ],
    permissions: [
      { role: 'Widget Clerk', ...clerkRights },
      { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
    ],
  },
  {
    name: 'Route',
    module: 'Custom',
    autoname: 'field:route_name',
    fields: [
      { fieldname: 'route_name', fieldtype: 'Data', label: 'Route Name', reqd: 1, unique: 1 },
      { fieldname: 'region', fieldtype: 'Link', label: 'Region', options: 'Region' },
    ],
    permissions: [{ role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 }],
  },
];

for (const kind of databases) {
  describe(`${kind}: User Permissions`, () => {
    let t: ApiSite;
    const post = async (user: string, doctype: string, body: Json) =>
      t.call(user, 'POST', `/api/resource/${encodeURIComponent(doctype)}`, body);
    const names = async (user: string, doctype: string) => {
      const response = await t.call(
        user,
        'GET',
        `/api/resource/${doctype}?limit_page_length=0&order_by=name%20asc`,
      );
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.data.map((r: Json) => r.name);
    };
    const count = async (user: string, doctype: string) =>
      (await t.call(user, 'POST', '/api/method/frappe.client.get_count', { doctype })).body.message;
    const depots = async () => {
      const q = t.db.dialect.quote;
      return t.db.all(`select ${q('name')}, ${q('region')} from ${q('tabDepot')} order by ${q('name')}`);
    };
    const userPermissions = async () => {
      const q = t.db.dialect.quote;
      return t.db.all(`select ${q('name')} from ${q('tabUser Permission')} order by ${q('name')}`);
    };

    before(async () => {
      t = await createApiSite(kind);
      for (const doctype of doctypes) {
        const created = await post('Administrator', 'DocType', doctype);
        assert.equal(created.status, 200, JSON.stringify(created.body));
      }
      for (const region_name of ['North', 'South', 'East'])
        assert.equal((await post('Administrator', 'Region', { region_name })).status, 200);
      for (const depot of [
        { depot_name: 'D-North', region: 'North' },
        { depot_name: 'D-South', region: 'South' },
        { depot_name: 'D-None' },
        { depot_name: 'D-Backup', region: 'North', backup_region: 'South' },
      ])
        assert.equal((await post('Administrator', 'Depot', depot)).status, 200);
      for (const route of [
        { route_name: 'R-North', region: 'North' },
        { route_name: 'R-South', region: 'South' },
      ])
        assert.equal((await post('Administrator', 'Route', route)).status, 200);
      for (const row of [
        { user: users.clerk, allow: 'Region', for_value: 'North' },
        {
          user: users.reader,
          allow: 'Region',
          for_value: 'South',
          apply_to_all_doctypes: 0,
          applicable_for: 'Depot',
        },
        { user: 'Administrator', allow: 'Region', for_value: 'North' },
      ]) {
        const created = await post('Administrator', 'User Permission', row);
        assert.equal(created.status, 200, JSON.stringify(created.body));
      }
    });
    after(() => t.close());

    it('lists only documents whose restricted Links are allowed or empty, and counts alike', async () => {
      assert.deepEqual(await names(users.clerk, 'Depot'), ['D-Backup', 'D-None', 'D-North']);
      assert.equal(await count(users.clerk, 'Depot'), 3);
      const v2 = await t.call(
        users.clerk,
        'GET',
        '/api/v2/document/Depot?fields=["name"]&order_by=name%20asc',
      );
      assert.deepEqual(
        v2.body.data.map((r: Json) => r.name),
        ['D-Backup', 'D-None', 'D-North'],
      );
      assert.deepEqual(await names(users.clerk, 'Region'), ['North'], 'the restricted DocType itself');
    });

    it('refuses to read a document linked to a value not allowed, and exempts ignored fields', async () => {
      const south = await t.call(users.clerk, 'GET', '/api/resource/Depot/D-South');
      assert.equal(south.status, 403);
      assert.equal(south.body.exc_type, 'PermissionError');
      assert.match(JSON.stringify(south.body._server_messages), /linked to Region 'South'/);
      assert.equal((await t.call(users.clerk, 'GET', '/api/resource/Depot/D-North')).status, 200);
      const backup = await t.call(users.clerk, 'GET', '/api/resource/Depot/D-Backup');
      assert.equal(backup.status, 200, 'backup_region ignores User Permissions');
      assert.equal(backup.body.data.backup_region, 'South');
      assert.equal((await t.call(users.clerk, 'GET', '/api/resource/Region/South')).status, 403);
    });

    it('refuses inserts and saves that point at a value not allowed, changing nothing', async () => {
      const before_ = await depots();
      const inserted = await post(users.clerk, 'Depot', { depot_name: 'D-Sneaky', region: 'South' });
      assert.equal(inserted.status, 403);
      assert.equal(inserted.body.exc_type, 'PermissionError');
      const viaRow = await post(users.clerk, 'Depot', {
        depot_name: 'D-Rows',
        region: 'North',
        items: [{ region: 'South' }],
      });
      assert.equal(viaRow.status, 403, 'child rows are checked too');
      const moved = await t.call(users.clerk, 'PUT', '/api/resource/Depot/D-North', { region: 'East' });
      assert.equal(moved.status, 403);
      assert.deepEqual(await depots(), before_);
      const allowed = await post(users.clerk, 'Depot', { depot_name: 'D-Clerk', region: 'North' });
      assert.equal(allowed.status, 200);
      const emptied = await t.call(users.clerk, 'PUT', '/api/resource/Depot/D-Clerk', { region: null });
      assert.equal(emptied.status, 200, 'an empty Link is allowed');
    });

    it('applies a row with applicable_for only to that DocType', async () => {
      assert.deepEqual(await names(users.reader, 'Depot'), ['D-Clerk', 'D-None', 'D-South']);
      assert.equal((await t.call(users.reader, 'GET', '/api/resource/Depot/D-North')).status, 403);
      assert.deepEqual(await names(users.reader, 'Route'), ['R-North', 'R-South']);
      assert.deepEqual(await names(users.reader, 'Region'), ['East', 'North', 'South']);
    });

    it('never limits Administrator', async () => {
      assert.deepEqual(await names('Administrator', 'Depot'), [
        'D-Backup',
        'D-Clerk',
        'D-None',
        'D-North',
        'D-South',
      ]);
      assert.equal((await t.call('Administrator', 'GET', '/api/resource/Depot/D-South')).status, 200);
    });

    it('still opens a document shared with the user', async () => {
      const shared = await t.call('Administrator', 'POST', '/api/method/frappe.share.add', {
        doctype: 'Depot',
        name: 'D-South',
        user: users.clerk,
      });
      assert.equal(shared.status, 200);
      assert.equal((await t.call(users.clerk, 'GET', '/api/resource/Depot/D-South')).status, 200);
      assert.deepEqual(await names(users.clerk, 'Depot'), [
        'D-Backup',
        'D-Clerk',
        'D-None',
        'D-North',
        'D-South',
      ]);
    });

    it('lets only System Manager manage User Permissions, and refuses bad rows', async () => {
      const before_ = await userPermissions();
      const byClerk = await post(users.clerk, 'User Permission', {
        user: users.clerk,
        allow: 'Region',
        for_value: 'South',
      });
      assert.equal(byClerk.status, 403);
      const cases: Array<[Json, number, string]> = [
        [{ user: users.clerk, allow: 'Region', for_value: 'North' }, 409, 'DuplicateEntryError'],
        [
          { user: users.clerk, allow: 'Region', for_value: 'East', apply_to_all_doctypes: 0 },
          417,
          'MandatoryError',
        ],
        [{ user: users.clerk, allow: 'Region', for_value: 'Atlantis' }, 417, 'LinkValidationError'],
        [{ user: 'ghost@example.com', allow: 'Region', for_value: 'East' }, 417, 'LinkValidationError'],
      ];
      for (const [row, status, excType] of cases) {
        const response = await post('Administrator', 'User Permission', row);
        assert.equal(response.status, status, JSON.stringify([row, response.body]));
        assert.equal(response.body.exc_type, excType);
      }
      assert.deepEqual(await userPermissions(), before_);
    });
  });
}
