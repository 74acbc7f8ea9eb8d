// Shared fixtures for the websocket service suites: a temp bench, Map-backed sessions, a switchable permission
// checker, service start-up per backend, and socket.io-client helpers that wait on events with a deadline.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Bus } from '../../src/bus/bus.ts';
import { createBus, publishRealtime } from '../../src/bus/index.ts';
import { Bench } from '../../src/config/bench.ts';
import type { RealtimeService } from '../../src/realtime/start-realtime.ts';
import { startRealtime } from '../../src/realtime/start-realtime.ts';
import type {
  Credentials,
  PermissionChecker,
  SessionResolver,
  SessionUser,
} from '../../src/realtime/types.ts';
import { redisUrl } from '../support/services.ts';

/** How long any single wait may take before the test fails (a deadline, not a timing assertion). */
export const deadlineMs = 5_000;

/** The backends every suite runs against: in-process always, Redis bus + adapter when TEST_REDIS_URL is set. */
export const backends: Array<{ name: string; redisUrl: string | undefined }> = [
  { name: 'memory', redisUrl: undefined },
  ...(redisUrl ? [{ name: 'redis', redisUrl }] : []),
];

/** A site name no other test run shares (suites may run at once against one Redis). */
export function uniqueSite(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}.test`;
}

/** A bench in a temp folder with the given sites, each with an empty `site_config.json`. */
export async function tempBench(sites: string[]): Promise<{ bench: Bench; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cortado-realtime-'));
  const sitesPath = join(dir, 'sites');
  await mkdir(sitesPath);
  await writeFile(join(sitesPath, 'common_site_config.json'), '{}\n');
  for (const site of sites) {
    await mkdir(join(sitesPath, site));
    await writeFile(join(sitesPath, site, 'site_config.json'), '{}\n');
  }
  return { bench: new Bench(sitesPath), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Sessions in Maps: sids, raw Authorization headers and `auth.token` values, per site. */
export class MapSessions implements SessionResolver {
  readonly #entries = new Map<string, SessionUser>();
  readonly calls: Array<{ site: string; credentials: Credentials }> = [];

  addSid(site: string, sid: string, who: SessionUser): this {
    this.#entries.set(`${site}|sid|${sid}`, who);
    return this;
  }
  addAuthorization(site: string, header: string, who: SessionUser): this {
    this.#entries.set(`${site}|authorization|${header}`, who);
    return this;
  }
  addToken(site: string, token: string, who: SessionUser): this {
    this.#entries.set(`${site}|token|${token}`, who);
    return this;
  }

  async resolve(site: string, credentials: Credentials): Promise<SessionUser | undefined> {
    this.calls.push({ site, credentials });
    for (const kind of ['authorization', 'token', 'sid'] as const) {
      const value = credentials[kind];
      const who = value === undefined ? undefined : this.#entries.get(`${site}|${kind}|${value}`);
      if (who) return who;
    }
    return undefined;
  }
}

/** A permission checker whose answer tests can flip; records every question asked. */
export class TestPermissions implements PermissionChecker {
  readonly calls: string[] = [];
  constructor(public allow: boolean | ((doctype: string, name?: string) => boolean) = true) {}

  #answer(doctype: string, name?: string): boolean {
    return typeof this.allow === 'function' ? this.allow(doctype, name) : this.allow;
  }
  async canReadDoctype(_site: string, user: string, doctype: string): Promise<boolean> {
    this.calls.push(`${user} ${doctype}`);
    return this.#answer(doctype);
  }
  async canReadDoc(_site: string, user: string, doctype: string, name: string): Promise<boolean> {
    this.calls.push(`${user} ${doctype}/${name}`);
    return this.#answer(doctype, name);
  }
}

/** A running service plus what tests need around it. */
export interface Harness {
  rt: RealtimeService;
  bus: Bus;
  sessions: MapSessions;
  permissions: PermissionChecker;
  site: string;
  /** Publishes on the bus the way the backend does. */
  publish(event: string, message: unknown, room: string | null, site?: string): Promise<void>;
  close(): Promise<void>;
}

export const alice: SessionUser = { user: 'alice@example.com', userType: 'System User' };
export const bob: SessionUser = { user: 'bob@example.com', userType: 'System User' };
export const walt: SessionUser = { user: 'walt@example.com', userType: 'Website User' };

/** Starts one service on port 0 over a fresh bench holding `site` (and `extraSites`), sids `sid-<name>`. */
export async function startHarness(options: {
  backend: { redisUrl: string | undefined };
  site?: string;
  extraSites?: string[];
  permissions?: PermissionChecker;
}): Promise<Harness> {
  const site = options.site ?? uniqueSite('site');
  const { bench, remove } = await tempBench([site, ...(options.extraSites ?? [])]);
  const sessions = new MapSessions();
  for (const who of [alice, bob, walt]) sessions.addSid(site, sidOf(who), who);
  const permissions = options.permissions ?? new TestPermissions(true);
  const bus = createBus({ redisUrl: options.backend.redisUrl });
  const rt = await startRealtime({
    port: 0,
    host: '127.0.0.1',
    bench,
    bus,
    sessions,
    permissions,
    redisUrl: options.backend.redisUrl,
  });
  return {
    rt,
    bus,
    sessions,
    permissions,
    site,
    publish: (event, message, room, target = site) =>
      publishRealtime(bus, { event, message, room, namespace: target }),
    close: async () => {
      await rt.close();
      await bus.close();
      await remove();
    },
  };
}

/** The sid the harness gives a user. */
export function sidOf(who: SessionUser): string {
  return `sid-${who.user.split('@')[0]}`;
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A client for `/<namespace>` on the service, never reconnecting on its own, with `X-Frappe-Site-Name` set. */
export function client(
  port: number,
  namespace: string,
  options: {
    headers?: Record<string, string>;
    auth?: Record<string, unknown>;
    transports?: string[];
    /** Leave out `X-Frappe-Site-Name`, so the site comes from Origin or Host. */
    noSiteHeader?: boolean;
  } = {},
): Socket {
  const opts: ClientOptions = {
    path: '/socket.io',
    forceNew: true,
    reconnection: false,
    timeout: deadlineMs,
    extraHeaders: {
      ...(options.noSiteHeader ? {} : { 'X-Frappe-Site-Name': namespace }),
      ...options.headers,
    },
  };
  if (options.auth) opts.auth = options.auth;
  if (options.transports) opts.transports = options.transports as ClientOptions['transports'];
  return ioClient(`http://127.0.0.1:${port}/${namespace}`, opts);
}

