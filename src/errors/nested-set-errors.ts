import { ValidationError } from './validation-errors.ts';

// 417 errors of tree DocTypes (Frappe's `frappe.utils.nestedset` exceptions, ValidationError subclasses).

/** 417: a node cannot become a descendant of itself. */
export class NestedSetRecursionError extends ValidationError {
  override readonly excType: string = 'NestedSetRecursionError';
  static override defaultMessage = 'Item cannot be added to its own descendants';
}
/** 417: a node that has children cannot be deleted. */
export class NestedSetChildExistsError extends ValidationError {
  override readonly excType: string = 'NestedSetChildExistsError';
  static override defaultMessage = 'Cannot delete a node that has child nodes';
}
/** 417: a merge (rename onto an existing node) of a group with a leaf. */
export class NestedSetInvalidMergeError extends ValidationError {
  override readonly excType: string = 'NestedSetInvalidMergeError';
  static override defaultMessage =
    'Merging is only possible between Group-to-Group or Leaf Node-to-Leaf Node';
}
