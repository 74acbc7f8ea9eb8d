// Server errors placed at the field they are about: MandatoryError names its fields
// (`[ToDo, x]: description, date`); other messages name a field by its label ("Could not find
// Customer: X", "Email must be unique").
import type { FrappeError } from '../api/frappe-error.ts';
import { hasValue, tableTypes } from './fieldtypes.ts';
import type { DocTypeMeta } from './types.ts';
import type { FieldErrors } from './validate.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Errors by field for a failed save; what names no field is returned as `general`.
 *
 * @example fieldErrorsOf(error, meta) // { errors: { description: 'Value missing for Description' }, general: [] }
 */
export function fieldErrorsOf(
  error: FrappeError,
  meta: DocTypeMeta,
): { errors: FieldErrors; general: string[] } {
  const errors: FieldErrors = {};
  const general: string[] = [];
  const fields = meta.fields.filter((f) => hasValue(f) || tableTypes.has(f.fieldtype));
  const byName = new Map(fields.map((f) => [f.fieldname, f]));

  if (error.excType === 'MandatoryError') {
    const listed = /\]:\s*(.+)$/.exec(error.exception || error.message)?.[1] ?? '';
    for (const name of listed.split(',').map((s) => s.trim())) {
      const field = byName.get(name);
      if (field) errors[name] = `${field.label || name} is required`;
    }
  }

  const messages = error.messages.length ? error.messages.map((m) => m.message) : [error.message];
  // Longest labels first, so "Due Date" wins over "Date".
  const candidates = fields
    .flatMap((f) =>
      [f.label, f.fieldname].filter(Boolean).map((text) => ({ field: f, text: text as string })),
    )
    .sort((a, b) => b.text.length - a.text.length);
  for (const message of messages) {
    const hit = candidates.find(({ text }) =>
      new RegExp(`(^|[^\\w])${escapeRegExp(text)}([^\\w]|$)`, 'i').test(message),
    );
    if (hit) {
      if (!errors[hit.field.fieldname] || error.excType !== 'MandatoryError')
        errors[hit.field.fieldname] = message;
    } else if (!Object.keys(errors).length) general.push(message);
  }
  return { errors, general };
}
