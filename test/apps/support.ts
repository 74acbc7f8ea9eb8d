// A backend test site with a submittable `Book` DocType (a controller rule on it) and two users, and the app API
// as any user in a committed transaction: what the app-layer suites start from, on any database.

import type { AppContext } from '../../src/apps/app-context.ts';
import { appContextOf } from '../../src/apps/app-context-of.ts';
import { docContextFor } from '../../src/apps/doc-context-for.ts';
import { createUser } from '../../src/auth/users.ts';
import type { ModelServices } from '../../src/backend/api/model-services.ts';
import { ValidationError } from '../../src/errors/index.ts';
import { type BackendSite, type BackendSiteOptions, createBackendSite } from '../support/backend-site.ts';
import type { DbKind } from '../support/services.ts';

export const bookDocType = {
  doctype: 'DocType',
  name: 'Book',
  module: 'Custom',
  autoname: 'field:title',
  is_submittable: 1,
  fields: [
    { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
    {
      fieldname: 'status',
      fieldtype: 'Select',
      label: 'Status',
      options: 'Available\nIssued',
      default: 'Available',
    },
    { fieldname: 'pages', fieldtype: 'Int', label: 'Pages' },
    { fieldname: 'checked_by', fieldtype: 'Data', label: 'Checked by' },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1 },
    { role: 'Librarian', read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1 },
  ],
};

export const librarian = 'librarian@example.com';
export const outsider = 'outsider@example.com';

export interface AppSite extends BackendSite {
  model: ModelServices;
  /** Runs `fn` with the app API as `user` in a transaction committed when it resolves. */
  run<T>(user: string, fn: (ctx: AppContext) => Promise<T>): Promise<T>;
}

/** The site, the Book DocType (its validate rule: pages may not be negative; it records who checked it), users. */
export async function createAppSite(kind: DbKind, options: BackendSiteOptions = {}): Promise<AppSite> {
  const t = await createBackendSite(kind, options);
  const model = t.app.model;
  const run: AppSite['run'] = (user, fn) =>
    t.db.transaction(async (db) => fn(appContextOf(await docContextFor(model, { site: t.site, user, db }))));
  model.controllers.on('Book', 'validate', (doc, { ctx }) => {
    if (Number(doc.pages ?? 0) < 0) throw new ValidationError('Pages cannot be negative');
    doc.checked_by = ctx.user;
  });
  await run('Administrator', async (ctx) => {
    await ctx.insert({ doctype: 'Role', role_name: 'Librarian' });
    await ctx.insert(bookDocType);
  });
  await createUser(t.db, {
    email: librarian,
    firstName: 'Libby',
    password: 'x-Pa55word',
    roles: ['Librarian'],
  });
  await createUser(t.db, { email: outsider, firstName: 'Otto', password: 'x-Pa55word' });
  return { ...t, model, run };
}
