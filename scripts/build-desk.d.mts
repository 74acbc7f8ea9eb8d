// Types of scripts/build-desk.mjs, for TypeScript callers (`cortado start`, the desk tests).

export interface DeskBuildResult {
  /** Whether `<assetsPath>/desk` was (re)written. */
  built: boolean;
  /** Hash of the desk's sources and toolchain that names this build. */
  hash: string;
  /** The desk folder: `<assetsPath>/desk`. */
  dir: string;
}

/** Hash of the desk's sources, this script and the toolchain versions. */
export function deskSourceHash(): string;

/**
 * Makes `<assetsPath>/desk` hold the current desk build (building with Vite, or copying a cached build).
 *
 * @example await buildDesk(bench.assetsPath);
 */
export function buildDesk(
  assetsPath: string,
  options?: { force?: boolean; log?: (message: string) => void },
): Promise<DeskBuildResult>;

/** Bytes the browser downloads for manifest `entries` and their static imports (raw, gzip, brotli). */
export function bundleSizes(
  deskDir: string,
  entries: string[],
): { files: string[]; raw: number; gzip: number; brotli: number };

/** Modules outside desk/ that the desk imports (shared with the server), relative to the repository. */
export const sharedSources: readonly string[];
