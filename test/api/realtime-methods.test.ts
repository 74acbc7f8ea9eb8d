// frappe.realtime's permission checks answer a missing document exactly as an unreadable one, so they
// cannot be used to probe which documents exist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, users } from './support.ts';

const methods = [
  ['frappe.realtime.can_subscribe_doc', 'docname'],
  ['frappe.realtime.has_permission', 'name'],
] as const;

for (const kind of databases) {
  describe(`${kind}: realtime permission checks`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
      const created = await t.call('Administrator', 'POST', '/api/resource/Widget', { title: 'Locked' });
      assert.equal(created.status, 200);
    });
    after(() => t.close());

    const ask = async (user: string, method: string, key: string, name: string) => {
      const response = await t.call(user, 'POST', `/api/method/${method}`, {
        doctype: 'Widget',
        [key]: name,
      });
      return { status: response.status, type: response.body.exc_type, body: response.body };
    };

    it('answers Guest and a user without rights the same for a missing and an existing document', async () => {
      for (const user of ['Guest', users.nobody])
        for (const [method, key] of methods) {
          const existing = await ask(user, method, key, 'Locked');
          const missing = await ask(user, method, key, 'No Such Widget');
          assert.equal(existing.status, 403, `${user} ${method}`);
          assert.equal(existing.type, 'PermissionError', `${user} ${method}`);
          assert.deepEqual(missing, existing, `${user} ${method}: a missing document looks unreadable`);
          assert.ok(!JSON.stringify(missing.body).includes('No Such Widget'), 'the name is not echoed');
        }
    });

    it('tells a reader yes for a readable document and the same refusal for a missing one', async () => {
      for (const [method, key] of methods) {
        assert.deepEqual((await ask(users.reader, method, key, 'Locked')).body, { message: true }, method);
        const missing = await ask(users.reader, method, key, 'No Such Widget');
        assert.equal(missing.status, 403, method);
        assert.equal(missing.type, 'PermissionError', method);
      }
    });
  });
}
