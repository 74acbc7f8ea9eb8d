/** Frappe's two kinds of logged-in user: desk users and portal (website) users. */
export type UserType = 'System User' | 'Website User';

/** Who a connection belongs to, once its credentials were checked. */
export interface SessionUser {
  user: string;
  userType: UserType;
  /** The key of the login session a sid opened it with (`sessionKey(sid)`, no secret): ending it drops the socket. */
  session?: string;
}

/** What a handshake may carry to prove who it is; the resolver decides which one wins. */
export interface Credentials {
  /** The `sid` cookie, or `auth.sid` in the Socket.IO handshake. */
  sid?: string;
  /** The raw `Authorization` header (`token k:s`, `Basic ...`, `Bearer ...`). */
  authorization?: string;
  /** `auth.token` in the handshake, in the `Authorization: token` form's `<api_key>:<api_secret>`. */
  token?: string;
}

/**
 * Checks a connection's credentials against the shared session store, directly: the websocket service never
 * calls back through the public origin (the most reported frappe_docker realtime failure).
 * Resolves undefined for unknown, expired or Guest sessions; rejects only when the store is unreachable.
 *
 * @example const who = await sessions.resolve('site1.local', { sid: '3f2a...' }); // { user, userType } | undefined
 */
export interface SessionResolver {
  resolve(site: string, credentials: Credentials): Promise<SessionUser | undefined>;
}

/**
 * Read permission for realtime subscriptions (Frappe's `can_subscribe_doctype` / `can_subscribe_doc`).
 * The trailing `userType` is the authenticated connection's; implementations backed by real rules may ignore it.
 *
 * @example if (await permissions.canReadDoc(site, user, 'ToDo', 'TD-0001')) socket.join('doc:ToDo/TD-0001');
 */
export interface PermissionChecker {
  canReadDoctype(site: string, user: string, doctype: string, userType?: UserType): Promise<boolean>;
  canReadDoc(
    site: string,
    user: string,
    doctype: string,
    name: string,
    userType?: UserType,
  ): Promise<boolean>;
}

/** What each socket carries (`socket.data`); it travels to other replicas in `fetchSockets()` results. */
export interface SocketData extends SessionUser {
  site: string;
}
