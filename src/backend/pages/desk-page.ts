import { escapeHtml, htmlDocument, jsonForScript } from '../html.ts';

/** What the desk shell hands to the browser at boot (Frappe's `frappe.boot`, the part Cortado has so far). */
export interface BootData {
  user: string;
  full_name: string;
  site: string;
  csrf_token: string;
  user_type: string;
}

/**
 * The `/app` shell: boot data as escaped JSON, and a minimal live page that connects Socket.IO to the
 * site's namespace and shows the connection state. The real desk replaces the body later.
 */
export function deskPage(boot: BootData): string {
  const body = `<main>
<h1>Cortado</h1>
<p>Logged in as <strong>${escapeHtml(boot.full_name)}</strong> (${escapeHtml(boot.user)}) on ${escapeHtml(boot.site)}.</p>
<p>Realtime: <output id="realtime-state" aria-live="polite">connecting…</output></p>
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
