// Rule 5: `sites/<site>/public/<path>` is served when it exists, else the request goes to the
// backend. Checking the disk on every backend request would cost a syscall round trip on the hot
// path, so the router remembers for a moment whether the path's first segment exists: `/api/...`
// or `/app/...` never do, and those requests skip the disk entirely.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

const TTL_MS = 2000;
const MAX_ENTRIES = 4096;

/**
 * Finds candidates for rule 5 under a sites folder.
 *
 * @example const files = new PublicFiles('./sites'); const path = await files.candidate('erp.example.com', '/files/logo.png');
 */
export class PublicFiles {
  readonly #sitesPath: string;
  readonly #segments = new Map<string, { exists: boolean; until: number }>();

  constructor(sitesPath: string) {
    this.#sitesPath = sitesPath;
  }

  /**
   * The absolute path to try for `path` (normalised, starting with `/`) of `site`, or undefined when
   * no file can be there. Synchronous when the answer is remembered (the hot path), a promise when
   * the disk must be asked. A new top-level entry in `public/` is noticed within 2 s.
   */
  candidate(site: string, path: string): string | undefined | Promise<string | undefined> {
    const slash = path.indexOf('/', 1);
    const segment = slash < 0 ? path.slice(1) : path.slice(1, slash);
    if (segment === '') return undefined;
    const key = `${site}/${segment}`;
    const entry = this.#segments.get(key);
    if (entry && entry.until >= Date.now()) return entry.exists ? this.#path(site, path) : undefined;
    return stat(join(this.#sitesPath, site, 'public', segment)).then(
      () => {
        this.#remember(key, true);
        return this.#path(site, path);
      },
      () => {
        this.#remember(key, false);
        return undefined;
      },
    );
  }

  #remember(key: string, exists: boolean): void {
    // Keys come from Host headers and URLs: keep the memory bounded under hostile input.
    if (this.#segments.size >= MAX_ENTRIES) this.#segments.clear();
    this.#segments.set(key, { exists, until: Date.now() + TTL_MS });
  }

  #path(site: string, path: string): string {
    return join(this.#sitesPath, site, 'public', path);
  }
}
