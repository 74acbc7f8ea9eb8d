// Checks the desk makes before saving, so the common mistakes are shown at their field at once; the
// server checks everything again (and its errors are mapped to fields too, see field-errors.ts).
import { fieldState } from './depends-on.ts';
import { floatTypes, hasValue, intTypes, tableTypes } from './fieldtypes.ts';
import type { Doc, DocField, DocTypeMeta } from './types.ts';

/** Errors by key: `fieldname`, or `table.<row idx>.fieldname` for child rows. */
export type FieldErrors = Record<string, string>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** The problem with one value of `field`, or undefined. */
export function fieldProblem(field: DocField, value: unknown): string | undefined {
  if (field.reqd && (isEmpty(value) || (field.fieldtype === 'Text Editor' && isBlankHtml(value))))
    return `${field.label || field.fieldname} is required`;
  if (isEmpty(value)) return undefined;
  if (intTypes.has(field.fieldtype) && !Number.isInteger(Number(value))) return 'Enter a whole number';
  if (floatTypes.has(field.fieldtype) && !Number.isFinite(Number(value))) return 'Enter a number';
  switch (field.fieldtype) {
    case 'JSON':
      if (typeof value === 'string') {
        try {
          JSON.parse(value);
        } catch {
          return 'Enter valid JSON';
        }
      }
      break;
    case 'Data':
      if (field.options === 'Email' && !emailPattern.test(String(value)))
        return 'Enter a valid email address';
      if (field.length && String(value).length > Number(field.length))
        return `At most ${field.length} characters`;
      break;
  }
  return undefined;
}

function isBlankHtml(value: unknown): boolean {
  return typeof value === 'string' && value.replace(/<[^>]*>|&nbsp;|\s/g, '') === '';
}

/** Every problem of a document and its child rows. */
export function validateDoc(meta: DocTypeMeta, doc: Doc, childMetas: Map<string, DocTypeMeta>): FieldErrors {
  const errors: FieldErrors = {};
  for (const declared of meta.fields) {
    const field = asItStands(declared, doc, undefined);
    if (!field) continue;
    if (tableTypes.has(field.fieldtype)) {
      const rows = (doc[field.fieldname] as Doc[] | undefined) ?? [];
      if (field.reqd && rows.length === 0)
        errors[field.fieldname] = `${field.label || field.fieldname} needs at least one row`;
      const child = childMetas.get(field.options ?? '');
      if (!child || field.fieldtype !== 'Table') continue;
      rows.forEach((row, i) => {
        for (const declaredChild of child.fields) {
          const cf = asItStands(declaredChild, row, doc);
          if (!cf || !hasValue(cf)) continue;
          const problem = fieldProblem(cf, row[cf.fieldname]);
          if (problem) errors[`${field.fieldname}.${i}.${cf.fieldname}`] = problem;
        }
      });
      continue;
    }
    if (!hasValue(field)) continue;
    const problem = fieldProblem(field, doc[field.fieldname]);
    if (problem) errors[field.fieldname] = problem;
  }
  return errors;
}

// The field as its depends_on expressions leave it for `doc`: undefined when hidden or read-only (nothing to
// check), else with `reqd` as `mandatory_depends_on` says.
function asItStands(field: DocField, doc: Doc, parent: Doc | undefined): DocField | undefined {
  if (field.hidden) return undefined;
  const state = fieldState(field, doc, parent);
  if (!state.visible || state.readOnly) return undefined;
  return { ...field, reqd: state.mandatory ? 1 : 0 };
}
