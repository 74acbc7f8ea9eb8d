import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { createCredentialResolver, type ResolveCredentials } from '../auth/credentials.ts';
import { LoginRateLimiter } from '../auth/login-rate-limit.ts';
import { SessionStore } from '../auth/sessions.ts';
import type { Bus } from '../bus/bus.ts';
import type { Cache } from '../cache/cache.ts';
import type { Bench } from '../config/bench.ts';
import { createLogger, type Logger } from '../config/log.ts';
import type { Database } from '../db/database.ts';
import type { JobService } from '../jobs/service.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import type { MetaCaches } from '../model/meta/meta-caches.ts';
import type { VirtualDocTypes } from '../model/virtual/virtual-doctypes.ts';
import type { ModelServices } from './api/model-services.ts';
import { registerApi } from './api/register-api.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { lazyChildLoggerFactory } from './lazy-logger.ts';
import { registerAuthMethods } from './methods/auth-methods.ts';
import { MethodRegistry } from './methods.ts';
import type { BootHook } from './pages/boot-hooks.ts';
import { installRequestHooks } from './request-hooks.ts';
import { registerFaviconRoute } from './routes/favicon-route.ts';
import { registerHealthRoute } from './routes/health-route.ts';
import { registerMethodRoutes } from './routes/method-routes.ts';
import { registerPageRoutes } from './routes/page-routes.ts';
import { SiteRegistry } from './site-registry.ts';
import { TrustedProxies } from './trusted-proxies.ts';

/** What the backend is built from. */
export interface BackendOptions {
  bench: Bench;
  /** Each site's database handle (`SiteDatabases`). */
  databases: { get(site: string): Database };
  cache: Cache;
  bus: Bus;
  logger?: Logger;
  /** Peers whose `X-Forwarded-Proto`/`X-Forwarded-For` are believed (addresses or CIDRs; default loopback). */
  trustedProxies?: readonly string[];
  /** A registry holding other modules' whitelisted methods; the session methods are added to it. */
  methods?: MethodRegistry;
  /** Largest request body in bytes (default 50 MiB, frappe_docker's `CLIENT_MAX_BODY_SIZE`). */
  bodyLimit?: number;
  /** Clock for session idle expiry (tests move it instead of waiting). */
  now?: () => number;
  /** The document engine's meta caches and controllers (default: fresh ones on this cache and bus). */
  metas?: MetaCaches;
  controllers?: ControllerRegistry;
  /** Additions to the desk's boot data (apps' `boot_session`), run in order for each desk page. */
  bootHooks?: readonly BootHook[] | undefined;
  /** The process's job service: the job methods (absent: they answer 417), and `RQ Job` unless `virtualDocTypes` is given. */
  jobs?: JobService;
  /** The process's virtual DocTypes (default: one serving `RQ Job` from `jobs`). */
  virtualDocTypes?: VirtualDocTypes;
  /** The process's model services (the runtime's, shared with app methods and jobs); default: made from the above. */
  model?: ModelServices;
}

/** The services behind the HTTP layer, for modules that add routes or methods. */
export interface BackendServices {
  methods: MethodRegistry;
  sessions: SessionStore;
  sites: SiteRegistry;
  resolveCredentials: ResolveCredentials;
}

declare module 'fastify' {
  interface FastifyInstance {
    backend: BackendServices;
  }
}

const requestIdPattern = /^[\w.-]{1,64}$/;

/**
 * The backend app server (frappe_docker's gunicorn role): Fastify with site resolution, request
 * contexts, the error catalogue, whitelisted methods, sessions and the login/desk pages. More routes
 * can be added to the returned instance before it listens; they get `request.ctx` like the built-in ones.
 *
 * @example const app = buildBackend({ bench, databases, cache, bus }); await app.listen({ port: 8000 });
 */
export function buildBackend(options: BackendOptions): FastifyInstance {
  const logger = options.logger ?? createLogger('backend');
  const app: FastifyInstance = Fastify({
    // pino 10's Logger and Fastify's pino-based logger type differ only in generics.
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // One line per request is written by our onSend hook (with site), not two by Fastify.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024,
    // While closing, a request that still arrives on an open connection is served (with Connection: close), never
    // answered with Fastify's own 503 body: see startBackend's close.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    genReqId: (request) => {
      const id = request.headers['x-request-id'];
      return typeof id === 'string' && requestIdPattern.test(id) ? id : randomUUID();
    },
  });

  const sessions = new SessionStore({ cache: options.cache, now: options.now });
  const methods = options.methods ?? new MethodRegistry();
  const sites = new SiteRegistry(options.bench);
  const limiter = new LoginRateLimiter(options.cache);
  const resolveCredentials = createCredentialResolver({
    databases: options.databases,
    cache: options.cache,
    sessions,
    limiter,
  });
  registerAuthMethods(methods, { sessions, limiter });
  app.decorate('backend', { methods, sessions, sites, resolveCredentials });

  registerBodyParsers(app);
  // Set once closing starts: every response from then on says Connection: close.
  const lifecycle = { closing: false };
  app.addHook('preClose', (done) => {
    lifecycle.closing = true;
    done();
  });
  installRequestHooks(app, {
    lifecycle,
    sites,
    sessions,
    limiter,
    databases: options.databases,
    bus: options.bus,
    proxies: new TrustedProxies(options.trustedProxies),
  });
  registerHealthRoute(app);
  registerFaviconRoute(app);
  registerMethodRoutes(app, methods);
  registerPageRoutes(app, sessions, options.bench.assetsPath, options.bootHooks);
  const { bench, cache, bus, metas, controllers, jobs, virtualDocTypes, model } = options;
  registerApi(app, { bench, cache, bus, methods, metas, controllers, jobs, virtualDocTypes, model });
  return app;
}
