// The document a v1 insert or update carries (Frappe's `get_request_form_data`).

import { ValidationError } from '../../errors/index.ts';
import type { Args } from '../arguments.ts';

/**
 * The request's document: the form field `data` (JSON text or an object) when present, else the arguments
 * themselves (a JSON body). Anything but an object is a 417 ValidationError. `flags` never reaches the engine.
 *
 * @example requestDocument({ data: '{"description":"x"}' }) // { description: 'x' }
 */
export function requestDocument(args: Args): Record<string, unknown> {
  let data: unknown = args.data === undefined || args.data === null ? args : args.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      throw new ValidationError('The field `data` must hold a JSON object');
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('The request must carry a document (a JSON object)');
  }
  const doc: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  delete doc.flags;
  return doc;
}
