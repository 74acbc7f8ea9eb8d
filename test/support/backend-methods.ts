// Whitelisted methods used only by the backend suites: typed params, guest/non-guest, writes through
// the request transaction, realtime events, and each kind of failure.

import { MethodRegistry } from '../../src/backend/methods.ts';
import type { RequestContext } from '../../src/backend/request-context.ts';
import { PermissionError, ValidationError } from '../../src/errors/index.ts';

/** A fresh registry holding the test methods (the backend adds its own session methods to it). */
export function testMethods(): MethodRegistry {
  const registry = new MethodRegistry();
  registry.whitelist(
    'test.echo',
    {
      allowGuest: true,
      params: {
        text: { type: 'string', required: true },
        count: { type: 'int' },
        flag: { type: 'boolean' },
        data: { type: 'json' },
      },
    },
    (_ctx, args) => ({ ...args }),
  );
  registry.whitelist('test.kwargs', { allowGuest: true }, (_ctx, args) => ({ ...args }));
  registry.whitelist('test.private', {}, (ctx) => `hello ${ctx.user}`);
  registry.whitelist('test.post_only', { allowGuest: true, methods: ['POST'] }, () => 'posted');
  registry.whitelist('test.nothing', { allowGuest: true }, () => null);
  registry.whitelist('test.forbidden', { allowGuest: true }, () => {
    throw new PermissionError('No entry');
  });
  registry.whitelist('test.invalid', { allowGuest: true }, () => {
    throw new ValidationError('Bad <b>value</b>');
  });
  registry.whitelist('test.boom', { allowGuest: true }, () => {
    throw new Error('internal detail: password=hunter2');
  });
  registry.whitelist(
    'test.add_role',
    { allowGuest: true, params: { role: { type: 'string', required: true } } },
    (ctx, { role }) => addRole(ctx, role),
  );
  registry.whitelist(
    'test.add_role_then_fail',
    { allowGuest: true, params: { role: { type: 'string', required: true } } },
    async (ctx, { role }) => {
      await addRole(ctx, role);
      throw new ValidationError('changed my mind');
    },
  );
  return registry;
}

async function addRole(ctx: RequestContext, role: string): Promise<string> {
  const q = (id: string) => ctx.db.dialect.quote(id);
  await ctx.db.run(
    `insert into ${q('tabRole')} (${q('name')}, role_name, docstatus, idx) values (?, ?, 0, 0)`,
    [role, role],
  );
  ctx.publishRealtime({ event: 'role_added', message: { role }, room: 'all' });
  return role;
}
