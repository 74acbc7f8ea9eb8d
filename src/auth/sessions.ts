import { randomBytes } from 'node:crypto';
import type { Cache } from '../cache/cache.ts';
import type { Queryable } from '../db/database.ts';
import { asUserType, type Principal } from './principal.ts';
import {
  deleteSessionRow,
  insertSessionRow,
  readSessionData,
  updateSessionRow,
  userSessionIds,
} from './sessions-table.ts';

/** What a session remembers: who, from where, its CSRF token, and its idle clock. */
export interface SessionData extends Principal {
  /** Set lazily, when a page hands the token to the browser (Frappe's `get_csrf_token`). */
  csrfToken?: string;
  ip: string;
  device: string;
  /** Milliseconds since the epoch of the last refresh; idle expiry counts from here. */
  lastUpdated: number;
  /** Idle expiry in seconds (from `session_expiry` when the session started). */
  expiry: number;
}

/** A live session of one site. */
export interface Session {
  readonly sid: string;
  readonly site: string;
  data: SessionData;
}

/** Options of a session store. `now` is injectable so expiry can be tested without waiting. */
export interface SessionStoreOptions {
  cache: Cache;
  now?: () => number;
  /** Longest time between refreshes of an active session (default 600 s, as Frappe). */
  refreshSeconds?: number;
}

const sidPattern = /^[0-9a-f]{56}$/;

/** A random session id: 56 hex characters (Frappe's `generate_hash()` length). */
export function newSid(): string {
  return randomBytes(28).toString('hex');
}

/** True for something shaped like a session id (anything else is never looked up). */
export function isSid(value: unknown): value is string {
  return typeof value === 'string' && sidPattern.test(value);
}

/**
 * Sessions in the cache (fast path, TTL = idle expiry) backed by `tabSessions` (durable: a cache miss
 * falls back to the table and refills the cache). Use on a site's own database handle, outside a
 * request's transaction: a login or logout must persist whatever the request does.
 *
 * @example const s = await store.create('a.localhost', db, principal, { ip, expiry: 864000 });
 */
export class SessionStore {
  readonly #cache: Cache;
  readonly #now: () => number;
  readonly #refreshSeconds: number;

  constructor(options: SessionStoreOptions) {
    this.#cache = options.cache;
    this.#now = options.now ?? Date.now;
    this.#refreshSeconds = options.refreshSeconds ?? 600;
  }

  /** Starts a session for `principal`. */
  async create(
    site: string,
    db: Queryable,
    principal: Principal,
    options: { ip: string; expiry: number; device?: string },
  ): Promise<Session> {
    const data: SessionData = {
      user: principal.user,
      userType: principal.userType,
      fullName: principal.fullName,
      userImage: principal.userImage,
      ip: options.ip,
      device: options.device ?? 'desktop',
      lastUpdated: this.#now(),
      expiry: options.expiry,
    };
    const session: Session = { sid: newSid(), site, data };
    const json = JSON.stringify(data);
    await insertSessionRow(db, {
      sid: session.sid,
      user: data.user,
      sessiondata: json,
      ipaddress: data.ip,
      lastupdate: data.lastUpdated,
      device: data.device,
    });
    await this.#cache.set(cacheKey(site, session.sid), json, data.expiry);
    return session;
  }

  /**
   * The live session `sid`, or undefined when unknown or idle for longer than its expiry (then it is
   * deleted). Refreshes the idle clock when the last refresh is older than the refresh interval.
   */
  async resolve(site: string, db: Queryable, sid: string): Promise<Session | undefined> {
    if (!isSid(sid)) return undefined;
    const key = cacheKey(site, sid);
    let data = parseSessionData(await this.#cache.get(key));
    const fromTable = !data;
    data ??= parseSessionData(await readSessionData(db, sid));
    if (!data) return undefined;
    const idle = this.#now() - data.lastUpdated;
    if (idle > data.expiry * 1000) {
      await this.destroy(site, db, sid);
      return undefined;
    }
    const session: Session = { sid, site, data };
    if (idle >= this.#refreshAfter(data) * 1000) await this.#refresh(db, session);
    else if (fromTable)
      await this.#cache.set(key, JSON.stringify(data), Math.ceil(data.expiry - idle / 1000));
    return session;
  }

  /** Stores changed session data (e.g. a new CSRF token) in both places. */
  async save(db: Queryable, session: Session): Promise<void> {
    const json = JSON.stringify(session.data);
    await updateSessionRow(db, session.sid, json, session.data.lastUpdated);
    const remaining = session.data.expiry - (this.#now() - session.data.lastUpdated) / 1000;
    await this.#cache.set(cacheKey(session.site, session.sid), json, Math.max(1, Math.ceil(remaining)));
  }

  /**
   * The session's CSRF token, created and stored on first use. From then on, unsafe requests of
   * this cookie session must carry it (a session that never received one is not checked, as in Frappe).
   */
  async csrfToken(db: Queryable, session: Session): Promise<string> {
    if (session.data.csrfToken) return session.data.csrfToken;
    const token = newSid();
    session.data = { ...session.data, csrfToken: token };
    await this.save(db, session);
    return token;
  }

  /** Ends a session (logout). */
  async destroy(site: string, db: Queryable, sid: string): Promise<void> {
    await deleteSessionRow(db, sid);
    await this.#cache.del(cacheKey(site, sid));
  }

  /** Ends every session of `user` (password change, disabling); returns how many there were. */
  async destroyUserSessions(site: string, db: Queryable, user: string): Promise<number> {
    const sids = await userSessionIds(db, user);
    for (const sid of sids) await this.destroy(site, db, sid);
    return sids.length;
  }

  // Refresh well before expiry even when the expiry is short, but never more than every `refreshSeconds`.
  #refreshAfter(data: SessionData): number {
    return Math.min(this.#refreshSeconds, data.expiry / 4);
  }

  async #refresh(db: Queryable, session: Session): Promise<void> {
    session.data = { ...session.data, lastUpdated: this.#now() };
    await this.save(db, session);
  }
}

function cacheKey(site: string, sid: string): string {
  return `${site}|session|${sid}`;
}

// Session JSON comes from the cache or a table: both are outside this process, so check its shape.
function parseSessionData(json: string | undefined): SessionData | undefined {
  if (!json) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.user !== 'string' || !v.user || v.user === 'Guest') return undefined;
  if (typeof v.lastUpdated !== 'number' || typeof v.expiry !== 'number' || !(v.expiry > 0)) return undefined;
  return {
    user: v.user,
    userType: asUserType(v.userType),
    fullName: typeof v.fullName === 'string' ? v.fullName : v.user,
    userImage: typeof v.userImage === 'string' ? v.userImage : '',
    ...(typeof v.csrfToken === 'string' && v.csrfToken ? { csrfToken: v.csrfToken } : {}),
    ip: typeof v.ip === 'string' ? v.ip : '',
    device: typeof v.device === 'string' ? v.device : 'desktop',
    lastUpdated: v.lastUpdated,
    expiry: v.expiry,
  };
}
