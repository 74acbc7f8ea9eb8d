import type { Transaction } from '../db/database.ts';
import type { ControllerRegistry } from './controllers/registry.ts';
import type { DocServices } from './doc-services.ts';
import type { MetaCache } from './meta/meta-cache.ts';
import type { VirtualDocTypes } from './virtual/virtual-doctypes.ts';

/** Frappe's two kinds of user: desk users and portal (website) users. */
export type DocUserType = 'System User' | 'Website User';

/** A realtime event as the engine raises it; the context adds the site and sends it after commit. */
export interface RealtimeMessage {
  event: string;
  message: unknown;
  room?: string | null;
}

/**
 * Everything a document operation needs, passed explicitly (Frappe's `frappe.local`): the site, its open
 * transaction, who acts, the site's metas, the controllers, and where realtime events go. The backend adapts
 * its request context to this; jobs and the CLI build one with `createDocContext`. Build one per unit of work:
 * the user's roles are loaded once per context object.
 */
export interface DocContext {
  readonly site: string;
  /** The transaction every read and write of the operation runs in. */
  readonly db: Transaction;
  readonly user: string;
  readonly userType: DocUserType;
  /** The key of the login session the operation acts through (`Session.key`), when it has one. */
  readonly sessionKey?: string | undefined;
  /** The user's roles when the caller already knows them; otherwise read from `tabHas Role` on first need. */
  readonly roles?: readonly string[] | undefined;
  readonly metas: MetaCache;
  /** The clock (tests pin it); defaults to the system clock. */
  readonly now?: (() => Date) | undefined;
  /** Queues a realtime event: sent only after `db` commits, dropped on rollback. */
  publish(event: RealtimeMessage): void;
  readonly controllers: ControllerRegistry;
  /**
   * The virtual DocTypes served in this context (`RQ Job`, apps' `is_virtual` DocTypes): the engine loads, writes,
   * lists and counts their records through it. Without it, virtual DocTypes store nothing.
   */
  readonly virtualDocTypes?: VirtualDocTypes | undefined;
  /**
   * Turns a Password field's value into what `__Auth` keeps (the site's encryption, as Frappe's `encrypt`;
   * `siteFieldCipher` in `auth/field-encryption.ts`). Without it Password fields cannot be saved.
   */
  readonly encryptPassword?: ((plain: string) => string) | undefined;
  /** The inverse of `encryptPassword` (Frappe's `decrypt`), for `getPassword`. */
  readonly decryptPassword?: ((stored: string) => string) | undefined;
  /**
   * The site's `developer_mode` (Frappe's): standard DocTypes (shipped by apps) may then be changed through
   * documents. Absent means off.
   */
  readonly developerMode?: boolean | undefined;
  /**
   * The process services (cache, bus, job queue, app function names) the app API reaches through this context;
   * set by the backend (`docContextOf`), jobs and the CLI. Absent in bare engine uses (tests of the model).
   */
  readonly services?: DocServices | undefined;
  /**
   * Extra top-level keys of the reply to the request this context serves (Frappe's `frappe.response`: `docs`,
   * `docinfo`, `_server_messages`); absent outside a request.
   */
  readonly reply?: Record<string, unknown> | undefined;
}

/** What `createDocContext` needs; `publish` receives events only after the transaction commits. */
export interface DocContextInit extends Omit<DocContext, 'publish' | 'userType'> {
  userType?: DocUserType | undefined;
  /** Receives each realtime event after commit (e.g. `publishRealtime(bus, {...e, namespace: site})`). */
  publish?: ((event: RealtimeMessage) => void | Promise<void>) | undefined;
}

/**
 * A DocContext whose realtime events are held until the transaction commits (registered as after-commit
 * hooks, so a rollback drops them): for jobs, the CLI and tests.
 *
 * @example await db.transaction((tx) => insertDoc(createDocContext({ site, db: tx, user: 'Administrator', metas, controllers }), { doctype: 'ToDo', description: 'x' }))
 */
export function createDocContext(init: DocContextInit): DocContext {
  const { publish, ...rest } = init;
  return {
    ...rest,
    userType: init.userType ?? 'System User',
    publish(event) {
      if (publish) init.db.afterCommit(() => publish(event));
    },
  };
}

/** The context's clock. */
export function nowOf(ctx: Pick<DocContext, 'now'>): Date {
  return ctx.now ? ctx.now() : new Date();
}
