import type { Bus } from '../../bus/bus.ts';
import { siteOfInvalidation } from '../../bus/shared-version.ts';
import type { Cache } from '../../cache/cache.ts';
import { MetaCache, metaInvalidateChannel, userCacheChannels } from './meta-cache.ts';

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

  /**
   * Subscribes to `meta_invalidate` and each per-user cache's channel (`roles_invalidate`, ...); resolves to the
   * unsubscriber. Without a bus, does nothing.
   */
  async listen(): Promise<() => Promise<void>> {
    const { bus } = this.#options;
    if (!bus) return async () => undefined;
    const forSite = (message: string) => {
      const site = siteOfInvalidation(message);
      return site === undefined ? undefined : this.#sites.get(site);
    };
    const stops = [await bus.subscribe(metaInvalidateChannel, (message) => forSite(message)?.forget())];
    for (const channel of userCacheChannels) {
      const forget = (message: string) =>
        forSite(message)
          ?.userCaches.find((cache) => cache.channel === channel)
          ?.forget();
      stops.push(await bus.subscribe(channel, forget));
    }
    return async () => {
      for (const stop of stops) await stop();
    };
  }
}