/** A client logged in as `who` by sid cookie, already connected. */
export async function connectAs(h: Harness, who: SessionUser, transports?: string[]): Promise<Socket> {
  const socket = client(h.rt.port, h.site, { headers: { cookie: `sid=${sidOf(who)}` }, transports });
  await connected(socket);
  return socket;
}

/** Resolves once connected; rejects with the server's refusal (or the deadline). */
export function connected(socket: Socket): Promise<void> {
  return withDeadline('connect', (resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Resolves with the `connect_error` the server sent; rejects if the socket connects instead. */
export function refusal(socket: Socket): Promise<Error & { data?: { code?: string } }> {
  return withDeadline('connect_error', (resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but a refusal was expected')));
    socket.once('connect_error', (error) => resolve(error as Error & { data?: { code?: string } }));
  });
}

/** Every event a socket receives, in order, with waits on what is to come. */
export class EventLog {
  readonly events: Array<{ event: string; args: unknown[] }> = [];
  readonly #waiters = new Set<() => void>();

  constructor(socket: Socket) {
    socket.onAny((event: string, ...args: unknown[]) => {
      this.events.push({ event, args });
      for (const wake of this.#waiters) wake();
    });
  }

  /**
   * The first event named `event` whose first argument matches `where`, at position `from` or later (past or
   * future); resolves with its position.
   */
  waitFor(event: string, where: (arg: unknown) => boolean = () => true, from = 0): Promise<number> {
    return withDeadline(event, (resolve) => {
      const check = () => {
        const index = this.events.findIndex((e, i) => i >= from && e.event === event && where(e.args[0]));
        if (index < 0) return false;
        this.#waiters.delete(wake);
        resolve(index);
        return true;
      };
      const wake = () => void check();
      if (!check()) this.#waiters.add(wake);
    });
  }

  /** Events named `event` (their first argument). */
  named(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.args[0]);
  }
}

/** Sends `ping` and waits for the `pong` (proves the socket still works and flushes earlier packets). */
export async function roundTrip(socket: Socket, log: EventLog): Promise<void> {
  const from = log.events.length;
  socket.emit('ping');
  await log.waitFor('pong', undefined, from);
}

/** Resolves with the first argument of the next `event` from any emitter, within the deadline. */
export function once(
  emitter: { once(event: string, listener: (arg: unknown) => void): unknown },
  event: string,
) {
  return withDeadline<unknown>(event, (resolve) => {
    emitter.once(event, resolve);
  });
}

/** Closes clients, ignoring ones already closed. */
export function disconnectAll(...sockets: Socket[]): void {
  for (const socket of sockets) socket.disconnect();
}

function withDeadline<T>(
  what: string,
  body: (resolve: (v: T) => void, reject: (e: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${deadlineMs} ms`)), deadlineMs);
    body(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
