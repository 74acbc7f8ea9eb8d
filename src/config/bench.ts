import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { envOverrides } from './env.ts';
import { ConfigError } from './errors.ts';
import { type CommonConfig, commonConfigSchema, type SiteConfig, siteConfigSchema } from './schema.ts';

/** Where the bench's `sites/` folder is: `--sites-path`, else `SITES_PATH`, else `./sites`. */
export function resolveSitesPath(explicit?: string): string {
  return resolve(explicit ?? process.env.SITES_PATH ?? 'sites');
}

/** A site name is a host name: letters, digits, dots and dashes; no path tricks. */
export function isValidSiteName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(name) && !name.includes('..');
}

/**
 * The bench layout of docs/wire.md §1: `sites/common_site_config.json`, `sites/<site>/site_config.json`,
 * `sites/currentsite.txt`, `sites/assets`. Reads are validated; writes are atomic (rename).
 */
export class Bench {
  readonly sitesPath: string;

  constructor(sitesPath?: string) {
    this.sitesPath = resolveSitesPath(sitesPath);
  }

  get commonConfigPath(): string {
    return join(this.sitesPath, 'common_site_config.json');
  }
  get assetsPath(): string {
    return join(this.sitesPath, 'assets');
  }
  sitePath(site: string): string {
    return join(this.sitesPath, site);
  }
  siteConfigPath(site: string): string {
    return join(this.sitesPath, site, 'site_config.json');
  }

  /** Creates `sites/` and an empty common config when missing. */
  ensure(): void {
    mkdirSync(this.sitesPath, { recursive: true });
    if (!existsSync(this.commonConfigPath)) writeJsonAtomic(this.commonConfigPath, {});
  }

  /** The common config with environment overrides applied on top. */
  commonConfig(): CommonConfig {
    const raw = readJsonObject(this.commonConfigPath, true);
    return parseWith(commonConfigSchema, { ...raw, ...envOverrides() }, this.commonConfigPath);
  }

  /** One site's effective config: common, then the site's own file, then environment overrides. */
  siteConfig(site: string): SiteConfig {
    const path = this.siteConfigPath(site);
    if (!this.hasSite(site)) throw new SiteNotFoundError(site);
    const common = readJsonObject(this.commonConfigPath, true);
    parseWith(commonConfigSchema, common, this.commonConfigPath);
    const own = parseWith(siteConfigSchema, readJsonObject(path, false), path);
    return parseWith(siteConfigSchema, { ...common, ...own, ...envOverrides() }, path);
  }

  /** The site's own `site_config.json`, as written (no common config, no environment, not validated). */
  ownSiteConfig(site: string): Record<string, unknown> {
    if (!this.hasSite(site)) throw new SiteNotFoundError(site);
    return readJsonObject(this.siteConfigPath(site), false);
  }

  /** Whether `sites/<site>/site_config.json` is a file (a name of a file under `sites/` is no site). */
  hasSite(site: string): boolean {
    return isValidSiteName(site) && statFile(this.siteConfigPath(site)) !== undefined;
  }

  /** Every folder under `sites/` that holds a `site_config.json`, sorted. */
  listSites(): string[] {
    if (!existsSync(this.sitesPath)) return [];
    return readdirSync(this.sitesPath, { withFileTypes: true })
      .filter((e) => e.isDirectory() && this.hasSite(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** The default site: `sites/currentsite.txt`, else `default_site` in the common config. */
  defaultSite(): string | undefined {
    const file = join(this.sitesPath, 'currentsite.txt');
    const current = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    return current || this.commonConfig().default_site;
  }

  setDefaultSite(site: string): void {
    writeFileAtomic(join(this.sitesPath, 'currentsite.txt'), `${site}\n`, 0o644);
  }

  /** Sets keys in the common config (validated before anything is written). */
  updateCommonConfig(patch: Record<string, unknown>): void {
    const next = { ...readJsonObject(this.commonConfigPath, true), ...patch };
    parseWith(commonConfigSchema, next, this.commonConfigPath);
    writeJsonAtomic(this.commonConfigPath, next);
  }

  /** Sets keys in a site's config (validated before anything is written). */
  updateSiteConfig(site: string, patch: Record<string, unknown>): void {
    const path = this.siteConfigPath(site);
    const next = { ...readJsonObject(path, true), ...patch };
    parseWith(siteConfigSchema, next, path);
    writeJsonAtomic(path, next);
  }
}

/**
 * The file's stats, or undefined when it is not a regular file: missing, a folder, or under a path whose
 * parent is a file (`sites/currentsite.txt/site_config.json` fails with ENOTDIR, not ENOENT).
 */
export function statFile(path: string): Stats | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The site named by a request or command does not exist in this bench. */
export class SiteNotFoundError extends Error {
  override name = 'SiteNotFoundError';
  constructor(readonly site: string) {
    super(`${site} does not exist`);
  }
}

function readJsonObject(path: string, optional: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (optional) return {};
    throw new ConfigError(path, '(file)', 'missing');
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, '(file)', `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(path, '(file)', 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, source: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigError(source, issue.path.join('.') || '(root)', issue.message);
}

/**
 * Writes `text` to a temp file created with `mode` (a stale temp file is replaced, never reused with its old
 * mode), flushes it to disk, then renames it over `path`: readers see the old or the new file, never half.
 */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Writes a config file atomically, readable by its owner only (0600): site and common configs hold database
 * passwords and the encryption key.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 1)}\n`, 0o600);
}
