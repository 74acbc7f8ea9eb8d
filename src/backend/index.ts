// The backend's public surface: build/start the app server, add methods and routes, throw catalogue errors.

export * from '../errors/index.ts';
export { type BackendOptions, type BackendServices, buildBackend } from './app.ts';
export { type Args, collectArguments } from './arguments.ts';
export { renderError, v1ErrorBody, v2ErrorBody } from './error-render.ts';
export {
  type ArgsOf,
  callMethod,
  defaultHttpMethods,
  type HttpMethod,
  type MethodHandler,
  type MethodOptions,
  MethodRegistry,
  type ParamSpec,
  type ParamType,
} from './methods.ts';
export { RequestContext, unsafeHttpMethods } from './request-context.ts';
export { contextOf } from './request-state.ts';
export { runInContext, v1Reply } from './run-in-context.ts';
export { type RunningBackend, startBackend } from './server.ts';
export { toFrappeError } from './to-frappe-error.ts';
