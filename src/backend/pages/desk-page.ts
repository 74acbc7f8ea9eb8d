import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadableDocType } from '../../model/permissions/readable-doctypes.ts';
import { escapeHtml, htmlDocument, jsonForScript } from '../html.ts';

/** What the desk shell hands to the browser at boot (Frappe's `frappe.boot`, the part Cortado has so far). */
export interface BootData {
  user: string;
  full_name: string;
  site: string;
  csrf_token: string;
  user_type: string;
  /** The user's roles (Frappe's `frappe.boot.user.roles`), for what the desk shows per field permlevel. */
  roles: string[];
  /** The DocTypes the user may read (Frappe's `can_read`), child tables excepted. */
  can_read: string[];
  /** The same DocTypes with their module and kind, for the desk's home (Cortado's own key). */
  readable_doctypes: ReadableDocType[];
  /** Each installed app's version, in install order (Frappe's `frappe.boot.versions`). */
  versions: Record<string, string>;
  /** The site's installed apps in install order, `frappe` first (Cortado's own key: what app desk scripts load on). */
  installed_apps: string[];
  /** The site's `developer_mode` (Frappe's `frappe.boot.developer_mode`): standard DocTypes editable in the desk. */
  developer_mode: 0 | 1;
  /** Desk scripts of the apps installed on the site (set by the apps layer's boot hook). */
  desk_scripts?: DeskScripts;
}

/** URLs of the desk scripts apps ship, by Frappe's hook names; the desk imports them when needed. */
export interface DeskScripts {
  /** Loaded on every desk page (Frappe's `app_include_js`). */
  app_include_js: string[];
  /** DocType → its form scripts (`doctype_js`, and `<dt folder>.js` beside the DocType JSON). */
  doctype_js: Record<string, string[]>;
  /** DocType → its list settings scripts (`doctype_list_js`, and `<dt folder>_list.js`). */
  doctype_list_js: Record<string, string[]>;
}

/** The built desk's tags: its entry script, the chunks it imports, its stylesheets (URLs under /assets/desk). */
export interface DeskAssets {
  script: string;
  preloads: string[];
  styles: string[];
}

const manifests = new Map<string, { stamp: string; assets: DeskAssets | undefined }>();

/**
 * The desk bundle named by `<assetsPath>/desk/manifest.json` (written by `scripts/build-desk.mjs`), or
 * undefined when the desk is not built. Re-read only when the manifest file changes (one stat a request).
 */
export function deskAssets(assetsPath: string): DeskAssets | undefined {
  const path = join(assetsPath, 'desk', 'manifest.json');
  const stat = statSync(path, { throwIfNoEntry: false });
  const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : '';
  const cached = manifests.get(path);
  if (cached && cached.stamp === stamp) return cached.assets;
  let assets: DeskAssets | undefined;
  try {
    if (stat) assets = assetsFromManifest(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    assets = undefined; // half-written or broken: the minimal page until it is rebuilt
  }
  manifests.set(path, { stamp, assets });
  return assets;
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

function assetsFromManifest(manifest: Record<string, ManifestChunk>): DeskAssets | undefined {
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) return undefined;
  const url = (file: string) => `/assets/desk/${file}`;
  const preloads = new Set<string>();
  const styles = new Set<string>(entry.css ?? []);
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || preloads.has(chunk.file)) return;
    preloads.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const key of entry.imports ?? []) visit(key);
  return { script: url(entry.file), preloads: [...preloads].map(url), styles: [...styles].map(url) };
}

/** The shell that loads the built desk: boot data, the bundle's tags and a mount point. */
function deskBundlePage(boot: BootData, assets: DeskAssets): string {
  const attr = (value: string) => escapeHtml(value);
  const head = [
    ...assets.styles.map((href) => `<link rel="stylesheet" href="${attr(href)}">`),
    ...assets.preloads.map((href) => `<link rel="modulepreload" href="${attr(href)}">`),
    `<script type="module" src="${attr(assets.script)}"></script>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cortado</title>
${head}
</head>
<body>
<div id="desk"></div>
<noscript>The desk needs JavaScript.</noscript>
<script type="application/json" id="cortado-boot">${jsonForScript(boot)}</script>
</body>
</html>
`;
}

/**
 * The `/app` shell: boot data as escaped JSON, and the built desk (`assets` from `deskAssets`) or,
 * when it is not built, a minimal live page that connects Socket.IO to the site's namespace and shows
 * the connection state.
 */
export function deskPage(boot: BootData, assets?: DeskAssets): string {
  if (assets) return deskBundlePage(boot, assets);
  const body = `<main>
<h1>Cortado</h1>
<p>Logged in as <strong>${escapeHtml(boot.full_name)}</strong> (${escapeHtml(boot.user)}) on ${escapeHtml(boot.site)}.</p>
<p>Realtime: <output id="realtime-state" aria-live="polite">connecting…</output></p>
<p id="desk-not-built">The desk is not built: run <code>npx cortado build</code> on the server, then reload.</p>
<button id="logout" type="button">Logout</button>
</main>
<script type="application/json" id="cortado-boot">${jsonForScript(boot)}</script>
<script src="/socket.io/socket.io.js"></script>
<script>
(() => {
  const boot = JSON.parse(document.getElementById('cortado-boot').textContent);
  // Frappe's desk reads frappe.csrf_token; frappe-js-sdk and frappe-ui read window.csrf_token.
  window.frappe = Object.assign(window.frappe || {}, { boot, csrf_token: boot.csrf_token });
  window.csrf_token = boot.csrf_token;
  const state = document.getElementById('realtime-state');
  const show = (text) => { state.textContent = text; };
  if (typeof io === 'function') {
    const socket = io('/' + boot.site, { withCredentials: true });
    socket.on('connect', () => show('connected'));
    socket.on('disconnect', (reason) => show('disconnected (' + reason + ')'));
    socket.on('connect_error', (error) => show('connection failed: ' + error.message));
  } else {
    show('unavailable (socket.io client not served)');
  }
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/api/method/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Frappe-CSRF-Token': boot.csrf_token },
    }).catch(() => undefined);
    location.assign('/login');
  });
})();
</script>`;
  return htmlDocument('Cortado', body);
}
