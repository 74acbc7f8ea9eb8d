import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './request-context.ts';
import type { SiteHandle } from './site-registry.ts';

// What the backend attaches to Fastify's request and route config (typed here, once).
declare module 'fastify' {
  interface FastifyRequest {
    /** The resolved site; null on routes that need none (`/health`). */
    site: SiteHandle | null;
    /** The request's context, built after body parsing; null on routes that need no site. */
    ctx: RequestContext | null;
  }
  interface FastifyContextConfig {
    /** `false`: the route answers without a site (no site resolution, no context). */
    site?: boolean;
  }
}

/** The request's context; a route that needs one and has none is a programming error. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new Error(`no request context on ${request.method} ${request.routeOptions.url}`);
  return request.ctx;
}

/** The request path without its query string (the query may hold `sid` or `pwd`: never log it). */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
