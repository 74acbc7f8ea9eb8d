import { ValidationError } from '../errors/index.ts';

/** A request's arguments (Frappe's `form_dict`). Null-prototype, so keys like `__proto__` are inert. */
export type Args = Record<string, unknown>;

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** True when the request declares a JSON body (`application/json` or `application/*+json`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && jsonType.test(contentType);
}

/**
 * The arguments of a request, per docs/wire.md §2: a JSON body alone when there is one (an array
 * becomes `data`), else the query string overlaid with urlencoded form fields (first value of a
 * repeated key). `_` (jQuery's cache buster) is dropped.
 *
 * @example collectArguments({ json: true, body: [1, 2], query: { a: '1' } }) // { data: [1, 2] }
 */
export function collectArguments(input: { json: boolean; body: unknown; query: unknown }): Args {
  const args: Args = Object.create(null);
  if (input.json && input.body !== undefined) {
    const { body } = input;
    if (Array.isArray(body)) args.data = body;
    else if (body !== null && typeof body === 'object')
      copyInto(args, body as Record<string, unknown>, false);
    else throw new ValidationError('Invalid request arguments');
  } else {
    copyInto(args, input.query, true);
    if (isPlainObject(input.body)) copyInto(args, input.body, true);
  }
  delete args._;
  return args;
}

function copyInto(target: Args, source: unknown, firstOfRepeated: boolean): void {
  if (!isPlainObject(source)) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    target[key] = firstOfRepeated && Array.isArray(value) ? value[0] : value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}
