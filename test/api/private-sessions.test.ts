// Live sessions are never readable through the API: `Sessions` is internal to the framework, refused to every
// principal, Administrator included; and what the table holds (the session's key, its JSON without the CSRF token)
// could not be replayed by whoever reads the database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csrfTokenOf, sessionKey } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, userPassword } from './support.ts';

const manager = 'manager@example.com';

for (const kind of databases) {
  describe(`${kind}: sessions are not readable through the API`, () => {
    let t: ApiSite;
    let adminSid: string;
    before(async () => {
      t = await createApiSite(kind);
      await createUser(t.db, {
        email: manager,
        firstName: 'Manager',
        password: userPassword,
        roles: ['System Manager'],
      });
      // Administrator's live session, with a CSRF token handed out (the desk page does that).
      const login = await fetch(`${t.url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Frappe-Site-Name': t.site },
        body: JSON.stringify({ usr: 'Administrator', pwd: 'admin-Pa55' }),
      });
      adminSid = /sid=([^;]+)/.exec(login.headers.getSetCookie().join(';'))![1]!;
      const desk = await fetch(`${t.url}/app`, {
        headers: { cookie: `sid=${adminSid}`, 'X-Frappe-Site-Name': t.site },
      });
      assert.ok((await desk.text()).includes(csrfTokenOf(adminSid)), 'the desk got the CSRF token');
    });
    after(() => t.close());

    const secrets = () => [adminSid, csrfTokenOf(adminSid)];
    const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

    for (const user of [manager, 'Administrator'])
      it(`refuses ${user} every way of reading or filtering Sessions`, async () => {
        const key = sessionKey(adminSid);
        const reads: Array<[string, string, unknown?]> = [
          ['GET', '/api/resource/Sessions'],
          ['GET', `/api/resource/Sessions?fields=${q(['sid', 'sessiondata'])}`],
          ['GET', `/api/resource/Sessions?filters=${q([['sid', 'like', '%']])}`],
          ['GET', `/api/resource/Sessions/${key}`],
          ['GET', '/api/v2/document/Sessions'],
          ['GET', `/api/v2/document/Sessions/${key}`],
          ['GET', '/api/v2/doctype/Sessions/count'],
          ['POST', '/api/method/frappe.client.get_list', { doctype: 'Sessions', fields: ['*'] }],
          ['POST', '/api/method/frappe.client.get_count', { doctype: 'Sessions' }],
          ['POST', '/api/method/frappe.client.get', { doctype: 'Sessions', name: key }],
          [
            'POST',
            '/api/method/frappe.client.get_value',
            { doctype: 'Sessions', fieldname: 'sid', filters: {} },
          ],
          [
            'POST',
            '/api/method/frappe.desk.reportview.get',
            { doctype: 'Sessions', fields: ['`tabSessions`.`sid`'] },
          ],
          ['POST', '/api/method/frappe.desk.reportview.get_list', { doctype: 'Sessions', fields: ['sid'] }],
          ['POST', '/api/method/frappe.desk.reportview.get_count', { doctype: 'Sessions' }],
          [
            'POST',
            '/api/method/frappe.desk.reportview.get',
            { doctype: 'Sessions', fields: ['user', 'count(*) as n'], group_by: 'user' },
          ],
          ['POST', '/api/method/frappe.desk.search.search_link', { doctype: 'Sessions', txt: '' }],
          ['POST', '/api/method/frappe.desk.search.search_widget', { doctype: 'Sessions', txt: '' }],
        ];
        for (const [method, path, body] of reads) {
          const reply = await t.call(user, method, path, body);
          assert.equal(
            reply.status,
            403,
            `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`,
          );
          const text = JSON.stringify(reply.body);
          for (const secret of [...secrets(), key])
            assert.ok(!text.includes(secret), `${path} leaks nothing`);
        }
      });

    it('leaves Sessions out of what the desk and the API document list, even for Administrator', async () => {
      const page = await fetch(`${t.url}/app`, {
        headers: { cookie: `sid=${adminSid}`, 'X-Frappe-Site-Name': t.site },
      });
      assert.equal(page.status, 200);
      const boot = /<script type="application\/json" id="cortado-boot">(.*?)<\/script>/s.exec(
        await page.text(),
      );
      const canRead = (JSON.parse(boot![1]!) as { can_read: string[] }).can_read;
      assert.ok(canRead.includes('User'), 'the boot lists what Administrator may read');
      assert.ok(!canRead.includes('Sessions'), 'but not Sessions');
      const openapi = await t.call('Administrator', 'GET', '/api/openapi.json');
      assert.equal(openapi.status, 200);
      assert.ok(
        !Object.keys((openapi.body as Json).paths as Json).some((path) => path.includes('/Sessions')),
      );
    });

    it('stores nothing replayable: the stored keys are no session ids', async () => {
      const rows = await t.db.all<{ sid: string; sessiondata: string }>(
        `select sid, sessiondata from ${t.db.dialect.quote('tabSessions')}`,
      );
      assert.ok(rows.length > 0);
      const text = JSON.stringify(rows);
      for (const secret of secrets()) assert.ok(!text.includes(secret), 'no live secret in the table');
      for (const row of rows) {
        const replay = await fetch(`${t.url}/api/method/frappe.auth.get_logged_user`, {
          headers: { cookie: `sid=${row.sid}`, 'X-Frappe-Site-Name': t.site },
        });
        assert.equal(replay.status, 403, 'a stored key is not a session id');
      }
    });
  });
}
