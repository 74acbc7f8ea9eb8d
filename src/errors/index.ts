// The error catalogue: one named type per Frappe exception, with its `exc_type` and HTTP status.
// The bottom layer: every other folder may import it; it imports nothing.
export {
  AuthenticationError,
  CSRFTokenError,
  InvalidAuthorizationToken,
  PermissionError,
  SessionExpired,
} from './auth-errors.ts';
export { FrappeError, type FrappeErrorOptions } from './frappe-error.ts';
export { DuplicateEntryError, NameError } from './name-errors.ts';
export {
  NestedSetChildExistsError,
  NestedSetInvalidMergeError,
  NestedSetRecursionError,
} from './nested-set-errors.ts';
export {
  CacheUnavailable,
  DatabaseUnavailable,
  IncorrectSitePath,
  QueryTimeoutError,
  QueueUnavailable,
  RequestEntityTooLarge,
  ServerError,
  ServiceUnavailable,
  SessionStopped,
} from './server-errors.ts';
export {
  CancelledLinkError,
  CannotChangeConstantError,
  CharacterLengthExceededError,
  DataError,
  DocstatusTransitionError,
  DoesNotExistError,
  FrappeTypeError,
  InReadOnlyMode,
  LinkExistsError,
  LinkValidationError,
  MandatoryError,
  MissingArgumentError,
  NonNegativeError,
  RateLimitExceededError,
  TimestampMismatchError,
  UniqueValidationError,
  UpdateAfterSubmitError,
  ValidationError,
} from './validation-errors.ts';
