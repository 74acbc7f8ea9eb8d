// Frappe's `@frappe.whitelist`: an app function reachable at `/api/method/<its dotted path>`. The marker only
// records the options; the loader finds marked exports and registers them (registerAppMethod).
import type { ArgsOf, HttpMethod, ParamSpecs } from '../backend/methods.ts';
import type { AppContext } from './app-context.ts';

/** How a whitelisted app function is exposed (Frappe's keyword names). */
export interface WhitelistOptions<P extends ParamSpecs = ParamSpecs> {
  /** Guests may call it (Frappe's `allow_guest`). Default false. */
  allow_guest?: boolean;
  /** The HTTP methods it answers (Frappe's `methods`); default GET, POST, PUT, DELETE. */
  methods?: readonly HttpMethod[];
  /**
   * Its arguments, typed and checked before the call (a missing or mistyped one answers 417); undeclared
   * arguments are dropped. Without `params` the function receives every argument as sent.
   */
  params?: P;
}

const marker = Symbol('cortado.whitelist');

/** A function marked by `whitelist`: still callable directly (tests), with its options attached. */
export type WhitelistedFunction<P extends ParamSpecs = ParamSpecs, R = unknown> = ((
  ctx: AppContext,
  args: ArgsOf<P>,
) => R) & { readonly [marker]: WhitelistOptions<P> };

/**
 * Marks `fn` as callable over HTTP.
 *
 * @example export const issue = whitelist({ methods: ['POST'], params: { article: { type: 'string', required: true } } },
 *   async (ctx, { article }) => ctx.getDoc('Article', article));
 */
export function whitelist<const P extends ParamSpecs = ParamSpecs, R = unknown>(
  options: WhitelistOptions<P>,
  fn: (ctx: AppContext, args: ArgsOf<P>) => R,
): WhitelistedFunction<P, R> {
  const marked = (ctx: AppContext, args: ArgsOf<P>) => fn(ctx, args);
  Object.defineProperty(marked, marker, { value: Object.freeze({ ...options }) });
  Object.defineProperty(marked, 'name', { value: fn.name || 'whitelisted' });
  return marked as WhitelistedFunction<P, R>;
}

/** The options `fn` was whitelisted with; undefined for a function that was not. */
export function whitelistOptionsOf(fn: unknown): WhitelistOptions | undefined {
  return typeof fn === 'function' ? (fn as Partial<WhitelistedFunction>)[marker] : undefined;
}
