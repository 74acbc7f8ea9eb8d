import { FrappeTypeError, PermissionError } from '../errors/index.ts';
import type { Args } from './arguments.ts';
import { coerceParam, type ParamType, type ParamTypeMap } from './param-types.ts';
import type { RequestContext } from './request-context.ts';

export type { ParamType };

/** HTTP methods a whitelisted method can allow (HEAD counts as GET). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Frappe's default for `@frappe.whitelist(methods=...)`. */
export const defaultHttpMethods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** A declared parameter: its type (or alternatives, tried in order) and whether it must be present. */
export interface ParamSpec {
  type: ParamType | readonly ParamType[];
  required?: boolean;
}
export type ParamSpecs = Record<string, ParamSpec>;

type ValueOf<S extends ParamSpec> = S['type'] extends readonly ParamType[]
  ? ParamTypeMap[S['type'][number]]
  : S['type'] extends ParamType
    ? ParamTypeMap[S['type']]
    : never;

/** The handler's argument object for declared `params`: required ones present, others optional. */
export type ArgsOf<P extends ParamSpecs> = {
  [K in keyof P as P[K]['required'] extends true ? K : never]: ValueOf<P[K]>;
} & { [K in keyof P as P[K]['required'] extends true ? never : K]?: ValueOf<P[K]> };

/** Whether a method answers on the request's site (an app's methods: only where the app is installed). */
export type MethodAvailability = (ctx: RequestContext) => boolean | Promise<boolean>;

/** How a method is exposed. Without `params` the handler receives every argument (Python's `**kwargs`). */
export interface MethodOptions<P extends ParamSpecs> {
  allowGuest?: boolean;
  methods?: readonly HttpMethod[];
  params?: P;
  /** Where it answers; elsewhere it is as unknown as a method never whitelisted. Default: every site. */
  availableOn?: MethodAvailability | undefined;
  /** The app that registered it (listed with its arguments in `/api/openapi.json`). */
  app?: string | undefined;
}

/** A whitelisted method's body. Its return value becomes `{"message": ...}` (v1) or `{"data": ...}` (v2). */
export type MethodHandler<P extends ParamSpecs> = (ctx: RequestContext, args: ArgsOf<P>) => unknown;

/** A registered method, as the HTTP layer sees it. */
export interface WhitelistedMethod {
  readonly name: string;
  readonly allowGuest: boolean;
  readonly methods: ReadonlySet<string>;
  readonly params: ParamSpecs | undefined;
  readonly handler: (ctx: RequestContext, args: Args) => unknown;
  readonly availableOn: MethodAvailability | undefined;
  readonly app: string | undefined;
}

const methodName = /^[A-Za-z_][\w.]{0,139}$/;
// What a method path looks like: dotted identifiers, no empty segment (so no `..`, no leading or trailing dot).
const methodPath = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/**
 * The whitelisted-method registry: only what is registered here can be called through
 * `/api/method/<name>` or `cmd=<name>`.
 *
 * @example
 * registry.whitelist('myapp.api.add', { params: { a: { type: 'int', required: true }, b: { type: 'int' } } },
 *   (ctx, { a, b = 0 }) => a + b);
 */
export class MethodRegistry {
  readonly #methods = new Map<string, WhitelistedMethod>();
  readonly #overrides = new Map<string, WhitelistedMethod[]>();

  /** Registers `handler` under the dotted `name`. Registering a name twice is a programming error. */
  whitelist<const P extends ParamSpecs = ParamSpecs>(
    name: string,
    options: MethodOptions<P>,
    handler: MethodHandler<P>,
  ): void {
    if (!methodName.test(name)) throw new Error(`invalid method name: ${JSON.stringify(name)}`);
    if (this.#methods.has(name)) throw new Error(`method already whitelisted: ${name}`);
    this.#methods.set(name, entry(name, options, handler));
  }

  /**
   * Answers `name` with `handler` where `options.availableOn` holds (Frappe's `override_whitelisted_methods`):
   * the overriding method's own options (guest, HTTP methods, params) apply. The last override registered
   * for a name that is available on the request's site wins; elsewhere the method itself answers.
   */
  override<const P extends ParamSpecs = ParamSpecs>(
    name: string,
    options: MethodOptions<P>,
    handler: MethodHandler<P>,
  ): void {
    if (!methodPath.test(name) || name.length > 140)
      throw new Error(`invalid method name: ${JSON.stringify(name)}`);
    const list = this.#overrides.get(name) ?? [];
    list.push(entry(name, options, handler));
    this.#overrides.set(name, list);
  }

  get(name: string): WhitelistedMethod | undefined {
    return this.#methods.get(name);
  }

  /**
   * The method that answers `name` for this request: an override available on its site, else the method
   * itself when it is available there; undefined for anything else (malformed paths included).
   */
  async resolve(name: string, ctx: RequestContext): Promise<WhitelistedMethod | undefined> {
    if (!methodPath.test(name)) return undefined;
    const overrides = this.#overrides.get(name);
    if (overrides) {
      for (let i = overrides.length - 1; i >= 0; i -= 1) {
        const candidate = overrides[i]!;
        if (!candidate.availableOn || (await candidate.availableOn(ctx))) return candidate;
      }
    }
    const method = this.#methods.get(name);
    if (method?.availableOn && !(await method.availableOn(ctx))) return undefined;
    return method;
  }

  /** Every registered method (overrides not included), sorted by name. */
  list(): WhitelistedMethod[] {
    return this.names().map((name) => this.#methods.get(name)!);
  }

  /** Every registered name, sorted. */
  names(): string[] {
    return [...this.#methods.keys()].sort();
  }
}

/**
 * Runs method `name` for the request in `ctx`: 403 when it is not whitelisted (or not on this site), when Guest calls a
 * non-guest method, or when the HTTP method is not allowed (as Frappe does); 417 when an argument
 * has the wrong type or a required one is missing.
 */
export async function callMethod(
  registry: MethodRegistry,
  ctx: RequestContext,
  name: string,
): Promise<unknown> {
  const method = await registry.resolve(name, ctx);
  if (!method) {
    ctx.log.info({ method: name.slice(0, 140) }, 'method not whitelisted');
    throw new PermissionError();
  }
  if (ctx.user === 'Guest' && !method.allowGuest) throw new PermissionError();
  const http = ctx.method === 'HEAD' ? 'GET' : ctx.method;
  if (!method.methods.has(http)) throw new PermissionError();
  const args = method.params ? matchParams(method.params, ctx.args) : ctx.args;
  return await method.handler(ctx, args);
}

function entry<P extends ParamSpecs>(
  name: string,
  options: MethodOptions<P>,
  handler: MethodHandler<P>,
): WhitelistedMethod {
  return {
    name,
    allowGuest: options.allowGuest ?? false,
    methods: new Set(options.methods ?? defaultHttpMethods),
    params: options.params,
    handler: handler as WhitelistedMethod['handler'],
    availableOn: options.availableOn,
    app: options.app,
  };
}

/** Keeps only declared parameters (unknown ones dropped), type-checked and converted. */
export function matchParams(params: ParamSpecs, args: Args): Args {
  const matched: Args = Object.create(null);
  for (const [name, spec] of Object.entries(params)) {
    const value = Object.hasOwn(args, name) ? args[name] : undefined;
    if (value === undefined || value === null) {
      if (spec.required) throw new FrappeTypeError(`Missing required argument '${name}'`);
      continue;
    }
    const types = typeof spec.type === 'string' ? [spec.type] : spec.type;
    matched[name] = coerceParam(name, types, value);
  }
  return matched;
}
