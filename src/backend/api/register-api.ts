// Everything this folder adds to the backend, registered in one call from `buildBackend`.
import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../bus/bus.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Bench } from '../../config/bench.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { MetaCaches } from '../../model/meta/meta-caches.ts';
import type { MethodRegistry } from '../methods.ts';
import { createModelServices, type ModelServices } from './model-services.ts';
import { registerResourceRoutes } from './v1-resource-routes.ts';

/** What the API needs from the backend. */
export interface ApiOptions {
  bench: Bench;
  cache: Cache;
  bus: Bus;
  methods: MethodRegistry;
  metas?: MetaCaches | undefined;
  controllers?: ControllerRegistry | undefined;
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
 * Keeps the meta caches in step with other processes while the app runs.
 */
export function registerApi(app: FastifyInstance, options: ApiOptions): ModelServices {
  const model = createModelServices(options);
  app.decorate('model', model);
  let stopListening: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopListening = await model.metas.listen();
  });
  app.addHook('onClose', async () => {
    await stopListening?.();
  });
  registerResourceRoutes(app, model);
  return model;
}
