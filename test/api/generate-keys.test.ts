// API keys from the desk's "Generate Keys": System Managers only, the secret shown once and usable at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/auth/users.ts';
import { type Stack, startStack } from '../../src/cli/stack.ts';
import { Bench } from '../../src/config/bench.ts';
import { createSite } from '../../src/site/create-site.ts';
import { login } from '../support/e2e.ts';

describe('frappe.core.doctype.user.user.generate_keys', () => {
  const root = mkdtempSync(join(tmpdir(), 'cortado-keys-'));
  const bench = new Bench(join(root, 'sites'));
  let stack: Stack;
  let base: string;

  before(async () => {
    await createSite(bench, {
      name: 'localhost',
      dbType: 'sqlite',
      adminPassword: 'admin-pw',
      setDefault: true,
    });
    stack = await startStack(bench, { port: 0, backendPort: 0, socketioPort: 0 });
    await stack.runtime.databases
      .get('localhost')
      .transaction((tx) =>
        createUser(tx, { email: 'plain@example.com', firstName: 'Plain', password: 'plain-pw-1' }),
      );
    base = `http://localhost:${stack.port}`;
  });
  after(async () => {
    await stack.close();
    rmSync(root, { recursive: true, force: true });
  });

  const generate = (sid: string | undefined, user: string) =>
    fetch(`${base}/api/method/frappe.core.doctype.user.user.generate_keys`, {
      method: 'POST',
      headers: { cookie: `sid=${sid}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });

  it('gives a System Manager a secret that authenticates as that user at once', async () => {
    const { sid } = await login(base, 'Administrator', 'admin-pw');
    const response = await generate(sid, 'plain@example.com');
    assert.equal(response.status, 200);
    const secret = ((await response.json()) as { message: { api_secret: string } }).message.api_secret;
    const user = await fetch(`${base}/api/resource/User/plain@example.com`, {
      headers: { cookie: `sid=${sid}` },
    });
    const apiKey = ((await user.json()) as { data: { api_key: string } }).data.api_key;
    const whoami = await fetch(`${base}/api/method/frappe.auth.get_logged_user`, {
      headers: { authorization: `token ${apiKey}:${secret}` },
    });
    assert.deepEqual(await whoami.json(), { message: 'plain@example.com' });
  });

  it('refuses a user without System Manager, changing nothing', async () => {
    const { sid } = await login(base, 'plain@example.com', 'plain-pw-1');
    const response = await generate(sid, 'plain@example.com');
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { exc_type: string }).exc_type, 'PermissionError');
  });
});
