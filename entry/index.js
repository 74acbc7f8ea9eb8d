// The `cortado` package entry as Node loads it: the compiled entry (dist/index.js) when built (the image), else
// the TypeScript sources through tsx (a clone), as bin/cortado.js chooses. The names are listed because an ES
// module cannot re-export a module chosen at run time; test/apps/package-entry.test.ts keeps the list complete.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/index.js', import.meta.url);
const built = existsSync(compiled);
if (!built) (await import('tsx/esm/api')).register();
const entry = await import(built ? compiled.href : new URL('../src/index.ts', import.meta.url).href);

export const {
  AuthenticationError,
  CSRFTokenError,
  CacheUnavailable,
  CancelledLinkError,
  CannotChangeConstantError,
  CharacterLengthExceededError,
  DataError,
  DatabaseUnavailable,
  DocstatusTransitionError,
  Document,
  DoesNotExistError,
  DuplicateEntryError,
  FrappeError,
  FrappeTypeError,
  InReadOnlyMode,
  IncorrectSitePath,
  InvalidAuthorizationToken,
  LinkExistsError,
  LinkValidationError,
  MandatoryError,
  MissingArgumentError,
  NameError,
  NestedSetChildExistsError,
  NestedSetInvalidMergeError,
  NestedSetRecursionError,
  NonNegativeError,
  PermissionError,
  QueryTimeoutError,
  QueueUnavailable,
  RateLimitExceededError,
  RequestEntityTooLarge,
  ServerError,
  ServiceUnavailable,
  SessionExpired,
  SessionStopped,
  TimestampMismatchError,
  UniqueValidationError,
  UpdateAfterSubmitError,
  ValidationError,
  defineApp,
  reservedFieldnames,
  siteNameHint,
  whitelist,
} = entry;
