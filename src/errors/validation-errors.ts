import { FrappeError } from './frappe-error.ts';

// 417 errors: Frappe's ValidationError and its subclasses (bad input, broken rules of the document model).

/** 417: input that fails validation (Frappe's catch-all for bad input). */
export class ValidationError extends FrappeError {
  override readonly excType: string = 'ValidationError';
  override readonly status: number = 417;
  static override defaultMessage = 'Invalid input';
}
/** 417: a mandatory field or argument is missing. */
export class MandatoryError extends ValidationError {
  override readonly excType: string = 'MandatoryError';
  static override defaultMessage = 'Missing mandatory value';
}
/** 417: the client's `modified` differs from the stored one (optimistic concurrency). */
export class TimestampMismatchError extends ValidationError {
  override readonly excType: string = 'TimestampMismatchError';
  static override defaultMessage = 'Document has been modified after you have opened it';
}
/** 417: an illegal docstatus change (1→0, 2→anything). */
export class DocstatusTransitionError extends ValidationError {
  override readonly excType: string = 'DocstatusTransitionError';
  static override defaultMessage = 'Cannot change docstatus';
}
/** 417: a Link value that points at no document. */
export class LinkValidationError extends ValidationError {
  override readonly excType: string = 'LinkValidationError';
  static override defaultMessage = 'Could not find linked document';
}
/** 417: a Link value that points at a cancelled document. */
export class CancelledLinkError extends LinkValidationError {
  override readonly excType: string = 'CancelledLinkError';
  static override defaultMessage = 'Cannot link cancelled document';
}
/** 417: a document cannot be deleted or cancelled because another document links to it. */
export class LinkExistsError extends ValidationError {
  override readonly excType: string = 'LinkExistsError';
  static override defaultMessage = 'Cannot delete or cancel because the document is linked';
}
/** 417: a bad query (unknown field in fields/filters, unknown operator). */
export class DataError extends ValidationError {
  override readonly excType: string = 'DataError';
  static override defaultMessage = 'Field not permitted in query';
}
/** 417: an argument of the wrong type for a whitelisted method. */
export class FrappeTypeError extends ValidationError {
  override readonly excType: string = 'FrappeTypeError';
  static override defaultMessage = 'Invalid argument type';
}
/**
 * 417: a whitelisted method called without a required argument. Frappe lets Python raise `TypeError`
 * ("get() missing 1 required positional argument: 'doctype'"), so that is the `exc_type` and message.
 */
export class MissingArgumentError extends ValidationError {
  override readonly excType: string = 'TypeError';
  override readonly module: string = '';
  static override defaultMessage = 'missing a required argument';
}
/** 417: a value longer than its column allows. */
export class CharacterLengthExceededError extends ValidationError {
  override readonly excType: string = 'CharacterLengthExceededError';
  static override defaultMessage = 'Value too long';
}
/** 417: a negative value in a field marked non-negative. */
export class NonNegativeError extends ValidationError {
  override readonly excType: string = 'NonNegativeError';
  static override defaultMessage = 'Value cannot be negative';
}
/** 417: a field changed on a submitted document that does not allow it (`allow_on_submit`). */
export class UpdateAfterSubmitError extends ValidationError {
  override readonly excType: string = 'UpdateAfterSubmitError';
  static override defaultMessage = 'Not allowed to change after submission';
}
/** 417: a `set_only_once` field changed after the document was created. */
export class CannotChangeConstantError extends ValidationError {
  override readonly excType: string = 'CannotChangeConstantError';
  static override defaultMessage = 'Value cannot be changed';
}
/** 417: a unique field's value already exists (Frappe's name; Cortado raises DuplicateEntryError, 409). */
export class UniqueValidationError extends ValidationError {
  override readonly excType: string = 'UniqueValidationError';
  static override defaultMessage = 'Value must be unique';
}

/** 404: no such document (or page). */
export class DoesNotExistError extends ValidationError {
  override readonly excType: string = 'DoesNotExistError';
  override readonly status: number = 404;
  static override defaultMessage = 'Not found';
  static override defaultTitle = 'Not Found';
}

/** 429: too many attempts. */
export class RateLimitExceededError extends ValidationError {
  override readonly excType: string = 'RateLimitExceededError';
  override readonly status: number = 429;
  static override defaultMessage = 'Too many requests. Please try again later.';
}

/** 503: the site is read-only. */
export class InReadOnlyMode extends ValidationError {
  override readonly excType: string = 'InReadOnlyMode';
  override readonly status: number = 503;
  static override defaultMessage = 'This site is in read only mode';
}
