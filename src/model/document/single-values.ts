import type { DocContext } from '../context.ts';
import type { Doc } from './doc.ts';
import type { WriteOptions } from './operation.ts';
import { getSingle, setSingle } from './single.ts';

/**
 * One value of a single DocType (Frappe's `get_single_value`), as the user may read it; undefined when unset.
 *
 * @example const zone = await getSingleValue(ctx, 'System Settings', 'time_zone');
 */
export async function getSingleValue(ctx: DocContext, doctype: string, fieldname: string): Promise<unknown> {
  return (await getSingle(ctx, doctype))[fieldname];
}

/**
 * Changes some values of a single DocType and saves it (Frappe's `set_value` on a single): the stored
 * document with `values` merged in goes through `setSingle`.
 *
 * @example await setSingleValues(ctx, 'System Settings', { time_zone: 'Asia/Kolkata' });
 */
export async function setSingleValues(
  ctx: DocContext,
  doctype: string,
  values: Record<string, unknown>,
  options?: WriteOptions,
): Promise<Doc> {
  const current = await getSingle(ctx, doctype);
  return setSingle(ctx, { ...current, ...values, doctype }, options);
}
