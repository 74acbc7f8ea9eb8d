// Loading an app folder: its functions by dotted path, DocTypes with controllers, patches and fixtures, and
// app code sharing Cortado's own module instance through the `cortado` specifier.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadApps } from '../../src/apps/load-apps.ts';
import type { LoadedApp } from '../../src/apps/loaded-app.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { appFiles, createTempBench, docTypeJson, type TempBench } from './support/temp-bench.ts';

describe('loadApps', () => {
  let t: TempBench;
  let app: LoadedApp;

  before(async () => {
    t = createTempBench();
    t.writeApp('shelf', {
      ...appFiles(
        'shelf',
        `modules: ['Things'], doc_events: { Book: { validate: 'shelf.things.rules.check' } }`,
      ),
      'shelf/things/rules.ts': [
        "import { ValidationError } from 'cortado';",
        "import { label } from './label.ts';",
        'export function check() { return new ValidationError(label()); }',
        'export const notAFunction = 1;',
      ].join('\n'),
      'shelf/things/label.ts': "export function label(): string { return 'too short'; }\n",
      'shelf/things/doctype/book/book.json': docTypeJson('Book'),
      'shelf/things/doctype/book/book.ts':
        "import { Document } from 'cortado';\nexport default class Book extends Document {}\n",
      'shelf/patches.txt':
        '[pre_model_sync]\nshelf.patches.first\n\n[post_model_sync]\n# a comment\nshelf.patches.first #again\n',
      'shelf/patches/first.ts': 'export default function execute() {}\n',
      'shelf/fixtures/role.json': JSON.stringify([{ doctype: 'Role', role_name: 'Librarian' }]),
      'shelf/tests/broken.ts': "throw new Error('tests are not imported');\n",
      'shelf/things/rules.test.ts': "throw new Error('test files are not imported');\n",
      'shelf/public/desk.ts': "throw new Error('desk scripts are not imported');\n",
    });
    const [builtin, shelf] = (await loadApps(t.bench)) as [LoadedApp, LoadedApp];
    assert.equal(builtin.name, 'frappe');
    app = shelf;
  });
  after(() => t.close());

  it('maps every exported function to its dotted path, both ways', () => {
    assert.equal(app.name, 'shelf');
    assert.equal(app.version, '1.2.3');
    const check = app.functions.get('shelf.things.rules.check');
    assert.equal(typeof check, 'function');
    assert.equal(app.pathOf(check), 'shelf.things.rules.check');
    assert.equal(app.functions.has('shelf.things.label.label'), true);
    assert.equal(app.functions.has('shelf.things.rules.notAFunction'), false);
  });

  it("gives app code Cortado's own classes: `cortado` is the running entry", () => {
    const check = app.functions.get('shelf.things.rules.check') as () => unknown;
    assert.ok(check() instanceof ValidationError);
  });

  it('finds DocTypes with their controllers, standard and owned by the module', () => {
    assert.deepEqual(
      app.doctypes.map((d) => [d.meta.name, d.meta.module, d.meta.custom, typeof d.controller]),
      [['Book', 'Things', 0, 'function']],
    );
    assert.equal((app.doctypes[0]!.controller as { name: string }).name, 'Book');
    assert.deepEqual([...app.modules], [['Things', 'things']]);
  });

  it('reads patches.txt in its sections, each patch its module default export', () => {
    assert.deepEqual(
      app.patches.map((p) => [p.path, p.section, typeof p.execute]),
      [
        ['shelf.patches.first', 'pre_model_sync', 'function'],
        ['shelf.patches.first #again', 'post_model_sync', 'function'],
      ],
    );
  });

  it('lists fixture files with their DocType', () => {
    assert.deepEqual(
      app.fixtures.map((f) => [f.doctype, f.path.endsWith('shelf/fixtures/role.json')]),
      [['Role', true]],
    );
  });

  it('answers only the built-in app for a bench without apps.txt', async () => {
    const empty = createTempBench();
    try {
      assert.deepEqual(
        (await loadApps(empty.bench)).map((a) => a.name),
        ['frappe'],
      );
    } finally {
      empty.close();
    }
  });
});
