// Generated OpenAPI documents, kept per site and permission profile until the site's metas change.
import type { Bus } from '../../bus/bus.ts';
import { metaInvalidateChannel } from '../../model/meta/meta-cache.ts';

/** How long a document is trusted without a meta-change message (pub/sub may lose one). */
export const openApiTtlMs = 60_000;
const maxEntries = 200;

/**
 * Serialised OpenAPI documents by site and key. Dropped for a site when any process announces a meta change
 * on `meta_invalidate`, and after `openApiTtlMs` regardless.
 *
 * @example const text = await cache.get(site, roles, () => JSON.stringify(buildOpenApi(metas, info)));
 */
export class OpenApiCache {
  readonly #entries = new Map<string, { site: string; at: number; text: Promise<string> }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The cached text for (site, key), or what `build` makes (once, however many ask at the same time). */
  get(site: string, key: string, build: () => Promise<string>): Promise<string> {
    const id = `${site}\x1f${key}`;
    const hit = this.#entries.get(id);
    if (hit && this.#now() - hit.at < openApiTtlMs) return hit.text;
    const text = build();
    this.#entries.set(id, { site, at: this.#now(), text });
    text.catch(() => this.#entries.delete(id));
    if (this.#entries.size > maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return text;
  }

  /** Forgets a site's documents (every site's when omitted). */
  forget(site?: string): void {
    for (const [id, entry] of this.#entries)
      if (site === undefined || entry.site === site) this.#entries.delete(id);
  }

  /** Listens for meta changes on the bus; resolves to the unsubscriber. */
  listen(bus: Bus): Promise<() => Promise<void>> {
    return bus.subscribe(metaInvalidateChannel, (message) => {
      try {
        const site = (JSON.parse(message) as { site?: unknown }).site;
        this.forget(typeof site === 'string' ? site : undefined);
      } catch {
        this.forget();
      }
    });
  }
}
