// How large an upload may be: the site's `max_file_size`, as in Frappe.
import type { SiteConfig } from '../../config/schema.ts';

/** Frappe's default `max_file_size`: 25 MiB. */
export const defaultMaxFileSize = 25 * 1024 * 1024;

/** The site's `max_file_size` in bytes (a positive number), else the default. */
export function maxFileSizeOf(config: SiteConfig): number {
  const limit = Number(config.max_file_size);
  return Number.isFinite(limit) && limit > 0 ? limit : defaultMaxFileSize;
}
