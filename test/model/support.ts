// A throwaway installed site for the document engine suites: the core schema, standard roles, Administrator,
// a meta cache and the core controllers; helpers to act as a user in a transaction and to define DocTypes
// the way a user does (as DocType documents).

import { createUser } from '../../src/auth/users.ts';
import { MemoryCache } from '../../src/cache/memory-cache.ts';
import { coreControllers } from '../../src/core/controllers/index.ts';
import type { Database } from '../../src/db/database.ts';
import {
  type ControllerRegistry,
  createDocContext,
  type DocContext,
  type DocInput,
  insertDoc,
  MetaCache,
  type RealtimeMessage,
} from '../../src/model/index.ts';
import { installSite } from '../../src/site/site-install.ts';
import { createTestDatabase, type TestDatabase } from '../db/support.ts';
import type { DbKind } from '../support/services.ts';

export const site = 'test.localhost';

/** An installed site for model tests. */
export interface ModelSite {
  kind: DbKind;
  db: Database;
  test: TestDatabase;
  metas: MetaCache;
  controllers: ControllerRegistry;
  /** Realtime events delivered (only after commits), in order. */
  events: RealtimeMessage[];
  /** Runs `fn` in one transaction as `user`; commits when it resolves, rolls back when it throws. */
  as<T>(user: string, fn: (ctx: DocContext) => Promise<T>): Promise<T>;
  /** Creates a System User with these roles (the roles are created when missing). */
  user(email: string, roles: string[]): Promise<string>;
  /** Defines a DocType by inserting a DocType document as Administrator; returns its name. */
  defineDocType(def: Partial<DocInput> & { name: string; fields: unknown[] }): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** A unique DocType name for this run (`Note 3`). */
export function uniqueName(base: string): string {
  counter += 1;
  return `${base} ${counter}`;
}

/** Creates and installs a site on `kind`. */
export async function openModelSite(kind: DbKind): Promise<ModelSite> {
  const test = await createTestDatabase(kind);
  await installSite(test.db, { adminPassword: 'admin' });
  const metas = new MetaCache({ site, cache: new MemoryCache() });
  const controllers = coreControllers();
  const events: RealtimeMessage[] = [];
  const as: ModelSite['as'] = (user, fn) =>
    test.db.transaction((tx) =>
      fn(
        createDocContext({
          site,
          db: tx,
          user,
          userType: user === 'Guest' ? 'Website User' : 'System User',
          metas,
          controllers,
          publish: (event) => {
            events.push(event);
          },
        }),
      ),
    );
  const roles = new Set<string>();
  return {
    kind,
    db: test.db,
    test,
    metas,
    controllers,
    events,
    as,
    async user(email, wanted) {
      for (const role of wanted) {
        if (roles.has(role)) continue;
        const exists = await test.db.one(
          `SELECT 1 AS x FROM ${test.db.dialect.quote('tabRole')} WHERE ${test.db.dialect.quote('name')} = ?`,
          [role],
        );
        if (!exists) await as('Administrator', (ctx) => insertDoc(ctx, { doctype: 'Role', role_name: role }));
        roles.add(role);
      }
      return createUser(test.db, { email, firstName: email.split('@')[0]!, roles: wanted });
    },
    async defineDocType(def) {
      await as('Administrator', (ctx) => insertDoc(ctx, { module: 'Custom', ...def, doctype: 'DocType' }));
      return def.name;
    },
    close: () => test.drop(),
  };
}

/** Asserts-friendly: the error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
