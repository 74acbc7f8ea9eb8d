// Authentication's public surface: users, passwords, sessions, API keys, credential checks.
export { type ApiKeyPair, parseAuthorization, resolveApiKey } from './api-keys.ts';
export { type Credentials, createCredentialResolver, type ResolveCredentials } from './credentials.ts';
export { authenticatePassword, type LoginAttempt } from './login.ts';
export { LoginRateLimiter, type SignInKind } from './login-rate-limit.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { guest, type Principal, type UserType } from './principal.ts';
export { type EndSessionsOptions, endUserSessions, sessionsEndedChannel } from './session-ends.ts';
export { defaultSessionExpiry, expirySeconds } from './session-expiry.ts';
export {
  csrfTokenOf,
  isSid,
  newSid,
  type Session,
  type SessionData,
  SessionStore,
  sessionKey,
} from './sessions.ts';
export { signInWithToken, type TokenThrottle } from './token-sign-in.ts';
export {
  addRoles,
  type CreateUserOptions,
  checkPassword,
  createUser,
  findUser,
  generateApiKeys,
  getUser,
  setPassword,
  type UserRecord,
} from './users.ts';
