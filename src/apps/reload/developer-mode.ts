// Whether `cortado start` reloads app code on change. Frappe reads `developer_mode` from a site's config (the
// common config's keys included). App code is loaded once per process, for every site, so the process reloads
// when the common config or any one site turns developer mode on; read once at start (restart to change it).
import type { Bench } from '../../config/bench.ts';

/** True when the common config, or the config of any site of the bench, has `developer_mode` on. */
export function reloadsAppCode(bench: Bench): boolean {
  if (bench.commonConfig().developer_mode) return true;
  return bench.listSites().some((site) => {
    try {
      return Boolean(bench.siteConfig(site).developer_mode);
    } catch {
      return false; // a broken site config is that site's own error, reported where it is used
    }
  });
}
