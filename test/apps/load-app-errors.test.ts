// A broken app stops loading with one AppLoadError line naming the app and the file at fault.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppLoadError } from '../../src/apps/app-load-error.ts';
import { loadApps } from '../../src/apps/load-apps.ts';
import { appFiles, createTempBench, docTypeJson, type TempBench } from './support/temp-bench.ts';

describe('a broken app', () => {
  let t: TempBench;
  beforeEach(() => {
    t = createTempBench();
  });
  afterEach(() => t.close());

  /** Loads the bench and expects an AppLoadError whose one line names `app` and `file`. */
  async function refused(app: string, file: string, says: RegExp): Promise<void> {
    await assert.rejects(loadApps(t.bench), (error: unknown) => {
      assert.ok(error instanceof AppLoadError, String(error));
      assert.equal(error.message.includes('\n'), false, error.message);
      assert.ok(error.message.startsWith(`app ${app}: ${file}: `), error.message);
      assert.match(error.message, says);
      return true;
    });
  }

  it('with a syntax error', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/api.ts': 'export const x: number = ;\n' });
    await refused('a', 'a/a/things/api.ts', /Transform failed|Expected|Unexpected/);
  });

  it('with a module that throws when imported', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/api.ts': "throw new Error('no config');\n" });
    await refused('a', 'a/a/things/api.ts', /no config/);
  });

  it('with a hook naming a function no module exports', async () => {
    t.writeApp(
      'a',
      appFiles('a', `modules: ['Things'], scheduler_events: { daily: ['a.things.tasks.missing'] }`),
    );
    await refused(
      'a',
      'a/a/hooks.ts',
      /scheduler_events\.daily: no module of the app exports a\.things\.tasks\.missing/,
    );
  });

  it('with a hook given a function that is not exported', async () => {
    t.writeApp('a', {
      ...appFiles('a', `modules: ['Things'], doc_events: { '*': { on_update: function local() {} } }`),
    });
    await refused('a', 'a/a/hooks.ts', /doc_events\.\*\.on_update: the function local is not exported/);
  });

  it('with an invalid cron expression', async () => {
    t.writeApp('a', {
      ...appFiles(
        'a',
        `modules: ['Things'], scheduler_events: { cron: { 'not cron': ['a.things.tasks.run'] } }`,
      ),
      'a/things/tasks.ts': 'export function run() {}\n',
    });
    await refused('a', 'a/a/hooks.ts', /Invalid cron expression/);
  });

  it('with DocType JSON that does not parse', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/doctype/book/book.json': '{"name": "Book",' });
    await refused('a', 'a/a/things/doctype/book/book.json', /invalid JSON/);
  });

  it('with a custom DocType', async () => {
    t.writeApp('a', {
      ...appFiles('a'),
      'a/things/doctype/book/book.json': docTypeJson('Book', { custom: 1 }),
    });
    await refused('a', 'a/a/things/doctype/book/book.json', /custom must be 0/);
  });

  it('with a DocType of another module', async () => {
    t.writeApp('a', {
      ...appFiles('a'),
      'a/things/doctype/book/book.json': docTypeJson('Book', { module: 'Elsewhere' }),
    });
    await refused(
      'a',
      'a/a/things/doctype/book/book.json',
      /module Elsewhere is not one of the app's modules/,
    );
  });

  it('with a DocType in a folder its name does not scrub to', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/doctype/books/books.json': docTypeJson('Book') });
    await refused('a', 'a/a/things/doctype/books/books.json', /belongs in a folder named book/);
  });

  it('with an unknown field type', async () => {
    const json = docTypeJson('Book', { fields: [{ fieldname: 'title', fieldtype: 'Dtaa' }] });
    t.writeApp('a', { ...appFiles('a'), 'a/things/doctype/book/book.json': json });
    await refused('a', 'a/a/things/doctype/book/book.json', /fields\.0\.fieldtype: unknown fieldtype/);
  });

  it('with a controller that exports no class', async () => {
    t.writeApp('a', {
      ...appFiles('a'),
      'a/things/doctype/book/book.json': docTypeJson('Book'),
      'a/things/doctype/book/book.ts': 'export default class Book {}\n',
    });
    await refused('a', 'a/a/things/doctype/book/book.ts', /must default-export a class extending Document/);
  });

  it('with a patch line naming no module', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/patches.txt': 'a.patches.gone\n' });
    await refused('a', 'a/a/patches.txt', /line 1: a\.patches\.gone has no module/);
  });

  it('with a hooks name other than its folder', async () => {
    t.writeApp('a', {
      ...appFiles('a'),
      'a/hooks.ts': "export default { name: 'b', modules: ['Things'] };\n",
    });
    await refused('a', 'a/a/hooks.ts', /name is "b"/);
  });

  it('listed in apps.txt without a folder', async () => {
    t.write('sites/apps.txt', 'frappe\nghost\n');
    await refused('ghost', '../sites/apps.txt', /is not a folder/);
  });

  it('defining a DocType another app defines', async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/doctype/book/book.json': docTypeJson('Book') });
    t.writeApp('b', { ...appFiles('b'), 'b/things/doctype/book/book.json': docTypeJson('Book') });
    await refused('b', 'b/b/things/doctype/book/book.json', /DocType Book is already defined by a/);
  });

  it("defining one of Cortado's own DocTypes", async () => {
    t.writeApp('a', { ...appFiles('a'), 'a/things/doctype/todo/todo.json': docTypeJson('ToDo') });
    await refused('a', 'a/a/things/doctype/todo/todo.json', /DocType ToDo is already defined by frappe/);
  });
});
