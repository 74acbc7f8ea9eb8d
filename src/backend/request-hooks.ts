import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { LoginRateLimiter } from '../auth/login-rate-limit.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { Bus } from '../bus/bus.ts';
import type { Database } from '../db/database.ts';
import {
  AuthenticationError,
  DoesNotExistError,
  IncorrectSitePath,
  SessionStopped,
  siteNameHint,
} from '../errors/index.ts';
import { collectArguments, isJsonContentType } from './arguments.ts';
import { clearSessionCookies } from './auth-cookies.ts';
import { authenticate } from './authenticate.ts';
import { parseCookies } from './cookies.ts';
import { renderError } from './error-render.ts';
import { RequestContext } from './request-context.ts';
import { pathOf } from './request-state.ts';
import type { SiteRegistry } from './site-registry.ts';
import { siteOf } from './site-resolver.ts';
import { toFrappeError } from './to-frappe-error.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

/** What the per-request hooks need. */
export interface RequestHookDeps {
  sites: SiteRegistry;
  sessions: SessionStore;
  limiter: LoginRateLimiter;
  databases: { get(site: string): Database };
  bus: Bus;
  proxies: TrustedProxies;
  /** `closing` once the server is shutting down: responses then close their connection. */
  lifecycle?: { readonly closing: boolean };
}

const loginPath = /^\/api\/(?:v[12]\/)?method\/login\/*$/;

/**
 * The request lifecycle: resolve the site (onRequest), build the context and authenticate once the body
 * is parsed (preHandler), put the context's cookies on whatever reply goes out and make sure no transaction
 * outlives its request (onSend), and render every error and unknown route through the catalogue.
 */
export function installRequestHooks(app: FastifyInstance, deps: RequestHookDeps): void {
  const { sites, sessions, limiter, databases, bus, proxies } = deps;
  app.decorateRequest('site', null);
  app.decorateRequest('ctx', null);
  // Asked before each commit: maintenance may begin while a request runs (a move or restore starting), and
  // then its writes must be refused, not acknowledged and lost.
  const writable = (site: string) => sites.get(site)?.maintenance === 'off';

  // Hooks that need no await are callback-style: Fastify runs those without a promise per hook and request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config?.site === false) return done();
    const { site, source, valid } = siteOf(request.headers);
    const handle = valid ? sites.get(site) : undefined;
    if (!handle) {
      request.log.warn(
        { site, source, host: request.headers.host?.slice(0, 255), hint: siteNameHint },
        'unknown site',
      );
      return done(new IncorrectSitePath(site));
    }
    if (debugEnabled(request.log)) request.log.debug({ site, source }, 'site resolved');
    request.site = handle;
    if (handle.maintenance === 'stopped')
      return done(
        new SessionStopped('The system is being updated. Please refresh again after a few moments.'),
      );
    done();
  });

  // Callback-style too: authenticate answers most requests without a promise (see authenticate.ts).
  app.addHook('preHandler', (request, _reply, done) => {
    const site = request.site;
    if (!site) return done();
    const peer = request.socket.remoteAddress;
    const args = collectArguments({
      json: isJsonContentType(request.headers['content-type']),
      body: request.body,
      query: request.query,
    });
    const ctx = new RequestContext({
      requestId: String(request.id),
      site: site.name,
      config: site.config,
      siteDb: databases.get(site.name),
      bus,
      method: request.method,
      path: pathOf(request),
      ip: proxies.clientIp(peer, request.headers['x-forwarded-for']),
      secure: proxies.scheme(peer, request.headers['x-forwarded-proto']) === 'https',
      args,
      log: request.log,
      sessionExpiry: site.sessionExpiry,
      loginFailureLimit: site.loginFailureLimit,
      readOnly: site.maintenance === 'read-only',
      writable,
    });
    request.ctx = ctx;
    // A synchronous throw here (bad arguments or credentials) is caught by Fastify and rendered like a rejection.
    const pending = authenticate(
      ctx,
      { sessions, limiter },
      {
        authorization: header(request.headers.authorization),
        cookieSid: cookieSid(request.headers.cookie),
        csrfHeader: header(request.headers['x-frappe-csrf-token']),
        isLogin: loginPath.test(ctx.path) || (ctx.path === '/' && args.cmd === 'login'),
      },
    );
    if (pending) pending.then(() => done(), done);
    else done();
  });

  // Also the request's last word (no onResponse hook: one more hook per request costs as much as the two
  // things it would do): the reply is decided here, so a transaction its route left open is rolled back, and the
  // debug request line is written.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // A shutting-down server closes keep-alive connections after their current response, politely.
    if (deps.lifecycle?.closing) reply.header('connection', 'close');
    const ctx = request.ctx;
    const cookies = ctx?.cookies.headers();
    if (cookies?.length) {
      const existing = reply.getHeader('set-cookie');
      const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
      reply.header('set-cookie', [...before, ...cookies]);
    }
    // Routes end their transaction through runInContext; this only catches one that did not.
    if (ctx?.db.opened)
      ctx.db
        .end(false)
        .catch((error: unknown) => ctx.log.error({ err: error }, 'rollback after reply failed'));
    // The request line is debug: when that is off, make neither the line nor the context's child logger.
    if (debugEnabled(request.log))
      (ctx?.log ?? request.log).debug(
        {
          method: request.method,
          path: pathOf(request),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    done(null, payload);
  });

  app.setNotFoundHandler(async () => {
    throw new DoesNotExistError('The resource you are looking for is not available');
  });

  app.setErrorHandler(async (error, request, reply) => {
    const rendered = toFrappeError(error);
    const ctx = request.ctx;
    const log = ctx?.log ?? request.log;
    if (rendered.status >= 500) log.error({ err: error, path: pathOf(request) }, 'request failed');
    else
      log.info(
        { excType: rendered.excType, status: rendered.status, path: pathOf(request) },
        rendered.message,
      );
    // Exactly AuthenticationError, as Frappe: a failed login or bad credentials also end the browser's session.
    if (ctx && rendered.constructor === AuthenticationError) clearSessionCookies(ctx);
    return renderError(
      reply,
      {
        path: pathOf(request),
        accept: header(request.headers.accept),
        xRequestedWith: header(request.headers['x-requested-with']),
      },
      rendered,
      ctx?.response,
    );
  });
}

function debugEnabled(log: FastifyBaseLogger): boolean {
  return log.level === 'debug' || log.level === 'trace';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function cookieSid(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader?.includes('sid=')) return undefined;
  return parseCookies(cookieHeader).sid;
}
