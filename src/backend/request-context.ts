import type { FastifyBaseLogger } from 'fastify';
import { guest, type Principal, type UserType } from '../auth/principal.ts';
import type { Session } from '../auth/sessions.ts';
import type { Bus, RealtimeEvent } from '../bus/bus.ts';
import { BusUnavailableError } from '../bus/errors.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { Args } from './arguments.ts';
import { CookieJar } from './cookies.ts';
import { RequestTransaction } from './request-transaction.ts';

/** Methods whose successful requests commit; every other method's writes are rolled back. */
export const unsafeHttpMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How the request proved who it is. */
export type AuthMethod = 'guest' | 'session' | 'token';

/** Everything a request context is built from. */
export interface RequestContextInit {
  requestId: string;
  site: string;
  config: SiteConfig;
  /** The site's database handle (auth internals only; handlers use `ctx.db`). */
  siteDb: Database;
  bus: Bus;
  method: string;
  path: string;
  ip: string;
  /** The request's scheme is https (as told by a trusted proxy). */
  secure: boolean;
  args: Args;
  /** The request's logger (carries the request id); the context adds the site. */
  log: FastifyBaseLogger;
  /** Idle session expiry in seconds, from the site's `session_expiry`. */
  sessionExpiry: number;
  /** Failed logins allowed per (ip, user) per window, from `rate_limit_login`. */
  loginFailureLimit: number;
}

/**
 * One request's state: Frappe's `frappe.local`, made explicit and passed to whoever needs it.
 * Handlers read `user`, query through `db` (the request's transaction), queue realtime events with
 * `publishRealtime`, and add top-level reply keys through `response` (Frappe's `frappe.response`).
 */
export class RequestContext {
  readonly requestId: string;
  readonly site: string;
  readonly config: SiteConfig;
  readonly siteDb: Database;
  readonly method: string;
  readonly path: string;
  readonly ip: string;
  readonly secure: boolean;
  readonly sessionExpiry: number;
  readonly loginFailureLimit: number;
  /** The request's arguments (Frappe's `form_dict`). */
  readonly args: Args;
  /**
   * The request's transaction: committed at the end of a successful POST/PUT/PATCH/DELETE only. A GET/HEAD
   * reads outside it (committed data) until its first write opens it.
   */
  readonly db: RequestTransaction;
  /** Extra top-level keys of the v1 reply, e.g. `home_page` on login, `session_expired` on a stale sid. */
  readonly response: Record<string, unknown> = {};
  readonly cookies = new CookieJar();
  /** Realtime events waiting for the commit; dropped on rollback. */
  readonly pendingEvents: RealtimeEvent[] = [];
  principal: Principal = guest;
  auth: AuthMethod = 'guest';
  session: Session | undefined;
  readonly #bus: Bus;
  readonly #requestLog: FastifyBaseLogger;
  #log: FastifyBaseLogger | undefined;

  constructor(init: RequestContextInit) {
    this.requestId = init.requestId;
    this.site = init.site;
    this.config = init.config;
    this.siteDb = init.siteDb;
    this.method = init.method;
    this.path = init.path;
    this.ip = init.ip;
    this.secure = init.secure;
    this.#requestLog = init.log;
    this.sessionExpiry = init.sessionExpiry;
    this.loginFailureLimit = init.loginFailureLimit;
    this.args = init.args;
    this.#bus = init.bus;
    this.db = new RequestTransaction(
      init.siteDb,
      (error) => this.log.error({ err: error }, 'afterCommit hook failed'),
      // Requests that roll back anyway read outside a transaction until (unless) they write.
      { readsOutside: !unsafeHttpMethods.has(init.method) },
    );
  }

  /** The request's logger (request id and site on every line); made on first use, as most requests log nothing. */
  get log(): FastifyBaseLogger {
    this.#log ??= this.#requestLog.child({ site: this.site });
    return this.#log;
  }

  get user(): string {
    return this.principal.user;
  }
  get userType(): UserType {
    return this.principal.userType;
  }
  /** The session's CSRF token, when it has one. */
  get csrfToken(): string | undefined {
    return this.session?.data.csrfToken;
  }

  /** Queues a realtime event for this site, sent after the request's transaction commits. */
  publishRealtime(event: { event: string; message: unknown; room?: string | null }): void {
    this.pendingEvents.push({
      event: event.event,
      message: event.message,
      room: event.room ?? null,
      namespace: this.site,
    });
  }

  /**
   * Ends the request's unit of work: commits when it `succeeded` and the method is unsafe (then sends
   * the pending realtime events), rolls back otherwise. A failed commit throws.
   */
  finish(succeeded: boolean): Promise<void> | undefined {
    const commit = succeeded && unsafeHttpMethods.has(this.method);
    // A request that rolls back and never opened its transaction has nothing to wait for: no promise.
    if (!commit && this.db.endUnopened()) {
      this.pendingEvents.length = 0;
      return undefined;
    }
    return this.#finish(commit);
  }

  async #finish(commit: boolean): Promise<void> {
    await this.db.end(commit);
    const events = this.pendingEvents.splice(0);
    if (!commit) return;
    for (const event of events) {
      try {
        await publishRealtime(this.#bus, event);
      } catch (error) {
        // The data is committed; a lost notification must not turn the reply into an error. During a Redis
        // outage the bus's own log tells of it once, not once per event.
        if (error instanceof BusUnavailableError)
          this.log.debug({ event: event.event }, 'realtime event lost');
        else this.log.error({ err: error, event: event.event }, 'realtime publish failed');
      }
    }
  }
}
