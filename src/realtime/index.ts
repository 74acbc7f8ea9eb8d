// The websocket service (frappe_docker's `websocket`): Socket.IO per-site namespaces fed by the bus.
export { credentialsOf } from './credentials.ts';
export { ConnectionRefusedError, type RefusalCode } from './errors.ts';
export type {
  ClientToServerEvents,
  DocViewers,
  RealtimeNamespace,
  RealtimeServer,
  RealtimeSocket,
  ServerToClientEvents,
} from './events.ts';
export { hostOf, originAllowed, originHostOf, siteOfHandshake } from './handshake-site.ts';
export * as rooms from './rooms.ts';
export { type RealtimeOptions, type RealtimeService, startRealtime } from './start-realtime.ts';
export { systemUsersOnly } from './system-users-only.ts';
export type {
  Credentials,
  PermissionChecker,
  SessionResolver,
  SessionUser,
  SocketData,
  UserType,
} from './types.ts';
