// The desk's boot data (`/app`): `can_read` lists the DocTypes the user may read, by the same rules as every
// read, and follows DocType permission changes at once; `roles` are the user's roles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminPassword } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, siteHeaders, userPassword, users } from './support.ts';

for (const kind of databases) {
  describe(`${kind}: can_read in the desk boot`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
    });
    after(() => t.close());

    const bootOf = async (user: string, password = userPassword) => {
      const login = await fetch(`${t.url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...siteHeaders },
        body: JSON.stringify({ usr: user, pwd: password }),
      });
      const sid = /sid=([^;]+)/.exec(login.headers.getSetCookie().join(';'))?.[1];
      const page = await fetch(`${t.url}/app`, { headers: { cookie: `sid=${sid}`, ...siteHeaders } });
      assert.equal(page.status, 200);
      const json = /<script type="application\/json" id="cortado-boot">(.*?)<\/script>/s.exec(
        await page.text(),
      );
      return JSON.parse(json![1]!) as {
        roles: string[];
        can_read: string[];
        readable_doctypes: Array<{ name: string; module: string }>;
      };
    };

    it('lists what the user may read, child tables excepted', async () => {
      const boot = await bootOf(users.reader);
      assert.ok(boot.can_read.includes('Widget'), JSON.stringify(boot.can_read));
      assert.ok(boot.can_read.includes('ToDo'));
      assert.ok(!boot.can_read.includes('Widget Part'), 'child tables are read through their parent');
      assert.ok(!boot.can_read.includes('DocType'));
      assert.ok(!boot.can_read.includes('User'));
      assert.deepEqual(
        boot.readable_doctypes.find((d) => d.name === 'Widget'),
        { name: 'Widget', module: 'Custom', issingle: 0, is_submittable: 1 },
      );
      const nobody = await bootOf(users.nobody);
      assert.ok(!nobody.can_read.includes('Widget'));
    });

    it("carries the user's roles (Frappe's `boot.user.roles`)", async () => {
      const reader = await bootOf(users.reader);
      assert.ok(reader.roles.includes('Widget Reader'), JSON.stringify(reader.roles));
      assert.ok(!reader.roles.includes('System Manager'));
      const admin = await bootOf('Administrator', adminPassword);
      assert.ok(admin.roles.includes('Administrator') && admin.roles.includes('System Manager'));
    });

    it('follows a DocType whose permissions change', async () => {
      const created = await t.call('Administrator', 'POST', '/api/resource/DocType', {
        name: 'Reader Note',
        module: 'Custom',
        fields: [{ fieldname: 'body', fieldtype: 'Data', label: 'Body' }],
        permissions: [
          { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
          { role: 'Widget Reader', read: 1, write: 0, create: 0, delete: 0 },
        ],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.ok((await bootOf(users.reader)).can_read.includes('Reader Note'));
      const changed = await t.call('Administrator', 'PUT', '/api/resource/DocType/Reader Note', {
        permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.ok(!(await bootOf(users.reader)).can_read.includes('Reader Note'));
    });
  });
}
