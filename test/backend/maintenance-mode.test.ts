// Frappe's maintenance mode: `maintenance_mode` alone stops every request (503 SessionStopped); with
// `allow_reads_during_maintenance` reads keep working and every write answers 503 InReadOnlyMode, changing
// nothing; and a write whose request began before maintenance is refused at its commit, never acknowledged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestContext } from '../../src/backend/request-context.ts';
import { testMethods } from '../support/backend-methods.ts';
import { type BackendSite, createBackendSite, login, testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';

for (const kind of databases) {
  describe(`${kind}: maintenance mode`, () => {
    let t: BackendSite;
    let sid: string;
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    before(async () => {
      const methods = testMethods();
      // Writes, then waits for the test before its commit: maintenance can begin in between.
      methods.whitelist('test.slow_insert', { methods: ['POST'] }, async (ctx: RequestContext) => {
        const q = (id: string) => ctx.db.dialect.quote(id);
        await ctx.db.run(
          `insert into ${q('tabRole')} (${q('name')}, role_name, docstatus, idx) values ('Slow Role', 'Slow Role', 0, 0)`,
        );
        arrived();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return 'written';
      });
      t = await createBackendSite(kind, { methods });
      sid = await login(t.app);
    });
    after(() => t.close());

    const setMode = (patch: Record<string, unknown>) => {
      t.bench.updateSiteConfig(testSite, patch);
      t.app.backend.sites.invalidate(testSite);
    };
    const call = (method: string, url: string, payload?: unknown) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: { host: testSite, cookie: `sid=${sid}`, accept: 'application/json' },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    const roles = async () => {
      const q = t.db.dialect.quote;
      return (await t.db.all<{ name: string }>(`select ${q('name')} from ${q('tabRole')} order by 1`)).map(
        (r) => r.name,
      );
    };

    it('refuses every request with 503 SessionStopped unless reads are allowed', async () => {
      setMode({ maintenance_mode: 1 });
      try {
        for (const [method, url] of [
          ['GET', '/api/resource/Role'],
          ['POST', '/api/resource/Role'],
        ] as const) {
          const response = await call(method, url, method === 'POST' ? { role_name: 'Nope' } : undefined);
          assert.equal(response.statusCode, 503, `${method} ${url}`);
          assert.equal(response.json().exc_type, 'SessionStopped');
        }
      } finally {
        setMode({ maintenance_mode: 0 });
      }
    });

    it('with allow_reads_during_maintenance: reads work, every write is 503 InReadOnlyMode and changes nothing', async () => {
      const made = await call('POST', '/api/resource/Role', { role_name: 'Deletable' });
      assert.equal(made.statusCode, 200);
      const before_ = await roles();
      setMode({ maintenance_mode: 1, allow_reads_during_maintenance: 1 });
      try {
        const list = await call('GET', '/api/resource/Role?limit_page_length=500');
        assert.equal(list.statusCode, 200);
        assert.equal(list.json().data.length, before_.length);
        // A POST that only reads (Desk's frappe.call) still works.
        const viaPost = await call('POST', '/api/method/frappe.client.get_count', { doctype: 'Role' });
        assert.equal(viaPost.statusCode, 200);
        assert.equal(viaPost.json().message, before_.length);

        const writes: Array<[string, string, unknown]> = [
          ['POST', '/api/resource/Role', { role_name: 'Maint One' }],
          ['PUT', '/api/resource/Role/Deletable', { desk_access: 0 }],
          ['DELETE', '/api/resource/Role/Deletable', undefined],
          ['POST', '/api/method/frappe.client.insert', { doc: { doctype: 'Role', role_name: 'Maint Two' } }],
          ['POST', '/api/method/test.add_role', { role: 'Maint Three' }],
          ['POST', '/api/method/login', { usr: 'Administrator', pwd: 'whatever' }],
        ];
        for (const [method, url, body] of writes) {
          const response = await call(method, url, body);
          assert.equal(response.statusCode, 503, `${method} ${url}: ${response.body}`);
          assert.equal(response.json().exc_type, 'InReadOnlyMode', `${method} ${url}`);
        }
        const v2 = await call('POST', '/api/v2/document/Role', { role_name: 'Maint Four' });
        assert.equal(v2.statusCode, 503);
        assert.equal(v2.json().errors[0].type, 'InReadOnlyMode');
        assert.deepEqual(await roles(), before_, 'nothing changed');
      } finally {
        setMode({ maintenance_mode: 0, allow_reads_during_maintenance: 0 });
      }
      const after_ = await call('POST', '/api/resource/Role', { role_name: 'After Maintenance' });
      assert.equal(after_.statusCode, 200, 'writes work again once it is off');
    });

    it('refuses at commit a write whose request began before maintenance', async () => {
      const before_ = await roles();
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const pending = call('POST', '/api/method/test.slow_insert', {});
      await reached;
      setMode({ maintenance_mode: 1, allow_reads_during_maintenance: 1 });
      try {
        release();
        const response = await pending;
        assert.equal(response.statusCode, 503, response.body);
        assert.equal(response.json().exc_type, 'InReadOnlyMode');
      } finally {
        setMode({ maintenance_mode: 0, allow_reads_during_maintenance: 0 });
      }
      assert.deepEqual(await roles(), before_, 'the write was rolled back');
    });
  });
}
