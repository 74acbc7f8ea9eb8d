// The document engine's process-wide pieces, as the backend holds them: the meta caches of every site and
// the controller registry.
import { type FieldCipher, fieldCipher, siteFieldCipher } from '../../auth/field-encryption.ts';
import type { Bus } from '../../bus/bus.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Bench } from '../../config/bench.ts';
import { coreControllers } from '../../core/controllers/index.ts';
import { docServices } from '../../jobs/doc-services.ts';
import { registerRqJobDocType } from '../../jobs/rq-job/rq-job-doctype.ts';
import type { JobService } from '../../jobs/service.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { DocServices } from '../../model/doc-services.ts';
import { MetaCaches } from '../../model/meta/meta-caches.ts';
import { VirtualDocTypes } from '../../model/virtual/virtual-doctypes.ts';

/** What the API layer needs from the model besides a request's transaction. */
export interface ModelServices {
  /** Every site's DocType metas, kept in step with other processes through the bus. */
  metas: MetaCaches;
  /** Controller hooks and whitelisted document methods. */
  controllers: ControllerRegistry;
  /** A site's Password-field cipher; `key` is the site's `encryption_key` as already read (generated when absent). */
  cipher(site: string, key: string | undefined): FieldCipher;
  /** The virtual DocTypes every request's document context serves (RQ Job, apps' virtual DocTypes). */
  virtualDocTypes: VirtualDocTypes;
  /** The process's job service (job methods), when the backend was given one. */
  jobs?: JobService | undefined;
  /** The cache, bus, job queue and app function names every document context carries (`DocContext.services`). */
  services: DocServices;
}

/** What `createModelServices` is built from; given `metas`/`controllers` are used as they are. */
export interface ModelServicesOptions {
  cache: Cache;
  bus: Bus;
  metas?: MetaCaches | undefined;
  controllers?: ControllerRegistry | undefined;
  /** Where a site without an `encryption_key` gets one written; without it such a site cannot keep secrets. */
  bench?: Bench | undefined;
  jobs?: JobService | undefined;
  /** The process's virtual DocTypes; without it, a registry serving RQ Job from `jobs` (when given). */
  virtualDocTypes?: VirtualDocTypes | undefined;
  /** The dotted path of an app's exported function (the app loader's map), for `enqueue(fn)`. */
  pathOf?: ((fn: unknown) => string | undefined) | undefined;
}

/**
 * The backend's model services: one MetaCaches per process (invalidated through the shared cache and bus),
 * one ControllerRegistry (by default with the core controllers: saving a DocType document defines a DocType).
 *
 * @example const model = createModelServices({ cache, bus }); model.metas.forSite('a.localhost');
 */
export function createModelServices(options: ModelServicesOptions): ModelServices {
  const make = (site: string, key: string | undefined): FieldCipher => {
    if (options.bench) return siteFieldCipher(options.bench, site, key);
    if (key) return fieldCipher(key);
    throw new Error(`${site} has no encryption_key`);
  };
  // Every request's document context takes its site's cipher: made once per site and key.
  const ciphers = new Map<string, { key: string; cipher: FieldCipher }>();
  return {
    metas: options.metas ?? new MetaCaches({ cache: options.cache, bus: options.bus }),
    controllers: options.controllers ?? coreControllers(),
    virtualDocTypes: options.virtualDocTypes ?? ownVirtualDocTypes(options.jobs),
    jobs: options.jobs,
    services: docServices({
      cache: options.cache,
      bus: options.bus,
      jobs: options.jobs,
      pathOf: options.pathOf,
    }),
    cipher: (site, key) => {
      const known = ciphers.get(site);
      if (key && known?.key === key) return known.cipher;
      const cipher = make(site, key);
      if (key) ciphers.set(site, { key, cipher });
      return cipher;
    },
  };
}

function ownVirtualDocTypes(jobs: JobService | undefined): VirtualDocTypes {
  const registry = new VirtualDocTypes();
  if (jobs) registerRqJobDocType(registry, jobs);
  return registry;
}
