// A virtual DocType shipped by an app (is_virtual JSON + controller class), loaded and wired by the runtime like
// any app DocType: installed on a site, it is listed, read, inserted and deleted through the REST API.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestSite, type TestSite } from '../../src/testing.ts';

const doctypeJson = {
  name: 'Weather Reading',
  module: 'Weather',
  custom: 0,
  is_virtual: 1,
  autoname: 'field:station',
  fields: [
    { fieldname: 'station', fieldtype: 'Data', label: 'Station', reqd: 1 },
    { fieldname: 'temperature', fieldtype: 'Float', label: 'Temperature' },
  ],
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
};

// The controller keeps its records in a module-level map: what the API returns must be exactly that store.
const controller = `import { Document } from 'cortado';
const store = new Map([['Oslo', { name: 'Oslo', station: 'Oslo', temperature: -3 }]]);
export default class WeatherReading extends Document {
  static get_list() { return [...store.values()].map((r) => ({ ...r })); }
  static get_count() { return store.size; }
  load_from_db() { const r = store.get(String(this.name)); return r && { ...r }; }
  db_insert() { store.set(String(this.name), this.asDict()); }
  db_update() { store.set(String(this.name), this.asDict()); }
  delete() { store.delete(String(this.name)); }
}
`;

describe("an app's virtual DocType, wired by the runtime", () => {
  const folder = mkdtempSync(join(tmpdir(), 'cortado-weather-'));
  let t: TestSite;
  const path = `/api/resource/${encodeURIComponent('Weather Reading')}`;

  before(async () => {
    const app = join(folder, 'weather');
    const doctypeFolder = join(app, 'weather', 'weather', 'doctype', 'weather_reading');
    mkdirSync(doctypeFolder, { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'weather', version: '1.0.0', type: 'module' }),
    );
    writeFileSync(
      join(app, 'weather', 'hooks.ts'),
      "import { defineApp } from 'cortado';\nexport default defineApp({ name: 'weather', modules: ['Weather'] });\n",
    );
    writeFileSync(join(doctypeFolder, 'weather_reading.json'), JSON.stringify(doctypeJson));
    writeFileSync(join(doctypeFolder, 'weather_reading.ts'), controller);
    t = await createTestSite({ appPath: app });
  });
  after(async () => {
    await t?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists, reads, inserts and deletes through the controller', async () => {
    // The controller's get_list decides what a record shows (as Frappe's virtual DocTypes).
    const listed = await t.request('GET', path);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.deepEqual(listed.body.data, [{ name: 'Oslo', station: 'Oslo', temperature: -3 }]);
    const made = await t.request('POST', path, { station: 'Bergen', temperature: 7.5 });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const read = await t.request('GET', `${path}/Bergen`);
    assert.equal(read.body.data.temperature, 7.5);
    assert.equal((await t.request('DELETE', `${path}/Oslo`)).status, 202);
    const after = await t.request('GET', path);
    assert.deepEqual(
      after.body.data.map((r: { name: string }) => r.name),
      ['Bergen'],
    );
  });
});
