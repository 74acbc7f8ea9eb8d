// The `/app` shell page: with a desk build it loads the bundle named by the manifest; without one it
// falls back to the minimal live page. The manifest is re-read only when it changes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deskAssets, deskPage } from '../../src/backend/pages/desk-page.ts';

const boot = {
  user: 'Administrator',
  full_name: '</script><script>alert(1)</script>',
  site: 'localhost',
  csrf_token: 'token-1',
  user_type: 'System User',
  roles: ['System Manager'],
  can_read: ['ToDo'],
  readable_doctypes: [{ name: 'ToDo', module: 'Desk', issingle: 0, is_submittable: 0 }],
  versions: { frappe: '0.1.0' },
  installed_apps: ['frappe'],
  developer_mode: 0 as const,
};

describe('the /app shell page', () => {
  const assets = mkdtempSync(join(tmpdir(), 'cortado-desk-page-'));
  after(() => rmSync(assets, { recursive: true, force: true }));

  it('keeps the minimal live page while the desk is not built', () => {
    assert.equal(deskAssets(assets), undefined);
    const html = deskPage(boot, deskAssets(assets));
    assert.match(html, /id="realtime-state"/);
    assert.match(html, /The desk is not built: run <code>npx cortado build<\/code>/);
    assert.doesNotMatch(html, /\/assets\/desk\//);
  });

  it('emits the entry script, its imports as modulepreload and its stylesheet from the manifest', () => {
    mkdirSync(join(assets, 'desk'), { recursive: true });
    writeFileSync(
      join(assets, 'desk', 'manifest.json'),
      JSON.stringify({
        'src/main.ts': {
          file: 'app.3f9a1c2b.js',
          isEntry: true,
          imports: ['_shared.11aa22bb.js'],
          css: ['app.44cc55dd.css'],
        },
        '_shared.11aa22bb.js': { file: 'shared.11aa22bb.js', css: ['shared.66ee77ff.css'] },
        'src/views/list/ListView.vue': { file: 'ListView.8899aabb.js', isDynamicEntry: true },
      }),
    );
    const found = deskAssets(assets);
    assert.deepEqual(found, {
      script: '/assets/desk/app.3f9a1c2b.js',
      preloads: ['/assets/desk/shared.11aa22bb.js'],
      styles: ['/assets/desk/app.44cc55dd.css', '/assets/desk/shared.66ee77ff.css'],
    });
    const html = deskPage(boot, found);
    assert.match(html, /<script type="module" src="\/assets\/desk\/app\.3f9a1c2b\.js"><\/script>/);
    assert.match(html, /<link rel="modulepreload" href="\/assets\/desk\/shared\.11aa22bb\.js">/);
    assert.match(html, /<link rel="stylesheet" href="\/assets\/desk\/shared\.66ee77ff\.css">/);
    assert.match(html, /<div id="desk"><\/div>/);
    assert.doesNotMatch(html, /ListView/, 'view chunks load on demand');
    assert.doesNotMatch(html, /<\/script><script>alert/, 'boot data cannot close its script element');
    const json = /<script type="application\/json" id="cortado-boot">([^<]*)<\/script>/.exec(html)?.[1];
    assert.equal(JSON.parse(json!).full_name, boot.full_name);
  });

  it('notices a rebuilt manifest and a broken one', () => {
    const path = join(assets, 'desk', 'manifest.json');
    writeFileSync(path, JSON.stringify({ 'src/main.ts': { file: 'app.0badc0de1.js', isEntry: true } }));
    assert.equal(deskAssets(assets)?.script, '/assets/desk/app.0badc0de1.js');
    writeFileSync(path, '{ half-written');
    assert.equal(deskAssets(assets), undefined, 'a broken manifest means the minimal page, not an error');
  });
});
