import { MissingArgumentError, PermissionError, ValidationError } from '../errors/index.ts';
import { deleteOwned, owned, releaseLists } from '../model/registration-owner.ts';
import type { Args } from './arguments.ts';
import { escapeHtml } from './html.ts';
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
    this.#methods.set(name, owned(entry(name, options, handler)));
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
    list.push(owned(entry(name, options, handler)));
    this.#overrides.set(name, list);
  }

  /** Removes the methods and overrides `owner` registered (model/registration-owner.ts): an app reload. */
  release(owner: object): void {
    deleteOwned(this.#methods, owner);
    releaseLists(this.#overrides, owner);
  }

  /** Whether some registered method lives in the dotted module `module` (for Frappe's import-failure wording). */
  hasModule(module: string): boolean {
    const prefix = `${module}.`;
    for (const name of this.#methods.keys()) if (name.startsWith(prefix)) return true;
    return false;
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
 * Runs method `name` for the request in `ctx`, answering as Frappe's `execute_cmd` does: 417
 * `ValidationError` "Failed to get method for command ..." when no whitelisted method has that path (or
 * none on this site); 403 when Guest calls a non-guest method ("Method Not Allowed") or the HTTP method is
 * not allowed; 417 when an argument has the wrong type, or `TypeError` when a required one is missing.
 */
export async function callMethod(
  registry: MethodRegistry,
  ctx: RequestContext,
  name: string,
): Promise<unknown> {
  const method = await registry.resolve(name, ctx);
  if (!method) {
    ctx.log.info({ method: name.slice(0, 140) }, 'method not whitelisted');
    throw unknownMethod(registry, name);
  }
  if (ctx.user === 'Guest' && !method.allowGuest) throw notWhitelistedForGuest(method.name);
  const http = ctx.method === 'HEAD' ? 'GET' : ctx.method;
  if (!method.methods.has(http)) throw new PermissionError();
  const args = method.params ? matchParams(method.params, ctx.args, method.name) : ctx.args;
  return await method.handler(ctx, args);
}

// Frappe fails to import the path: "No module named 'x.y'" for a module nothing comes from, "module 'x.y'
// has no attribute 'z'" for one that has other methods, the name itself (a KeyError) for an undotted one.
// The path is hostile and may be rendered as HTML by the client, so it is escaped and cut short.
function unknownMethod(registry: MethodRegistry, name: string): ValidationError {
  const cmd = escapeHtml(name.slice(0, 140));
  const dot = cmd.lastIndexOf('.');
  let reason: string;
  if (dot < 0) reason = `'${cmd}'`;
  else {
    const module = cmd.slice(0, dot);
    reason = registry.hasModule(module)
      ? `module '${module}' has no attribute '${cmd.slice(dot + 1)}'`
      : `No module named '${module}'`;
  }
  return new ValidationError(`Failed to get method for command ${cmd} with ${reason}`);
}

function notWhitelistedForGuest(name: string): PermissionError {
  const summary = 'You are not permitted to access this resource. Login to access';
  const detail = `Function <strong>${escapeHtml(name)}</strong> is not whitelisted.`;
  return new PermissionError(`<details><summary>${summary}</summary>${detail}</details>`, {
    title: 'Method Not Allowed',
  });
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

/**
 * Keeps only declared parameters (unknown ones dropped), type-checked and converted. Missing required ones
 * are named as Python names them (`getdoc() missing 2 required positional arguments: 'doctype' and 'name'`).
 */
export function matchParams(params: ParamSpecs, args: Args, methodName = 'method'): Args {
  const matched: Args = Object.create(null);
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(params)) {
    const value = Object.hasOwn(args, name) ? args[name] : undefined;
    if (value === undefined || value === null) {
      if (spec.required) missing.push(name);
      continue;
    }
    const types = typeof spec.type === 'string' ? [spec.type] : spec.type;
    matched[name] = coerceParam(name, types, value);
  }
  if (missing.length) throw missingArguments(methodName, missing);
  return matched;
}

function missingArguments(methodName: string, missing: string[]): MissingArgumentError {
  const fn = methodName.slice(methodName.lastIndexOf('.') + 1);
  const quoted = missing.map((name) => `'${name}'`);
  const list =
    quoted.length === 1
      ? quoted[0]
      : quoted.length === 2
        ? `${quoted[0]} and ${quoted[1]}`
        : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
  const count =
    missing.length === 1
      ? '1 required positional argument'
      : `${missing.length} required positional arguments`;
  return new MissingArgumentError(`${fn}() missing ${count}: ${list}`);
}
