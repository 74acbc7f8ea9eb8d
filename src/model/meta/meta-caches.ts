import type { Bus } from '../../bus/bus.ts';
import type { Cache } from '../../cache/cache.ts';
import { MetaCache, metaInvalidateChannel } from './meta-cache.ts';

/** Options shared by every site's meta cache in a process. */
export interface MetaCachesOptions {
  cache?: Cache | undefined;
  bus?: Bus | undefined;
  checkIntervalMs?: number | undefined;
}

/**
 * The process's meta caches, one per site, and the one bus subscription that keeps them in step with other
 * processes. Create one per process; call `listen()` once at start-up.
 *
 * @example const metas = new MetaCaches({ cache, bus }); const stop = await metas.listen(); metas.forSite('a.localhost')
 */
export class MetaCaches {
  readonly #options: MetaCachesOptions;
  readonly #sites = new Map<string, MetaCache>();

  constructor(options: MetaCachesOptions = {}) {
    this.#options = options;
  }

  /** The meta cache of `site` (created on first use). */
  forSite(site: string): MetaCache {
    let metas = this.#sites.get(site);
    if (!metas) {
      metas = new MetaCache({ site, ...this.#options });
      this.#sites.set(site, metas);
    }
    return metas;
  }

  /** Subscribes to `meta_invalidate`; resolves to the unsubscriber. Without a bus, does nothing. */
  async listen(): Promise<() => Promise<void>> {
    if (!this.#options.bus) return async () => undefined;
    return this.#options.bus.subscribe(metaInvalidateChannel, (message) => {
      const site = siteOf(message);
      if (site !== undefined) this.#sites.get(site)?.forget();
    });
  }
}

function siteOf(message: string): string | undefined {
  try {
    const data = JSON.parse(message) as { site?: unknown };
    return typeof data?.site === 'string' ? data.site : undefined;
  } catch {
    return undefined;
  }
}
