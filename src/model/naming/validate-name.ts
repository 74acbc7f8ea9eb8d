import { NameError } from '../../errors/index.ts';

/** The longest name a `name` column (varchar 140) holds. */
export const maxNameLength = 140;

/**
 * Checks and tidies a document name (Frappe's `validate_name`): trimmed, not empty, at most 140 characters,
 * no `<` or `>`, not `New <DocType>...`, and not the DocType's own name (except for single DocTypes and
 * DocType itself). Throws NameError (409).
 */
export function validateName(doctype: string, name: unknown, isSingle = false): string {
  if (typeof name !== 'string' && typeof name !== 'number')
    throw new NameError(`No name specified for ${doctype}`);
  const trimmed = String(name).trim();
  if (!trimmed) throw new NameError(`No name specified for ${doctype}`);
  if (trimmed.startsWith(`New ${doctype}`))
    throw new NameError('There were some errors setting the name, please contact the administrator');
  if (trimmed.length > maxNameLength)
    throw new NameError(`Name of ${doctype} is longer than ${maxNameLength} characters`);
  if (/[<>]/.test(trimmed)) throw new NameError("Name cannot contain special characters like '<', '>'");
  if (!isSingle && trimmed === doctype && doctype !== 'DocType')
    throw new NameError(`Name of ${doctype} cannot be ${trimmed}`);
  return trimmed;
}
