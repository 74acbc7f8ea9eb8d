import { FrappeError } from './frappe-error.ts';

/** 409: a document name that cannot be used. */
export class NameError extends FrappeError {
  override readonly excType: string = 'NameError';
  override readonly status: number = 409;
  static override defaultMessage = 'Invalid name';
}
/** 409: a unique value (or name) already exists. `fieldname` names the duplicated field, when known. */
export class DuplicateEntryError extends NameError {
  override readonly excType: string = 'DuplicateEntryError';
  static override defaultMessage = 'Duplicate entry';
  fieldname: string | undefined;
}
