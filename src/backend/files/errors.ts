// The errors of file handling, in the catalogue's shape (Frappe's `frappe/core/doctype/file/exceptions.py`).
import { ValidationError } from '../../errors/index.ts';

/** 417: an upload beyond the site's `max_file_size`. */
export class MaxFileSizeReachedError extends ValidationError {
  override readonly excType: string = 'MaxFileSizeReachedError';
  override readonly module: string = 'frappe.core.doctype.file.exceptions';
  static override defaultMessage = 'File size exceeded the maximum allowed size';
}
