// The document context's process services as jobs, the backend and the CLI fill them in: the cache, the bus,
// `enqueue` through this process's job service, and the app loader's function names.
import type { Bus } from '../bus/bus.ts';
import type { Cache } from '../cache/cache.ts';
import type { DocServices } from '../model/doc-services.ts';
import { enqueue } from './enqueue.ts';
import type { JobService } from './service.ts';

/** What `docServices` is made of; without `jobs` the context cannot enqueue. */
export interface DocServicesInit {
  cache: Cache;
  bus: Bus;
  jobs?: JobService | undefined;
  pathOf?: ((fn: unknown) => string | undefined) | undefined;
}

/**
 * The services every document context of this process carries (one object, made once per process).
 *
 * @example createDocContext({ ..., services: docServices({ cache, bus, jobs }) })
 */
export function docServices(init: DocServicesInit): DocServices {
  const { jobs } = init;
  return {
    cache: init.cache,
    bus: init.bus,
    pathOf: init.pathOf,
    enqueue: jobs
      ? async ({ site, user, db, method, options }) => {
          const result = await enqueue({ site, user, db, jobs }, method, options);
          return result.status === 'ran'
            ? { status: 'ran', result: result.result }
            : { status: result.status, id: 'id' in result ? result.id : undefined };
        }
      : undefined,
  };
}
