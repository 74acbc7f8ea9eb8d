import { createHash, randomBytes } from 'node:crypto';
import type { Cache } from '../cache/cache.ts';
import type { Queryable } from '../db/database.ts';
import { asUserType, type Principal } from './principal.ts';
import { deleteSessionRow, insertSessionRow, readSessionData, updateSessionRow } from './sessions-table.ts';

/** What a session remembers: who, from where, its CSRF token, and its idle clock. */
export interface SessionData extends Principal {
  /**
   * Set lazily, when a page hands the token to the browser (Frappe's `get_csrf_token`). Never stored: it is
   * derived from the sid (`csrfTokenOf`), and what is stored says only that it was handed out.
   */
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
  /** What the cache and `tabSessions` know the session by (`sessionKey(sid)`): the sid itself is kept nowhere. */
  readonly key: string;
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

/**
 * The key a session is stored under: SHA-256 of its sid. Whoever reads `tabSessions` or the cache (a listing, a
 * database dump, a Redis `KEYS`) learns no id to replay; a sid has 224 random bits, so no salt or slow hash is
 * needed.
 */
export function sessionKey(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

/**
 * The CSRF token of a session: derived from its sid (a hash apart from its key), so it is never stored; 56 hex
 * characters, the shape of Frappe's token.
 */
export function csrfTokenOf(sid: string): string {
  return createHash('sha256').update(`csrf:${sid}`).digest('hex').slice(0, 56);
}

/** The cache key of a session. */
export function sessionCacheKey(site: string, key: string): string {
  return `${site}|session|${key}`;
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
    const sid = newSid();
    const session: Session = { sid, key: sessionKey(sid), site, data };
    const json = stored(data);
    await insertSessionRow(db, {
      key: session.key,
      user: data.user,
      sessiondata: json,
      ipaddress: data.ip,
      lastupdate: data.lastUpdated,
      device: data.device,
    });
    await this.#cache.set(sessionCacheKey(site, session.key), json, data.expiry);
    return session;
  }

  /**
   * The live session `sid`, or undefined when unknown or idle for longer than its expiry (then it is
   * deleted). Refreshes the idle clock when the last refresh is older than the refresh interval.
   */
  async resolve(site: string, db: Queryable, sid: string): Promise<Session | undefined> {
    if (!isSid(sid)) return undefined;
    const key = sessionKey(sid);
    const cacheKey = sessionCacheKey(site, key);
    let data = parseSessionData(await this.#cache.get(cacheKey), sid);
    const fromTable = !data;
    data ??= parseSessionData(await readSessionData(db, key), sid);
    if (!data) return undefined;
    const idle = this.#now() - data.lastUpdated;
    const session: Session = { sid, key, site, data };
    if (idle > data.expiry * 1000) {
      await this.#end(site, db, key);
      return undefined;
    }
    if (idle >= this.#refreshAfter(data) * 1000) {
      if (!(await this.#refresh(db, session))) return undefined;
    } else if (fromTable) {
      const ttl = Math.ceil(data.expiry - idle / 1000);
      if (!(await this.#cacheWhileStored(db, session, stored(data), ttl))) return undefined;
    }
    return session;
  }

  /**
   * Stores changed session data (e.g. a new CSRF token) in both places; false when the session has ended
   * meanwhile (its row is gone: nothing is written back, so an ended session cannot come back to life).
   */
  async save(db: Queryable, session: Session): Promise<boolean> {
    const json = stored(session.data);
    if (!(await updateSessionRow(db, session.key, json, session.data.lastUpdated))) {
      await this.#cache.del(sessionCacheKey(session.site, session.key));
      return false;
    }
    const remaining = session.data.expiry - (this.#now() - session.data.lastUpdated) / 1000;
    return this.#cacheWhileStored(db, session, json, Math.max(1, Math.ceil(remaining)));
  }

  // Puts a session in the cache, then makes sure its row still exists: a session ended between this request's
  // read and its cache write (the ender deletes the row, commits, then the cache key) must not be refilled.
  async #cacheWhileStored(db: Queryable, session: Session, json: string, ttl: number): Promise<boolean> {
    const cacheKey = sessionCacheKey(session.site, session.key);
    await this.#cache.set(cacheKey, json, ttl);
    if (await readSessionData(db, session.key)) return true;
    await this.#cache.del(cacheKey);
    return false;
  }

  /**
   * The session's CSRF token, created and stored on first use. From then on, unsafe requests of
   * this cookie session must carry it (a session that never received one is not checked, as in Frappe).
   */
  async csrfToken(db: Queryable, session: Session): Promise<string> {
    if (session.data.csrfToken) return session.data.csrfToken;
    const token = csrfTokenOf(session.sid);
    session.data = { ...session.data, csrfToken: token };
    await this.save(db, session);
    return token;
  }

  /** Ends a session (logout). */
  destroy(site: string, db: Queryable, sid: string): Promise<void> {
    return this.#end(site, db, sessionKey(sid));
  }

  async #end(site: string, db: Queryable, key: string): Promise<void> {
    await deleteSessionRow(db, key);
    await this.#cache.del(sessionCacheKey(site, key));
  }

  // Refresh well before expiry even when the expiry is short, but never more than every `refreshSeconds`.
  #refreshAfter(data: SessionData): number {
    return Math.min(this.#refreshSeconds, data.expiry / 4);
  }

  #refresh(db: Queryable, session: Session): Promise<boolean> {
    session.data = { ...session.data, lastUpdated: this.#now() };
    return this.save(db, session);
  }
}

// What the cache and the table keep: the session without its CSRF token, only whether one was handed out.
function stored(data: SessionData): string {
  const { csrfToken, ...rest } = data;
  return JSON.stringify(csrfToken ? { ...rest, csrf: 1 } : rest);
}

// Session JSON comes from the cache or a table: both are outside this process, so check its shape.
function parseSessionData(json: string | undefined, sid: string): SessionData | undefined {
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
    ...(v.csrf === 1 ? { csrfToken: csrfTokenOf(sid) } : {}),
    ip: typeof v.ip === 'string' ? v.ip : '',
    device: typeof v.device === 'string' ? v.device : 'desktop',
    lastUpdated: v.lastUpdated,
    expiry: v.expiry,
  };
}
