// A document context outside a request (a job, a CLI command, a patch, a test): the same metas, controllers,
// cipher and process services as the backend's, for one site, user and transaction.
import { asUserType } from '../auth/principal.ts';
import type { ModelServices } from '../backend/api/model-services.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import type { Transaction } from '../db/database.ts';
import { createDocContext, type DocContext, type DocUserType } from '../model/context.ts';

/** One unit of work: who acts, where, in which transaction. */
export interface UnitOfWork {
  site: string;
  user: string;
  db: Transaction;
  /** Read from the user's record when not given (Administrator and unknown users: System User). */
  userType?: DocUserType | undefined;
}

/**
 * The DocContext of `unit`, realtime events sent on the process bus after `unit.db` commits.
 *
 * @example await db.transaction(async (tx) => appContextOf(await docContextFor(model, { site, user, db: tx })).insert({ doctype: 'ToDo', description: 'x' }));
 */
export async function docContextFor(model: ModelServices, unit: UnitOfWork): Promise<DocContext> {
  const { site, user, db } = unit;
  const { bus } = model.services;
  return createDocContext({
    site,
    db,
    user,
    userType: unit.userType ?? (await userTypeOf(db, user)),
    metas: model.metas.forSite(site),
    controllers: model.controllers,
    virtualDocTypes: model.virtualDocTypes,
    services: model.services,
    publish: (event) => publishRealtime(bus, { ...event, room: event.room ?? null, namespace: site }),
    ...cipherOf(model, site),
  });
}

/**
 * The same unit of work (site, transaction, services) as another user: for asking what that user may do
 * (`ctx.hasPermission(..., user)`). Its roles are that user's, loaded on first need.
 */
export async function docContextAs(dctx: DocContext, user: string): Promise<DocContext> {
  // Named field by field: a spread would also copy the per-context memos (symbol keys: the acting user's roles).
  return {
    site: dctx.site,
    db: dctx.db,
    user,
    userType: await userTypeOf(dctx.db, user),
    metas: dctx.metas,
    now: dctx.now,
    publish: (event) => dctx.publish(event),
    controllers: dctx.controllers,
    virtualDocTypes: dctx.virtualDocTypes,
    encryptPassword: dctx.encryptPassword,
    decryptPassword: dctx.decryptPassword,
    developerMode: dctx.developerMode,
    services: dctx.services,
  };
}

async function userTypeOf(db: Transaction, user: string): Promise<DocUserType> {
  if (user === 'Administrator') return 'System User';
  if (user === 'Guest') return 'Website User';
  const q = db.dialect.quote;
  const row = await db.one<{ user_type: unknown }>(
    `SELECT ${q('user_type')} FROM ${q('tabUser')} WHERE ${q('name')} = ?`,
    [user],
  );
  return row ? asUserType(row.user_type) : 'System User';
}

// A process built without the bench cannot make a key for a site that has none: Password fields then refuse.
function cipherOf(model: ModelServices, site: string) {
  try {
    return model.cipher(site, undefined);
  } catch {
    return {};
  }
}
