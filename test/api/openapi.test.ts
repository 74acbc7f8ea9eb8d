// `/api/openapi.json` (generated from live meta, per user, invalidated with meta) and `generateTypes`
// (interfaces that real API documents satisfy).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { generateTypes } from '../../src/backend/api/generate-types.ts';
import { siteMetas } from '../../src/cli/commands/types-command.ts';
import { testSite } from '../support/backend-site.ts';
import { databases } from '../support/services.ts';
import { type ApiSite, createApiSite, type Json, users } from './support.ts';

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: {
    schemas: Record<string, Json>;
    securitySchemes: Record<string, Json>;
    responses: Record<string, Json>;
  };
};

// Every `$ref` in the document points at a component that exists.
function danglingRefs(doc: OpenApi): string[] {
  const missing: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(value) ?? [];
          if (!kind || !(doc.components as Record<string, Record<string, unknown>>)[kind]?.[name!])
            missing.push(value);
        } else walk(value);
      }
    }
  };
  walk(doc);
  return missing;
}

for (const kind of databases) {
  describe(`${kind}: /api/openapi.json`, () => {
    let t: ApiSite;
    before(async () => {
      t = await createApiSite(kind);
    });
    after(() => t.close());

    const fetchDoc = async (user: string) => {
      const response = await t.call(user, 'GET', '/api/openapi.json');
      assert.equal(response.status, 200);
      return response.body as OpenApi;
    };

    it('describes the DocTypes with types, enums, required fields, paths and auth schemes', async () => {
      const doc = await fetchDoc('Administrator');
      assert.equal(doc.openapi, '3.1.0');
      const widget = doc.components.schemas.Widget;
      assert.equal(widget.properties.qty.type, 'integer');
      assert.equal(widget.properties.price.type, 'number');
      assert.deepEqual(widget.properties.status.enum, ['', 'Draft', 'Active', 'Retired', null]);
      assert.equal(widget.properties.code.maxLength, 10);
      assert.deepEqual(widget.properties.parts, {
        type: 'array',
        items: { $ref: '#/components/schemas/Widget_Part' },
        title: 'Parts',
      });
      assert.deepEqual(doc.components.schemas.WidgetInput.required, ['title']);
      assert.ok(doc.components.schemas.Widget_Part, 'child tables have schemas');
      assert.deepEqual(Object.keys(doc.paths['/api/resource/Widget']!).sort(), ['get', 'post']);
      assert.deepEqual(Object.keys(doc.paths['/api/resource/Widget/{name}']!).sort(), [
        'delete',
        'get',
        'parameters',
        'put',
      ]);
      assert.deepEqual(Object.keys(doc.paths['/api/v2/document/Widget/{name}']!).sort(), [
        'delete',
        'get',
        'parameters',
        'patch',
        'put',
      ]);
      assert.ok(doc.paths['/api/resource/Has%20Role'] === undefined, 'child DocTypes have no paths');
      assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['basic', 'cookie', 'token']);
      assert.deepEqual(danglingRefs(doc), []);
      const ids = Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) =>
          op && typeof op === 'object' && 'operationId' in op ? [op.operationId] : [],
        ),
      );
      assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    });

    it('names its server from the site config (host_name), never from the Host header', async () => {
      const servers = async (host: string) => {
        const response = await t.app.inject({
          url: '/api/openapi.json',
          headers: { host, 'x-frappe-site-name': testSite },
        });
        assert.equal(response.statusCode, 200);
        return (response.json() as { servers?: Array<{ url: string }> }).servers;
      };
      const hostile = 'evil.example:666';
      assert.equal(await servers(hostile), undefined, 'no host_name: relative to where it was fetched');
      t.bench.updateSiteConfig(testSite, { host_name: 'https://erp.example.com' });
      t.app.backend.sites.invalidate(testSite);
      try {
        assert.deepEqual(await servers(hostile), [{ url: 'https://erp.example.com' }]);
        assert.ok(!JSON.stringify(await servers('evil.example')).includes('evil'));
      } finally {
        t.bench.updateSiteConfig(testSite, { host_name: undefined });
        t.app.backend.sites.invalidate(testSite);
      }
    });

    it('shows each user only the DocTypes they may read', async () => {
      const reader = await fetchDoc(users.reader);
      assert.ok(reader.paths['/api/resource/Widget']);
      assert.ok(!reader.paths['/api/resource/DocType'], 'no DocType rights, no DocType paths');
      const nobody = await fetchDoc(users.nobody);
      assert.equal(nobody.paths['/api/resource/Widget'], undefined);
      assert.equal(nobody.components.schemas.Widget, undefined);
      const guest = await fetchDoc('Guest');
      assert.equal(guest.components.schemas.Widget, undefined);
    });

    it('follows meta changes at once', async () => {
      const before_ = await fetchDoc('Administrator');
      assert.equal(before_.components.schemas.Widget.properties.colour, undefined);
      const dt = await t.call('Administrator', 'GET', '/api/resource/DocType/Widget');
      const fields = [...dt.body.data.fields, { fieldname: 'colour', fieldtype: 'Data', label: 'Colour' }];
      const saved = await t.call('Administrator', 'PUT', '/api/resource/DocType/Widget', { fields });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const after_ = await fetchDoc('Administrator');
      assert.equal(after_.components.schemas.Widget.properties.colour.type.includes('string'), true);
    });

    it('generates TypeScript interfaces that real API documents satisfy', async () => {
      const created = await t.call('Administrator', 'POST', '/api/resource/Widget', {
        title: 'Typed',
        qty: 2,
        status: 'Active',
        parts: [{ part: 'p', count: 1 }],
      });
      const source = generateTypes(await siteMetas(t.db));
      assert.match(source, /export interface Widget \{/);
      assert.match(source, / {2}title: string;/);
      assert.match(source, / {2}qty\?: number;/);
      assert.match(source, / {2}status\?: "" \| "Draft" \| "Active" \| "Retired";/);
      assert.match(source, / {2}parts: WidgetPart\[\];/);
      assert.match(source, / {2}"Widget Part": WidgetPart;/);
      const dir = mkdtempSync(join(tmpdir(), 'cortado-types-'));
      try {
        writeFileSync(join(dir, 'doctypes.ts'), source);
        writeFileSync(
          join(dir, 'use.ts'),
          `import type { DocTypes, Widget } from './doctypes';\nexport const doc: Widget = ${JSON.stringify(created.body.data)};\nexport const byName: DocTypes['Widget'] = doc;\n`,
        );
        const program = ts.createProgram([join(dir, 'use.ts')], {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        });
        const problems = ts
          .getPreEmitDiagnostics(program)
          .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        assert.deepEqual(problems, []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
