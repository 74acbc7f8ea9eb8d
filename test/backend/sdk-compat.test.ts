import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FrappeApp } from 'frappe-js-sdk';
import { createUser, generateApiKeys } from '../../src/auth/users.ts';
import { adminPassword, type BackendSite, createBackendSite, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

// frappe-js-sdk, unchanged, against a listening backend: the wire contract as a real client sees it.
for (const kind of databases) {
  describe(`${kind}: frappe-js-sdk against the backend`, () => {
    let t: BackendSite;
    let url: string;
    let keys: { apiKey: string; apiSecret: string };
    before(async () => {
      t = await createBackendSite(kind, { listen: true });
      url = `http://127.0.0.1:${t.port}`;
      await createUser(t.db, { email: 'sdk@example.com', firstName: 'Sdk', roles: ['System Manager'] });
      keys = await generateApiKeys(t.db, 'sdk@example.com');
    });
    after(() => t.close());

    const site = { 'X-Frappe-Site-Name': testSite };

    it('logs in with username and password', async () => {
      const auth = new FrappeApp(url, undefined, 'test', site).auth();
      const result = await auth.loginWithUsernamePassword({
        username: 'Administrator',
        password: adminPassword,
      });
      assert.equal(result.message, 'Logged In');
    });

    it('surfaces a failed login as the SDK error with status and exc_type', async () => {
      const auth = new FrappeApp(url, undefined, 'test', site).auth();
      await assert.rejects(
        auth.loginWithUsernamePassword({ username: 'Administrator', password: 'wrong' }),
        (error: Record<string, unknown>) => {
          assert.equal(error.httpStatus, 401);
          assert.equal(error.exc_type, 'AuthenticationError');
          assert.equal(error.message, 'Invalid login credentials');
          return true;
        },
      );
    });

    it('calls methods with token authentication', async () => {
      const app = new FrappeApp(
        url,
        { useToken: true, token: () => `${keys.apiKey}:${keys.apiSecret}`, type: 'token' },
        'test',
        site,
      );
      assert.equal(await app.auth().getLoggedInUser(), 'sdk@example.com');
      assert.deepEqual(await app.call().get('ping'), { message: 'pong' });
      assert.deepEqual(await app.call().post('frappe.realtime.get_user_info', {}), {
        message: { user: 'sdk@example.com', user_type: 'System User' },
      });
    });
  });
}
