// Everything this folder adds to the backend, registered in one call from `buildBackend`.
import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../bus/bus.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Bench } from '../../config/bench.ts';
import type { JobService } from '../../jobs/service.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { MetaCaches } from '../../model/meta/meta-caches.ts';
import type { VirtualDocTypes } from '../../model/virtual/virtual-doctypes.ts';
import { registerAttachFile } from '../files/attach-file.ts';
import { registerFileController } from '../files/file-controller.ts';
import { registerPrivateFileRoute } from '../files/private-file-route.ts';
import { registerRemoveAttach } from '../files/remove-attach.ts';
import { registerUploadFile } from '../files/upload-file.ts';
import { registerMultipart } from '../files/upload-state.ts';
import { registerAppMethods } from '../methods/app-methods.ts';
import { registerClientReadMethods } from '../methods/client-read-methods.ts';
import { registerClientWriteMethods } from '../methods/client-write-methods.ts';
import { registerDocMethodMethods } from '../methods/doc-method-methods.ts';
import { registerJobMethods } from '../methods/job-methods.ts';
import { registerPasswordMethods } from '../methods/password-methods.ts';
import { registerRealtimeMethods } from '../methods/realtime-methods.ts';
import { registerReportviewMethods } from '../methods/reportview-methods.ts';
import { registerSearchMethods } from '../methods/search-methods.ts';
import { registerShareMethods } from '../methods/share-methods.ts';
import { registerTreeviewMethods } from '../methods/treeview-methods.ts';
import { registerUserMethods } from '../methods/user-methods.ts';
import type { MethodRegistry } from '../methods.ts';
import { createModelServices, type ModelServices } from './model-services.ts';
import { OpenApiCache } from './openapi-cache.ts';
import { registerOpenApiRoute } from './openapi-route.ts';
import { registerResourceRoutes } from './v1-resource-routes.ts';
import { registerV2DoctypeRoutes } from './v2-doctype-routes.ts';
import { registerV2DocumentRoutes } from './v2-document-routes.ts';
import { registerV2MethodRoutes } from './v2-method-routes.ts';

/** What the API needs from the backend. */
export interface ApiOptions {
  bench: Bench;
  cache: Cache;
  bus: Bus;
  methods: MethodRegistry;
  metas?: MetaCaches | undefined;
  controllers?: ControllerRegistry | undefined;
  jobs?: JobService | undefined;
  virtualDocTypes?: VirtualDocTypes | undefined;
  /** The process's model services when its runtime made them (apps' methods use the same); else made here. */
  model?: ModelServices | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The document engine's services (metas, controllers) this backend uses. */
    model: ModelServices;
  }
}

/**
 * Adds the Frappe REST API to a backend: v1 resources, v2 documents and doctypes, the standard whitelisted
 * methods (`frappe.client.*`, search, realtime checks, `upload_file`), private files, `/api/openapi.json`.
 * Keeps the meta caches it makes in step with other processes while the app runs (given ones are their maker's).
 */
export function registerApi(app: FastifyInstance, options: ApiOptions): ModelServices {
  const model = options.model ?? createModelServices(options);
  const openApi = new OpenApiCache();
  app.decorate('model', model);
  const stops: Array<() => Promise<void>> = [];
  // Whoever makes the meta caches keeps them in step: a runtime that hands its own listens for the whole process.
  const ownsMetas = !options.model && !options.metas;
  app.addHook('onReady', async () => {
    if (ownsMetas) stops.push(await model.metas.listen());
    stops.push(await openApi.listen(options.bus));
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled(stops.splice(0).map((stop) => stop()));
  });

  registerMultipart(app, options.bench);
  registerFileController(model.controllers, options.bench);
  registerResourceRoutes(app, model);
  registerV2DocumentRoutes(app, model);
  registerV2DoctypeRoutes(app, model);
  registerV2MethodRoutes(app, options.methods, model);
  registerOpenApiRoute(app, model, openApi, options.methods);
  registerPrivateFileRoute(app, model, options.bench);

  const { methods } = options;
  registerClientReadMethods(methods, model);
  registerClientWriteMethods(methods, model);
  registerReportviewMethods(methods, model);
  registerDocMethodMethods(methods, model);
  registerSearchMethods(methods, model);
  registerRealtimeMethods(methods, model);
  registerUserMethods(methods, model);
  registerShareMethods(methods, model);
  registerTreeviewMethods(methods, model);
  registerPasswordMethods(methods, model);
  registerUploadFile(methods, model, options.bench);
  registerAttachFile(methods, model, options.bench);
  registerRemoveAttach(methods, model);
  registerJobMethods(methods, model);
  registerAppMethods(methods);
  return model;
}
